/**
 * The validation failures Ferry's apply must surface: missing and malformed
 * names, workloads without a selector or whose selector does not select their
 * template, containers without name or image, bad label values and ConfigMap
 * keys, Job restart policies and immutable selectors — as 422 Invalid Status
 * bodies worded like the real API server's.
 */
import { deepEqual, isObject, type Json } from "./object-fields.ts";
import type { ApiResource } from "./resource-registry.ts";
import { invalid, type StatusCause } from "./status-error.ts";

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_1123_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);

function required(field: string, detail?: string): StatusCause {
  return { reason: "FieldValueRequired", message: detail ? `Required value: ${detail}` : "Required value", field };
}

function badValue(field: string, value: unknown, detail: string): StatusCause {
  return { reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field };
}

function checkName(o: Json, resource: ApiResource, causes: StatusCause[]): void {
  const name = (o.metadata as Json | undefined)?.name;
  if (typeof name !== "string" || name === "") {
    causes.push(required("metadata.name", "name or generateName is required"));
    return;
  }
  if (resource.kind === "Namespace") {
    if (!LABEL_1123.test(name) || name.length > 63) causes.push(badValue("metadata.name", name, LABEL_1123_MSG));
  } else if (resource.kind === "Service") {
    if (!LABEL_1035.test(name) || name.length > 63) causes.push(badValue("metadata.name", name, LABEL_1035_MSG));
  } else if (!SUBDOMAIN.test(name) || name.length > 253) causes.push(badValue("metadata.name", name, SUBDOMAIN_MSG));
}

function checkLabels(labels: unknown, field: string, causes: StatusCause[]): void {
  if (!isObject(labels)) return;
  for (const value of Object.values(labels)) {
    if (typeof value !== "string" || !LABEL_VALUE.test(value) || value.length > 63) causes.push(badValue(field, value, LABEL_VALUE_MSG));
  }
}

function checkPodSpec(spec: unknown, field: string, causes: StatusCause[]): void {
  const containers = isObject(spec) ? spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(`${field}.containers`));
    return;
  }
  containers.forEach((c: unknown, i) => {
    const container = isObject(c) ? c : {};
    if (!container.name) causes.push(required(`${field}.containers[${i}].name`));
    if (!container.image) causes.push(required(`${field}.containers[${i}].image`));
  });
}

function selects(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector)) return false;
  const have = isObject(labels) ? labels : {};
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  return Object.entries(matchLabels).every(([k, v]) => have[k] === v);
}

function checkWorkload(o: Json, causes: StatusCause[]): void {
  const spec = isObject(o.spec) ? o.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
  if (!isObject(spec.selector)) causes.push(required("spec.selector"));
  else if (!selects(spec.selector, labels)) causes.push(badValue("spec.template.metadata.labels", labels ?? {}, "`selector` does not match template `labels`"));
  checkPodSpec(template.spec, "spec.template.spec", causes);
}

/** Throws 422 Invalid when `o` (defaults filled in) is not a valid object; `before` is the stored object on update. */
export function validateObject(o: Json, resource: ApiResource, before?: Json): void {
  const causes: StatusCause[] = [];
  checkName(o, resource, causes);
  checkLabels((o.metadata as Json | undefined)?.labels, "metadata.labels", causes);
  if (WORKLOADS.has(resource.kind)) {
    checkWorkload(o, causes);
    const old = isObject(before?.spec) ? before.spec.selector : undefined;
    if (old !== undefined && !deepEqual(old, (o.spec as Json | undefined)?.selector)) causes.push(badValue("spec.selector", (o.spec as Json).selector, "field is immutable"));
  }
  if (resource.kind === "Pod") checkPodSpec(o.spec, "spec", causes);
  if (resource.kind === "Job") {
    const podSpec = ((o.spec as Json | undefined)?.template as Json | undefined)?.spec as Json | undefined;
    checkPodSpec(podSpec, "spec.template.spec", causes);
    const policy = podSpec?.restartPolicy;
    if (policy !== "OnFailure" && policy !== "Never") causes.push({ reason: "FieldValueNotSupported", message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "OnFailure", "Never"`, field: "spec.template.spec.restartPolicy" });
  }
  if (resource.kind === "ConfigMap" || resource.kind === "Secret") {
    for (const key of [...Object.keys(isObject(o.data) ? o.data : {}), ...Object.keys(isObject(o.binaryData) ? o.binaryData : {})]) {
      if (!CONFIG_KEY.test(key)) causes.push(badValue(`data[${key}]`, key, CONFIG_KEY_MSG));
    }
  }
  if (resource.kind === "Service") {
    const spec = isObject(o.spec) ? o.spec : {};
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    if (ports.length === 0 && spec.clusterIP !== "None" && spec.type !== "ExternalName") causes.push(required("spec.ports"));
  }
  if (causes.length > 0) {
    throw invalid({ kind: resource.kind, group: resource.group, name: String((o.metadata as Json | undefined)?.name ?? ""), causes });
  }
}
