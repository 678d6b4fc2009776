// Lint rules that keep the core pure: STYLE.md §2 forbids I/O, clocks and
// environment access under src/core, so the renderer, diff, policy and plan stay
// deterministic functions of their inputs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["node_modules/**", "coverage/**", "dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-throw-literal": "error",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["fs", "node:fs", "fs/promises", "node:fs/promises", "child_process", "node:child_process", "net", "node:net", "http", "node:http", "https", "node:https", "probot", "@kubernetes/client-node"],
          patterns: ["@octokit/*", "**/adapters/**", "**/workflows/**"],
        },
      ],
      "no-restricted-globals": ["error", "process", "fetch", "setTimeout", "setInterval"],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "time comes in through the Clock port" },
        { object: "Math", property: "random", message: "core output must be deterministic" },
        { object: "console", property: "log", message: "core does not log" },
      ],
    },
  },
);
