import { parseArgs } from "node:util";
import { AppError } from "../errors.ts";

/**
 * Returns a subcommand's options, parsed with Node's own `util.parseArgs` (strict: no
 * unknown options, no positionals), with required options and allowed values checked.
 * Every problem is an AppError("usage") that ends with the command's usage line.
 */
export function parseCliOptions<S extends string, R extends S = never, B extends string = never>(
  args: readonly string[],
  spec: { strings: readonly S[]; required?: readonly R[]; booleans?: readonly B[]; choices?: Partial<Record<S, readonly string[]>>; usage: string },
): { [K in S]?: string } & { [K in R]: string } & { [K in B]?: boolean } {
  const usage = (problem: string) => new AppError("usage", `${problem}; usage: ferry ${spec.usage}`);
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const name of spec.strings) options[name] = { type: "string" };
  for (const name of spec.booleans ?? []) options[name] = { type: "boolean" };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  for (const name of spec.strings) if (values[name] === "") throw usage(`--${name} needs a value`);
  for (const name of spec.required ?? []) if (values[name] === undefined) throw usage(`--${name} is required`);
  for (const [name, allowed] of Object.entries(spec.choices ?? {}) as [string, readonly string[]][]) {
    const value = values[name];
    if (typeof value === "string" && !allowed.includes(value)) throw usage(`unknown ${name} "${value}"; use one of: ${allowed.join(", ")}`);
  }
  return values as { [K in S]?: string } & { [K in R]: string } & { [K in B]?: boolean };
}
