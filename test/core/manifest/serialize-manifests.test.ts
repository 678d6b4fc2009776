import { describe, expect, it } from "vitest";
import { RenderError } from "../../../src/errors.ts";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/index.ts";
import { serializeManifest, serializeManifests } from "../../../src/core/manifest/index.ts";

const cm = (extra: Record<string, JsonValue>): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, ...extra });
const HEAD = "apiVersion: v1\n";
const TAIL = "kind: ConfigMap\nmetadata:\n  name: a\n";

/** Returns how the value of key `data` prints (the lines between apiVersion and kind). */
function printData(value: JsonValue): string {
  const out = serializeManifest(cm({ data: value }));
  return out.slice(HEAD.length, out.length - TAIL.length);
}

describe("serializeManifests scalars (go-yaml v2 quoting, as kubectl kustomize prints)", () => {
  it.each`
    name                                               | value                      | expected
    ${"prints a plain word as is"}                     | ${"web"}                   | ${"data: web\n"}
    ${"quotes a YAML 1.1 boolean word"}                | ${"yes"}                   | ${'data: "yes"\n'}
    ${"quotes y"}                                      | ${"y"}                     | ${'data: "y"\n'}
    ${"quotes a number-looking string"}                | ${"80"}                    | ${'data: "80"\n'}
    ${"quotes an octal-looking string"}                | ${"0777"}                  | ${'data: "0777"\n'}
    ${"quotes a float-looking string"}                 | ${"1e3"}                   | ${'data: "1e3"\n'}
    ${"quotes null words"}                             | ${"null"}                  | ${'data: "null"\n'}
    ${"quotes the empty string"}                       | ${""}                      | ${'data: ""\n'}
    ${"quotes a date"}                                 | ${"2001-12-14"}            | ${'data: "2001-12-14"\n'}
    ${"quotes a base-60 lookalike"}                    | ${"1:20"}                  | ${'data: "1:20"\n'}
    ${"leaves a version string plain"}                 | ${"1.2.3"}                 | ${"data: 1.2.3\n"}
    ${"single-quotes ': '"}                            | ${"a: b"}                  | ${"data: 'a: b'\n"}
    ${"single-quotes ' #'"}                            | ${"a #b"}                  | ${"data: 'a #b'\n"}
    ${"leaves a#b plain"}                              | ${"a#b"}                   | ${"data: a#b\n"}
    ${"single-quotes a leading indicator"}             | ${"*x"}                    | ${"data: '*x'\n"}
    ${"doubles single quotes inside single quotes"}    | ${"'x'"}                   | ${"data: '''x'''\n"}
    ${"single-quotes leading spaces"}                  | ${" x"}                    | ${"data: ' x'\n"}
    ${"double-quotes a tab"}                           | ${"a\tb"}                  | ${'data: "a\\tb"\n'}
    ${"escapes an emoji"}                              | ${"😀"}                    | ${'data: "\\U0001F600"\n'}
    ${"leaves accented text plain"}                    | ${"héllo ✓"}               | ${"data: héllo ✓\n"}
    ${"escapes everything after a leading BOM"}        | ${"\ufeffx"}               | ${'data: "\\uFEFF\\x78"\n'}
    ${"prints a literal block with clip"}              | ${"a\nb\n"}                | ${"data: |\n  a\n  b\n"}
    ${"prints a literal block with strip"}             | ${"a\nb"}                  | ${"data: |-\n  a\n  b\n"}
    ${"prints a literal block with keep"}              | ${"a\n\n"}                 | ${"data: |+\n  a\n\n"}
    ${"adds an indentation hint for a leading space"}  | ${" a\nb\n"}               | ${"data: |2\n   a\n  b\n"}
    ${"double-quotes lines with trailing spaces"}      | ${"a \nb\n"}               | ${'data: "a \\nb\\n"\n'}
    ${"prints integers"}                               | ${42}                      | ${"data: 42\n"}
    ${"prints integral floats as integers"}            | ${1000.0}                  | ${"data: 1000\n"}
    ${"prints negative zero as 0"}                     | ${-0}                      | ${"data: 0\n"}
    ${"prints big floats in %g form"}                  | ${1e21}                    | ${"data: 1e+21\n"}
    ${"prints small floats with a two-digit exponent"} | ${1.5e-7}                  | ${"data: 1.5e-07\n"}
    ${"prints 1e-05 in exponent form"}                 | ${0.00001}                 | ${"data: 1e-05\n"}
    ${"prints 0.0001 in decimal form"}                 | ${0.0001}                  | ${"data: 0.0001\n"}
    ${"prints 1234567.5 in exponent form"}             | ${1234567.5}               | ${"data: 1.2345675e+06\n"}
    ${"prints booleans"}                               | ${true}                    | ${"data: true\n"}
    ${"prints null"}                                   | ${null}                    | ${"data: null\n"}
    ${"prints an empty map in flow style"}             | ${{}}                      | ${"data: {}\n"}
    ${"prints an empty list in flow style"}            | ${[]}                      | ${"data: []\n"}
  `("$name", ({ value, expected }) => {
    const printed = printData(value as JsonValue);

    expect(printed).toBe(expected);
  });
});

