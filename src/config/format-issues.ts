import type { z } from "zod";

/** One settings problem: where (key path), and a message saying what is wrong and how to fix it. */
export interface SettingsIssue {
  readonly path: string;
  readonly message: string;
}

/** Returns a key path as written in messages: `environments[1].promotesFrom`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out === "" ? "(top level)" : out;
}

// Zod's own messages ("Invalid input: expected string, received number") neither name
// the fix nor the allowed keys, so issues are rephrased here from their structured fields.
/** Returns settings issues for zod issues, each naming the key path, the problem and the fix. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): SettingsIssue[] {
  return issues.flatMap((issue): SettingsIssue[] => {
    const path = formatKeyPath(issue.path);
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = knownKeys(schema, issue.path);
        const hint = known.length > 0 ? `; remove it or use one of: ${known.join(", ")}` : "; remove it";
        return issue.keys.map((key) => ({ path: formatKeyPath([...issue.path, key]), message: `unknown key "${key}"${hint}` }));
      }
      case "invalid_type":
        if (issue.input === undefined) return [{ path, message: `is required; add ${noun(issue.expected)}` }];
        return [{ path, message: `must be ${noun(issue.expected)}, not ${describeValue(issue.input)}` }];
      case "invalid_value":
        return [{ path, message: `${describeValue(issue.input)} is not allowed; use one of: ${issue.values.map((v) => String(v)).join(", ")}` }];
      case "too_small":
        return [{ path, message: issue.origin === "array" ? `needs at least ${String(issue.minimum)} item(s)` : issue.origin === "string" ? "must not be empty" : `must be at least ${String(issue.minimum)}` }];
      case "too_big":
        return [{ path, message: issue.origin === "array" ? `allows at most ${String(issue.maximum)} item(s)` : issue.origin === "string" ? `is longer than ${String(issue.maximum)} characters; shorten it` : `must be at most ${String(issue.maximum)}` }];
      default:
        return [{ path, message: issue.message }];
    }
  });
}

const NOUNS: Record<string, string> = { string: "a string", number: "a number", int: "a whole number", boolean: "true or false", array: "a list", object: "a map", record: "a map" };

function noun(expected: string): string {
  return NOUNS[expected] ?? expected;
}

/** Returns a short description of a YAML value for messages (never long). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}

// Walks zod's definition objects to list the keys allowed at a path, for "use one of".
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  let i = 0;
  while (node) {
    const def: SchemaDef = (node as unknown as { _zod: { def: SchemaDef } })._zod.def;
    if (def.innerType) node = def.innerType;
    else if (def.type === "pipe") node = def.in;
    else if (i === path.length) return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
    else if (def.type === "object") node = def.shape?.[String(path[i++])];
    else if (def.type === "array" || def.type === "record") {
      node = def.type === "array" ? def.element : def.valueType;
      i++;
    } else return [];
  }
  return [];
}
