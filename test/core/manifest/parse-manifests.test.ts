import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSimpleYaml } from "../../../src/core/manifest/parse-simple-yaml.ts";
import { RenderError } from "../../../src/errors.ts";
import { parseManifests } from "../../../src/core/manifest/index.ts";

const HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

/** Parses one ConfigMap whose `v` field is the given YAML and returns that field. */
function valueOf(yamlValue: string): unknown {
  const [first] = parseManifests(`${HEAD}v: ${yamlValue}\n`, "cm.yaml");
  return first?.object.v;
}

function errorOf(fn: () => unknown): RenderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RenderError) return error;
    throw error;
  }
  throw new Error("expected a RenderError");
}

describe("parseManifests scalars (go-yaml v3 rules, as kustomize reads them)", () => {
  it.each`
    name                                             | input                  | expected
    ${"keeps yes as a string (YAML 1.2 booleans)"}   | ${"yes"}               | ${"yes"}
    ${"keeps on as a string"}                        | ${"on"}                | ${"on"}
    ${"reads true as a boolean"}                     | ${"true"}              | ${true}
    ${"reads False as a boolean"}                    | ${"False"}             | ${false}
    ${"reads a leading-zero number as octal"}        | ${"0777"}              | ${511}
    ${"reads 0o17 as octal"}                         | ${"0o17"}              | ${15}
    ${"reads hex"}                                   | ${"0x1F"}              | ${31}
    ${"reads binary"}                                | ${"0b101"}             | ${5}
    ${"reads 08 as the float 8"}                     | ${"08"}                | ${8}
    ${"drops underscores in numbers"}                | ${"1_000"}             | ${1000}
    ${"reads 1e3 as a number"}                       | ${"1e3"}               | ${1000}
    ${"reads .5 as a number"}                        | ${".5"}                | ${0.5}
    ${"keeps 1e400 as a string (out of range)"}      | ${"1e400"}             | ${"1e400"}
    ${"reads ~ as null"}                             | ${"~"}                 | ${null}
    ${"reads an empty value as null"}                | ${""}                  | ${null}
    ${"keeps a quoted number a string"}              | ${'"123"'}             | ${"123"}
    ${"keeps a single-quoted true a string"}         | ${"'true'"}            | ${"true"}
    ${"turns a block date into RFC 3339"}            | ${"2001-1-5"}          | ${"2001-01-05T00:00:00Z"}
    ${"normalises a block timestamp"}                | ${"2001-12-14 21:59:43.10"} | ${"2001-12-14T21:59:43.1Z"}
    ${"keeps an impossible date as text"}            | ${"2001-02-30"}        | ${"2001-02-30"}
    ${"honours !!str"}                               | ${"!!str 12"}          | ${"12"}
    ${"honours !!int on a quoted scalar"}            | ${'!!int "42"'}        | ${42}
    ${"keeps a custom tag's text"}                   | ${"!thing value"}      | ${"value"}
    ${"reads an empty flow value as an empty string"} | ${"{x: }"}            | ${{ x: "" }}
    ${"keeps flow timestamps as written"}            | ${"[2001-12-14 21:59:43.10]"} | ${["2001-12-14 21:59:43.10"]}
  `("$name", ({ input, expected }) => {
    const value = valueOf(input as string);

    expect(value).toEqual(expected);
  });
});

