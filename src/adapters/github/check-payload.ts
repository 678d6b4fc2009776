/**
 * Returns the fields a webhook payload lacks (or has of the wrong type) among those
 * Ferry's handlers read for its event, or an empty list when it has them all. Probot
 * has checked the signature by then, so such a payload is GitHub's (an API change, a
 * GitHub Enterprise version, a redelivery tool): it is logged and ignored rather than
 * half-handled, which would call GitHub with `undefined` in a path or fail with a
 * TypeError in the middle of a command.
 */
export function missingPayloadFields(event: string, payload: unknown): string[] {
  const wanted = { ...COMMON, ...(FIELDS[event.split(".")[0] ?? ""] ?? {}) };
  return Object.entries(wanted)
    .filter(([path, type]) => !hasType(valueAt(payload, path), type))
    .map(([path, type]) => `${path} (${type})`);
}

type FieldType = "string" | "number" | "boolean" | "object" | "array" | "string or null";

// Every event Ferry handles names its repository, owner and installation.
const COMMON: Record<string, FieldType> = { "repository.name": "string", "repository.owner.login": "string", "installation.id": "number" };

const PULL: Record<string, FieldType> = { "pull_request.number": "number", "pull_request.state": "string", "pull_request.head.sha": "string", "pull_request.head.ref": "string", "pull_request.base.ref": "string" };

const FIELDS: Record<string, Record<string, FieldType>> = {
  issue_comment: { "comment.id": "number", "comment.body": "string or null", "issue.number": "number", "sender.login": "string", "sender.type": "string" },
  pull_request: PULL,
  pull_request_review: PULL,
  push: { ref: "string", after: "string" },
  check_run: { "check_run.name": "string", "check_run.head_sha": "string", "check_run.pull_requests": "array" },
};

function valueAt(root: unknown, path: string): unknown {
  let at = root;
  for (const key of path.split(".")) {
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "string or null":
      return value === null || typeof value === "string";
    default:
      return typeof value === type;
  }
}