describe("serializeManifests structure", () => {
  it.each`
    name                                                   | value                                   | expected
    ${"does not indent a sequence under a key"}            | ${["a", "b"]}                           | ${"data:\n- a\n- b\n"}
    ${"puts a mapping item on the dash line"}              | ${[{ b: 1, a: 2 }]}                     | ${"data:\n- a: 2\n  b: 1\n"}
    ${"nests sequences with a dash per level"}             | ${[[1, 2]]}                             | ${"data:\n- - 1\n  - 2\n"}
    ${"sorts keys naturally"}                              | ${{ a10: 1, a9: 2, B: 3, "80": 4, "1": 5, _x: 6 }} | ${'data:\n  _x: 6\n  "1": 5\n  "80": 4\n  B: 3\n  a9: 2\n  a10: 1\n'}
    ${"prints nested empty structures"}                    | ${{ a: [{}], b: { c: [] } }}             | ${"data:\n  a:\n  - {}\n  b:\n    c: []\n"}
    ${"uses ? for keys over 128 bytes"}                    | ${{ ["k".repeat(129)]: "v" }}            | ${`data:\n  ? ${"k".repeat(129)}\n  : v\n`}
    ${"drops a << key as kustomize's merge handling does"} | ${{ "<<": "x", a: 1 }}                  | ${"data:\n  a: 1\n"}
    ${"folds at the first space past column 80"}             | ${`${"word ".repeat(20)}end`}           | ${`data: ${"word ".repeat(15)}word\n  ${"word ".repeat(4)}end\n`}
  `("$name", ({ value, expected }) => {
    const printed = printData(value as JsonValue);

    expect(printed).toBe(expected);
  });

  it("separates documents with ---", () => {
    const out = serializeManifests([cm({}), cm({})]);

    expect(out).toBe(`${HEAD}${TAIL}---\n${HEAD}${TAIL}`);
  });

  it("prints nothing for no objects", () => {
    expect(serializeManifests([])).toBe("");
  });

  it("prints the same bytes whatever order keys were inserted in", () => {
    const keys = ["b", "a10", "a9", "80", "1", "Z", "_", "a1b2", "é"];
    const forward = Object.fromEntries(keys.map((k) => [k, k]));
    const backward = Object.fromEntries([...keys].reverse().map((k) => [k, k]));

    expect(serializeManifest(cm({ data: backward }))).toBe(serializeManifest(cm({ data: forward })));
  });

  it("does not mutate its input", () => {
    const obj = cm({ data: { b: [1, { d: 1, c: 2 }], a: "x" } });
    const copy = structuredClone(obj);

    serializeManifests([obj]);

    expect(obj).toEqual(copy);
    expect(Object.keys(obj.data as object)).toEqual(["b", "a"]);
  });

  it("refuses control characters kustomize cannot print", () => {
    expect(() => serializeManifest(cm({ data: "a\u007fb" }))).toThrow(RenderError);
  });
});
