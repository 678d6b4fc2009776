import { describe, expect, it } from "vitest";
import { parseSettings } from "../../src/config/index.ts";
import { ConfigError } from "../../src/errors.ts";

const withRender = (render: string) => `environments:\n  - name: production\n${render}`;

describe("render.engine", () => {
  it.each([
    { name: "is builtin by default", text: withRender(""), engine: "builtin" },
    { name: "reads builtin", text: withRender("    render: { engine: builtin }\n"), engine: "builtin" },
    { name: "reads kustomize", text: withRender("    render: { engine: kustomize }\n"), engine: "kustomize" },
  ])("$name", ({ text, engine }) => {
    const settings = parseSettings(text);

    expect(settings.environments[0]?.render).toEqual({ engine });
  });

  it.each([
    { name: "refuses an unknown engine", render: "    render: { engine: helm }\n", issue: /environments\[0\]\.render\.engine/ },
    { name: "refuses a binary path in the repository's settings (the server's environment names it)", render: "    render: { engine: kustomize, binary: /bin/sh }\n", issue: /unknown key "binary"/ },
  ])("$name", ({ render, issue }) => {
    const error = (() => {
      try {
        parseSettings(withRender(render));
      } catch (e) {
        return e;
      }
      return undefined;
    })() as ConfigError;

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => `${i.path}: ${i.message}`).join("\n")).toMatch(issue);
  });
});