describe("parseManifests documents", () => {
  it("skips empty, null and {} documents and numbers objects in file order", () => {
    const text = `---\n~\n---\n{}\n---\n# note\n---\n${HEAD}---\n${HEAD.replace("cm", "cm2")}`;

    const parsed = parseManifests(text, "base/all.yaml");

    expect(parsed.map((p) => [p.object.metadata.name, p.file, p.line, p.index])).toEqual([
      ["cm", "base/all.yaml", 8, 0],
      ["cm2", "base/all.yaml", 13, 1],
    ]);
  });

  it("expands kind List (and *List) items, nested lists included", () => {
    const text = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- apiVersion: v1\n  kind: SecretList\n  items:\n  - {apiVersion: v1, kind: Secret, metadata: {name: b}}\n";

    const names = parseManifests(text, "l.yaml").map((p) => `${p.object.kind}/${p.object.metadata.name}`);

    expect(names).toEqual(["ConfigMap/a", "Secret/b"]);
  });

  it("keeps a List without items as an object, like kustomize", () => {
    const parsed = parseManifests("apiVersion: v1\nkind: List\nmetadata: {name: l}\n", "l.yaml");

    expect(parsed.map((p) => p.object.kind)).toEqual(["List"]);
  });

  it("accepts a missing apiVersion, like kustomize", () => {
    const parsed = parseManifests("kind: ConfigMap\nmetadata: {name: a}\n", "a.yaml");

    expect(parsed[0]?.object).toEqual({ kind: "ConfigMap", metadata: { name: "a" } });
  });

  it("expands aliases into independent copies and applies merge keys without overriding", () => {
    const text = `${HEAD}base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n`;

    const [first] = parseManifests(text, "a.yaml");

    expect(first?.object.merged).toEqual({ x: 1, y: 3 });
    expect(first?.object.copy).toEqual({ x: 1, y: 2 });
    expect(first?.object.copy).not.toBe(first?.object.base);
  });

  it("stores a __proto__ key as data without touching the prototype", () => {
    const [first] = parseManifests(`${HEAD}data:\n  __proto__: {polluted: true}\n`, "a.yaml");
    const data = first?.object.data as Record<string, unknown>;

    expect(Object.keys(data)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseManifests errors", () => {
  it.each`
    name                                              | text                                                  | code              | message
    ${"names the file and line of a syntax error"}    | ${`${HEAD} bad: [\n`}                                 | ${"render-failed"} | ${/^bad\.yaml:\d+ is not valid YAML/}
    ${"rejects a missing metadata.name"}              | ${"apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: a-}\n"} | ${"render-failed"} | ${/bad\.yaml:1 .*missing metadata\.name/}
    ${"rejects a missing kind"}                       | ${"apiVersion: v1\nmetadata: {name: a}\n"}            | ${"render-failed"} | ${/missing kind/}
    ${"rejects a scalar document"}                    | ${"hello\n"}                                          | ${"render-failed"} | ${/missing Resource metadata/}
    ${"rejects duplicate keys with both lines"}       | ${`${HEAD}data:\n  a: 1\n  a: 2\n`}                  | ${"render-failed"} | ${/bad\.yaml:7 defines the mapping key "a" twice \(first at line 6\)/}
    ${"rejects non-string keys"}                      | ${`${HEAD}data:\n  1: a\n`}                          | ${"render-failed"} | ${/mapping key 1, which is not a string/}
    ${"rejects infinity, which JSON cannot hold"}     | ${`${HEAD}v: .inf\n`}                                | ${"render-failed"} | ${/infinite or NaN number/}
    ${"rejects an alias to an unknown anchor"}        | ${`${HEAD}v: *nope\n`}                               | ${"render-failed"} | ${/bad\.yaml/}
    ${"stops a billion-laughs document"}              | ${`${HEAD}a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`} | ${"render-limit"} | ${/alias/}
    ${"stops absurdly deep nesting"}                  | ${`${HEAD}v: ${"[".repeat(5000)}${"]".repeat(5000)}\n`} | ${"render-limit"} | ${/deep/}
    ${"stops absurdly deep block nesting"}            | ${`${HEAD}v:\n${Array.from({ length: 1200 }, (_, i) => `${" ".repeat(i + 1)}- `).join("\n")}x\n`} | ${"render-limit"} | ${/deep/}
  `("$name", ({ text, code, message }) => {
    const error = errorOf(() => parseManifests(text as string, "bad.yaml"));

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message as RegExp);
    expect(error.file).toBe("bad.yaml");
  });

  it("honours a lower maxAliases", () => {
    const text = `${HEAD}a: &a x\nb: [*a, *a, *a]\n`;

    const error = errorOf(() => parseManifests(text, "a.yaml", { maxAliases: 2 }));

    expect(error.code).toBe("render-limit");
  });
});

describe("parseManifests fast path for plain block YAML", () => {
  const dir = join(import.meta.dirname, "../../../fixtures/yaml");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

  it.each(files.map((name) => ({ name })))("$name reads the same with and without the fast path", ({ name }) => {
    const text = readFileSync(join(dir, name), "utf8");

    const [fast, slow] = [attempt(() => parseManifests(text, name)), attempt(() => parseManifests(text, name, { fastPath: false }))];

    expect(fast).toEqual(slow);
  });

  it("takes the fast path for block-style manifests", () => {
    const text = readFileSync(join(dir, "integer-forms.yaml"), "utf8");

    expect(parseSimpleYaml(text)).toBeDefined();
  });
});

function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return error instanceof RenderError ? { code: error.code } : error;
  }
}
