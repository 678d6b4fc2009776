/**
 * Field sets in the structured-merge-diff encoding: path elements, `fieldsV1`
 * round trips and the path names used in conflict messages.
 */
import { describe, expect, it } from "vitest";
import { decodeFieldsV1, encodeFieldsV1, formatPath, memberPaths } from "../support/kube-server/field-set.ts";
import { ignoredOnMain } from "../support/kube-server/managed-fields.ts";
import { toFieldSet } from "../support/kube-server/object-fields.ts";

describe("toFieldSet", () => {
  it.each([
    { name: "owns map leaves but not the maps holding them", object: { data: { a: "1" } }, fields: { "f:data": { "f:a": {} } } },
    { name: "owns an associative list item and its fields, keyed with schema defaults", object: { spec: { ports: [{ port: 80 }] } }, fields: { "f:spec": { "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { ".": {}, "f:port": {} } } } } },
    { name: "owns set items by value", object: { metadata: { finalizers: ["a"] } }, fields: { "f:metadata": { "f:finalizers": { 'v:"a"': {} } } } },
    { name: "owns an atomic list and a label selector as a whole", object: { spec: { selector: { matchLabels: { a: "b" } }, args: ["x"] } }, fields: { "f:spec": { "f:args": {}, "f:selector": {} } } },
    { name: "never owns identity and server bookkeeping", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", resourceVersion: "1" }, status: { a: 1 } }, fields: {} },
  ])("$name", ({ object, fields }) => {
    const set = toFieldSet(object, ignoredOnMain);

    expect(encodeFieldsV1(set)).toEqual(fields);
  });
});

describe("fieldsV1", () => {
  it("round-trips through decode and encode", () => {
    const fields = { "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {} } } } };

    expect(encodeFieldsV1(decodeFieldsV1(fields))).toEqual(fields);
  });

  it.each([
    { name: "names map fields with dots", path: ["f:spec", "f:replicas"], text: ".spec.replicas" },
    { name: "names list items by their keys", path: ["f:spec", "f:containers", 'k:{"name":"app"}', "f:image"], text: '.spec.containers[name="app"].image' },
    { name: "names multi-key items with every key", path: ["f:ports", 'k:{"containerPort":80,"protocol":"TCP"}'], text: '.ports[containerPort=80,protocol="TCP"]' },
    { name: "names set items by value", path: ["f:finalizers", 'v:"a"'], text: '.finalizers[="a"]' },
  ])("$name", ({ path, text }) => {
    expect(formatPath(path)).toBe(text);
  });

  it("lists member paths in encoding order", () => {
    const set = decodeFieldsV1({ "f:b": {}, "f:a": { "f:c": {} } });

    expect(memberPaths(set)).toEqual([["f:a", "f:c"], ["f:b"]]);
  });
});
