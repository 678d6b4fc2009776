import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Conformance and e2e tests drive real kubectl, git and HTTP servers.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
