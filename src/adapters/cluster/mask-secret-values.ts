import type { KubeObject } from "../../core/manifest/kube-object.ts";
import { isJsonObject } from "../../core/manifest/kube-object.ts";

const MASK = "<redacted>";

/**
 * Returns `message` with every value of a Secret's `data` and `stringData` (as sent,
 * and base64-decoded) replaced by a mask, so a server's validation message never
 * echoes a secret into a PR comment or log. Objects other than Secrets pass unchanged.
 */
export function maskSecretValues(message: string, object: KubeObject | undefined): string {
  if (!object || object.kind !== "Secret") return message;
  const values = new Set<string>();
  for (const field of ["data", "stringData"] as const) {
    const map = object[field];
    if (!isJsonObject(map)) continue;
    for (const v of Object.values(map)) {
      if (typeof v !== "string" || v === "") continue;
      values.add(v);
      if (field === "data") values.add(Buffer.from(v, "base64").toString("utf8"));
    }
  }
  // Longest first, so a value containing another is masked whole.
  let out = message;
  for (const v of [...values].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) out = out.split(v).join(MASK);
  return out;
}
