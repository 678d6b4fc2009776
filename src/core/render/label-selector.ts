import { RenderError } from "../../errors.ts";

/** One requirement of a Kubernetes label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly op: "=" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";
  readonly values: readonly string[];
}

/**
 * Returns the requirements of a label selector string in Kubernetes syntax
 * (`a=b,c!=d,e in (x,y),f notin (z),g,!h,i>3`), or throws RenderError naming `file`.
 * The empty string selects everything.
 */
export function parseLabelSelector(text: string, file: string): LabelRequirement[] {
  const out: LabelRequirement[] = [];
  for (const part of splitRequirements(text, file)) {
    const s = part.trim();
    if (s === "") throw new RenderError({ file, message: `label selector "${text}" in "${file}" has an empty requirement; remove the extra comma` });
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([^\s=!<>(),]+)$/.exec(s))) out.push({ key: checkKey(m[1] as string, text, file), op: "!", values: [] });
    else if ((m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(s))) {
      const values = (m[3] as string).split(",").map((v) => v.trim());
      out.push({ key: checkKey(m[1] as string, text, file), op: m[2] as "in" | "notin", values });
    } else if ((m = /^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$/.exec(s))) {
      out.push({ key: checkKey(m[1] as string, text, file), op: m[2] === "!=" ? "!=" : "=", values: [m[3] as string] });
    } else if ((m = /^([^\s=!<>(),]+)\s*([<>])\s*(-?\d+)$/.exec(s))) {
      out.push({ key: checkKey(m[1] as string, text, file), op: m[2] === ">" ? "gt" : "lt", values: [m[3] as string] });
    } else if ((m = /^([^\s=!<>(),]+)$/.exec(s))) out.push({ key: checkKey(m[1] as string, text, file), op: "exists", values: [] });
    else throw new RenderError({ file, message: `label selector "${text}" in "${file}" cannot be parsed at "${s}"; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key` });
  }
  return out;
}

/** Returns true when `labels` satisfy every requirement. */
export function matchesLabelSelector(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, unknown>>): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const raw = labels[r.key];
    const value = typeof raw === "string" ? raw : raw === undefined || raw === null ? "" : String(raw);
    switch (r.op) {
      case "=":
        return has && value === r.values[0];
      case "!=":
        return !has || value !== r.values[0];
      case "in":
        return has && r.values.includes(value);
      case "notin":
        return !has || !r.values.includes(value);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
      case "lt": {
        if (!has || !/^-?\d+$/.test(value)) return false;
        const n = Number(value);
        const bound = Number(r.values[0]);
        return r.op === "gt" ? n > bound : n < bound;
      }
    }
  });
}

function splitRequirements(text: string, file: string): string[] {
  if (text.trim() === "") return [];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) throw new RenderError({ file, message: `label selector "${text}" in "${file}" has unbalanced parentheses` });
  }
  if (depth !== 0) throw new RenderError({ file, message: `label selector "${text}" in "${file}" has unbalanced parentheses` });
  parts.push(text.slice(start));
  return parts;
}

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function checkKey(key: string, text: string, file: string): string {
  if (!QUALIFIED_NAME.test(key)) throw new RenderError({ file, message: `label selector "${text}" in "${file}" has invalid key "${key}"` });
  return key;
}
