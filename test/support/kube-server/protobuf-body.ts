/**
 * Decodes the Kubernetes protobuf request bodies kubectl's typed clients send
 * (`kubectl create namespace|configmap|secret|serviceaccount` post
 * `application/vnd.kubernetes.protobuf` and do not fall back to JSON on 415).
 * Only those kinds are described here; responses are always JSON, which the
 * clients accept.
 */
import { isObject, type Json } from "./object-fields.ts";
import { KubeStatusError } from "./status-error.ts";

type Field =
  | { name: string; type: "string" | "bytes" | "int" | "bool" | "time" | "strings" }
  | { name: string; type: "map"; bytes?: boolean }
  | { name: string; type: "message" | "messages"; fields: Schema };
type Schema = Record<number, Field>;

const LOCAL_REF: Schema = { 1: { name: "name", type: "string" } };
const OBJECT_META: Schema = {
  1: { name: "name", type: "string" },
  2: { name: "generateName", type: "string" },
  3: { name: "namespace", type: "string" },
  5: { name: "uid", type: "string" },
  6: { name: "resourceVersion", type: "string" },
  7: { name: "generation", type: "int" },
  8: { name: "creationTimestamp", type: "time" },
  11: { name: "labels", type: "map" },
  12: { name: "annotations", type: "map" },
  14: { name: "finalizers", type: "strings" },
};
const KINDS: Record<string, Schema> = {
  Namespace: { 1: { name: "metadata", type: "message", fields: OBJECT_META }, 2: { name: "spec", type: "message", fields: { 1: { name: "finalizers", type: "strings" } } } },
  ConfigMap: { 1: { name: "metadata", type: "message", fields: OBJECT_META }, 2: { name: "data", type: "map" }, 3: { name: "binaryData", type: "map", bytes: true }, 4: { name: "immutable", type: "bool" } },
  Secret: { 1: { name: "metadata", type: "message", fields: OBJECT_META }, 2: { name: "data", type: "map", bytes: true }, 3: { name: "type", type: "string" }, 4: { name: "stringData", type: "map" }, 5: { name: "immutable", type: "bool" } },
  ServiceAccount: { 1: { name: "metadata", type: "message", fields: OBJECT_META }, 3: { name: "imagePullSecrets", type: "messages", fields: LOCAL_REF }, 4: { name: "automountServiceAccountToken", type: "bool" } },
};

interface Wire {
  field: number;
  value: bigint | Buffer;
}

function readVarint(buf: Buffer, pos: { at: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos.at++];
    if (byte === undefined) throw new Error("truncated varint");
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
  }
}

function readFields(buf: Buffer): Wire[] {
  const out: Wire[] = [];
  const pos = { at: 0 };
  while (pos.at < buf.length) {
    const tag = Number(readVarint(buf, pos));
    const wireType = tag & 7;
    const field = tag >>> 3;
    if (wireType === 0) out.push({ field, value: readVarint(buf, pos) });
    else if (wireType === 2) {
      const length = Number(readVarint(buf, pos));
      out.push({ field, value: buf.subarray(pos.at, pos.at + length) });
      pos.at += length;
    } else if (wireType === 1) pos.at += 8;
    else if (wireType === 5) pos.at += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  return out;
}

function decodeMessage(buf: Buffer, schema: Schema): Json {
  const out: Json = {};
  for (const { field, value } of readFields(buf)) {
    const spec = schema[field];
    if (!spec) continue;
    const bytes = Buffer.isBuffer(value) ? value : Buffer.alloc(0);
    switch (spec.type) {
      case "string":
        // Go's JSON encoding omits empty strings; protobuf still carries them.
        if (bytes.length > 0) out[spec.name] = bytes.toString("utf8");
        break;
      case "bytes":
        out[spec.name] = bytes.toString("base64");
        break;
      case "int":
        out[spec.name] = Number(value);
        break;
      case "bool":
        out[spec.name] = value === 1n;
        break;
      case "time": {
        const seconds = Number(readFields(bytes).find((w) => w.field === 1)?.value ?? 0n);
        out[spec.name] = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
        break;
      }
      case "strings":
        out[spec.name] = [...((out[spec.name] as string[] | undefined) ?? []), bytes.toString("utf8")];
        break;
      case "map": {
        const entry = readFields(bytes);
        const key = (entry.find((w) => w.field === 1)?.value as Buffer | undefined)?.toString("utf8") ?? "";
        const raw = (entry.find((w) => w.field === 2)?.value as Buffer | undefined) ?? Buffer.alloc(0);
        const map = isObject(out[spec.name]) ? (out[spec.name] as Json) : {};
        map[key] = spec.bytes ? raw.toString("base64") : raw.toString("utf8");
        out[spec.name] = map;
        break;
      }
      case "message":
        out[spec.name] = decodeMessage(bytes, spec.fields);
        break;
      case "messages":
        out[spec.name] = [...((out[spec.name] as Json[] | undefined) ?? []), decodeMessage(bytes, spec.fields)];
        break;
    }
  }
  return out;
}

/** Returns the JSON object of a `k8s\0`-framed protobuf body; 415 for kinds this server cannot decode. */
export function decodeProtobufBody(body: Buffer): Json {
  if (body.subarray(0, 4).toString("latin1") !== "k8s\0") throw new KubeStatusError({ code: 400, reason: "BadRequest", message: "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]" });
  const envelope = readFields(body.subarray(4));
  const typeMeta = readFields((envelope.find((w) => w.field === 1)?.value as Buffer | undefined) ?? Buffer.alloc(0));
  const text = (field: number): string => ((typeMeta.find((w) => w.field === field)?.value as Buffer | undefined) ?? Buffer.alloc(0)).toString("utf8");
  const apiVersion = text(1);
  const kind = text(2);
  const schema = KINDS[kind];
  if (!schema || apiVersion !== "v1") {
    throw new KubeStatusError({ code: 415, reason: "UnsupportedMediaType", message: `the kubernetes test server cannot decode protobuf bodies of ${apiVersion}/${kind}; send application/json` });
  }
  const raw = (envelope.find((w) => w.field === 2)?.value as Buffer | undefined) ?? Buffer.alloc(0);
  return { apiVersion, kind, ...decodeMessage(raw, schema) };
}
