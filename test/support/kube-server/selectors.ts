/**
 * Label selectors (`a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`) and the
 * field selectors every resource supports (`metadata.name`, `metadata.namespace`).
 */
import { isObject, type Json } from "./object-fields.ts";
import { badRequest } from "./status-error.ts";

type Predicate = (o: Json) => boolean;

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms.filter((t) => t !== "");
}

function labelsOf(o: Json): Record<string, unknown> {
  const labels = (o.metadata as Json | undefined)?.labels;
  return isObject(labels) ? labels : {};
}

function labelTerm(term: string): Predicate {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key = "", op, values = ""] = set;
    const allowed = new Set(values.split(",").map((v) => v.trim()));
    return (o) => {
      const value = labelsOf(o)[key];
      return op === "in" ? typeof value === "string" && allowed.has(value) : !(typeof value === "string" && allowed.has(value));
    };
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(term);
  if (cmp) {
    const [, key = "", op, value] = cmp;
    return (o) => (op === "!=" ? labelsOf(o)[key] !== value : labelsOf(o)[key] === value);
  }
  const exists = /^(!?)([^\s!=()]+)$/.exec(term);
  if (exists) {
    const [, not, key = ""] = exists;
    return (o) => (key in labelsOf(o)) !== (not === "!");
  }
  throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
}

/** Returns a predicate for a label selector string (empty selects everything). */
export function parseLabelSelector(selector: string | null): Predicate {
  if (!selector) return () => true;
  const terms = splitTerms(selector).map(labelTerm);
  return (o) => terms.every((t) => t(o));
}

/** Returns a predicate for a field selector over `metadata.name` and `metadata.namespace`. */
export function parseFieldSelector(selector: string | null): Predicate {
  if (!selector) return () => true;
  const terms = splitTerms(selector).map((term): Predicate => {
    const match = /^([a-zA-Z.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    const field = match?.[1];
    if (!match || (field !== "metadata.name" && field !== "metadata.namespace")) throw badRequest(`"${term.split(/[=!]/)[0] ?? term}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    const key = field === "metadata.name" ? "name" : "namespace";
    const value = match[3] ?? "";
    return (o) => ((o.metadata as Json | undefined)?.[key] === value) !== (match[2] === "!=");
  });
  return (o) => terms.every((t) => t(o));
}
