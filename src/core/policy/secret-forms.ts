import { isJsonObject, type JsonValue, type KubeObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";

/** Kinds that carry secrets in encrypted or referenced form: fine in git, but secret changes. */
export const ENCRYPTED_SECRET_KINDS: ReadonlySet<string> = new Set(["bitnami.com/SealedSecret", "external-secrets.io/ExternalSecret", "external-secrets.io/ClusterExternalSecret", "isindir.github.com/SopsSecret"]);

const SOPS_VALUE = /ENC\[[A-Za-z0-9_]+,data:/;
const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Returns true for a core-group Secret. */
export function isSecret(obj: Pick<KubeObject, "apiVersion" | "kind">): boolean {
  return obj.kind === "Secret" && apiGroup(obj.apiVersion) === "";
}

/** Returns true for any resource that is a secret in one of its forms (plain, sealed, external, SOPS). */
export function isSecretResource(obj: Pick<KubeObject, "apiVersion" | "kind">): boolean {
  return isSecret(obj) || ENCRYPTED_SECRET_KINDS.has(`${apiGroup(obj.apiVersion)}/${obj.kind}`);
}

/** Returns true when every value of a Secret's data and stringData is SOPS ciphertext, or the object carries SOPS metadata. */
export function isSopsEncrypted(obj: KubeObject): boolean {
  if (isJsonObject(obj.sops)) return true;
  const values = [obj.data, obj.stringData].flatMap((m) => (isJsonObject(m) ? Object.values(m) : []));
  return values.length > 0 && values.every((v) => typeof v === "string" && SOPS_VALUE.test(v));
}

/** Returns true when text holds SOPS ciphertext or a SealedSecret (secret, but encrypted). */
export function isEncryptedText(text: string): boolean {
  return SOPS_VALUE.test(text) || /^kind:\s*["']?SealedSecret["']?\s*$/m.test(text);
}

/** Returns the number of keys of a Secret's data and stringData. */
export function secretValueCount(obj: KubeObject): number {
  const count = (m: JsonValue | undefined) => (isJsonObject(m) ? Object.keys(m).length : 0);
  return count(obj.data) + count(obj.stringData);
}

/** Returns true when the resource's source is a kustomization file (so it came from a generator). */
export function isGeneratedFrom(file: string): boolean {
  return KUSTOMIZATION_FILE.test(file);
}
