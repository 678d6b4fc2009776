import { describe, expect, it } from "vitest";
import { decodeTreeText, resolveTreeLinks } from "../../../src/core/tree/index.ts";

const LINKS = new Map([
  ["app/shared", "../common"],
  ["app/config", "../.git/config"],
  ["loop/a", "b"],
  ["loop/b", "a"],
  ["abs", "/etc/passwd"],
  ["up", "../outside.yaml"],
  ["c/d", "e/f"],
  ["c/e", "../g"],
]);

describe("resolveTreeLinks", () => {
  it.each([
    { name: "leaves a path without links as it is", path: "plain/file.yaml", expected: "plain/file.yaml" },
    { name: "follows a linked directory to its target", path: "app/shared/cm.yaml", expected: "common/cm.yaml" },
    { name: "follows a link whose target passes through another link", path: "c/d/z", expected: "g/f/z" },
    { name: "refuses a link into .git", path: "app/config", expected: undefined },
    { name: "refuses an absolute target", path: "abs", expected: undefined },
    { name: "refuses a target above the root", path: "up", expected: undefined },
    { name: "refuses a loop", path: "loop/a", expected: undefined },
  ])("$name", ({ path, expected }) => {
    expect(resolveTreeLinks(path, LINKS)).toBe(expected);
  });
});

describe("decodeTreeText", () => {
  it("keeps a BOM and decodes UTF-8", () => {
    expect(decodeTreeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x63, 0x61, 0x66, 0xc3, 0xa9]), "a.yaml")).toBe("\ufeffcafé");
  });

  it.each([
    { name: "a Latin-1 byte", bytes: [0x63, 0x61, 0x66, 0xe9, 0x0a], at: 3 },
    { name: "a truncated sequence at the end", bytes: [0x61, 0xe2, 0x82], at: 1 },
    { name: "an overlong encoding", bytes: [0x61, 0x62, 0xc0, 0xaf], at: 2 },
    { name: "an encoded surrogate", bytes: [0xed, 0xa0, 0x80], at: 0 },
  ])("refuses $name, naming the file and the byte", ({ bytes, at }) => {
    expect(() => decodeTreeText(Uint8Array.from(bytes), "base/cm.yaml")).toThrow(`"base/cm.yaml" is not valid UTF-8 (byte ${at})`);
  });
});
