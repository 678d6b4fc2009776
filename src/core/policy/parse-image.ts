/** An image reference split into its parts. */
export interface ImageReference {
  /** The registry host, "docker.io" when the reference names none. */
  readonly registry: string;
  /** registry + repository path, normalized ("nginx" → "docker.io/library/nginx"). */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Returns the parts of an image reference as the container runtime reads it. */
export function parseImage(ref: string): ImageReference {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(":");
  const hasTag = colon > rest.lastIndexOf("/");
  const tag = hasTag ? rest.slice(colon + 1) : undefined;
  const path = hasTag ? rest.slice(0, colon) : rest;
  const first = path.split("/")[0] ?? "";
  const explicit = path.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = explicit ? first : "docker.io";
  const repo = explicit ? path.slice(first.length + 1) : path.includes("/") ? path : `library/${path}`;
  return { registry, name: `${registry}/${repo}`, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** Returns true when `ref` comes from `prefix` ("ghcr.io/acme" allows "ghcr.io/acme/web:1", not "ghcr.io/acme-evil/web"). */
export function isFromRegistry(ref: string, prefix: string): boolean {
  const p = prefix.replace(/\/+$/, "");
  const within = (name: string) => name === p || name.startsWith(`${p}/`);
  const raw = ref.split("@")[0] ?? ref;
  const parsed = parseImage(ref);
  return within(raw.replace(/:[^/:]*$/, "")) || within(parsed.name);
}
