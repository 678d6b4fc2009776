/**
 * Server-side apply over HTTP: managed fields per manager, conflicts naming the
 * fields and managers, force, removal of fields a manager stops applying,
 * dry runs and no-op applies.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./http-client.ts";

let api: ApiHarness;
const CM = "/api/v1/namespaces/default/configmaps/app";
const configMap = (data: Record<string, string>, labels?: Record<string, string>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", ...(labels ? { labels } : {}) }, data });

beforeEach(async () => {
  api = await startApi();
});

afterEach(async () => {
  await api.server.stop();
});

describe("server-side apply", () => {
  it("creates the object with 201 and records the applied fields for the manager", async () => {
    const created = await api.apply(CM, configMap({ a: "1" }, { team: "x" }));

    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      { manager: "ferry", operation: "Apply", apiVersion: "v1", time: expect.any(String), fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {} }, "f:metadata": { "f:labels": { "f:team": {} } } } },
    ]);
  });

  it("answers 409 naming each conflicting field and its manager", async () => {
    await api.apply(CM, configMap({ a: "1", b: "2" }));

    const conflict = await api.apply(CM, configMap({ a: "9", b: "8" }), "fieldManager=other");

    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Apply failed with 2 conflicts: conflicts with "ferry":\n- .data.a\n- .data.b\n',
      reason: "Conflict",
      details: { causes: [
        { reason: "FieldManagerConflict", message: 'conflict with "ferry"', field: ".data.a" },
        { reason: "FieldManagerConflict", message: 'conflict with "ferry"', field: ".data.b" },
      ] },
      code: 409,
    });
  });

  it("moves ownership with force", async () => {
    await api.apply(CM, configMap({ a: "1", b: "2" }));

    const forced = await api.apply(CM, configMap({ a: "9" }), "fieldManager=other&force=true");

    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ a: "9", b: "2" });
    expect(forced.body.metadata.managedFields.map((m: { manager: string; fieldsV1: unknown }) => [m.manager, m.fieldsV1])).toEqual([
      ["ferry", { "f:data": { "f:b": {} } }],
      ["other", { "f:data": { "f:a": {} } }],
    ]);
  });

  it("removes fields the manager stops applying unless another manager owns them", async () => {
    await api.apply(CM, configMap({ a: "1", b: "2", c: "3" }));
    await api.apply(CM, configMap({ c: "3" }), "fieldManager=other");

    const applied = await api.apply(CM, configMap({ a: "1" }));

    expect(applied.body.data).toEqual({ a: "1", c: "3" });
  });

  it("stores nothing on dryRun=All and answers as if applied", async () => {
    await api.apply(CM, configMap({ a: "1" }));
    const before = await api.request("GET", CM);

    const dry = await api.apply(CM, configMap({ a: "2" }), "fieldManager=ferry&dryRun=All");

    expect(dry.body.data).toEqual({ a: "2" });
    expect((await api.request("GET", CM)).body).toEqual(before.body);
  });

  it("keeps resourceVersion and managed-field times when an apply changes nothing", async () => {
    const first = await api.apply(CM, configMap({ a: "1" }));

    const second = await api.apply(CM, configMap({ a: "1" }));

    expect(second.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    expect(second.body.metadata.managedFields).toEqual(first.body.metadata.managedFields);
  });

  it("requires a field manager", async () => {
    const result = await api.apply(CM, configMap({ a: "1" }), "");

    expect(result.status).toBe(422);
    expect(result.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it("accepts a YAML body", async () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: '1'\n";

    const result = await api.apply(CM, yaml);

    expect(result.body.data).toEqual({ a: "1" });
  });

  it("owns list items by merge key and leaves server defaults unowned", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx", ports: [{ containerPort: 80 }] }] } } },
    };

    const result = await api.apply("/apis/apps/v1/namespaces/default/deployments/web", deployment);

    expect(result.body.spec.template.spec.containers[0].imagePullPolicy).toBe("Always");
    expect(result.body.metadata.managedFields[0].fieldsV1["f:spec"]).toEqual({
      "f:selector": {},
      "f:template": {
        "f:metadata": { "f:labels": { "f:app": {} } },
        "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {}, "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } } } } },
      },
    });
  });
});

describe("updates and generation", () => {
  it("answers 409 to a PUT with a stale resourceVersion", async () => {
    const created = await api.apply(CM, configMap({ a: "1" }));
    await api.apply(CM, configMap({ a: "2" }));

    const stale = await api.request("PUT", CM, { ...created.body, data: { a: "3" } });

    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe('Operation cannot be fulfilled on configmaps "app": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("bumps generation on spec changes only", async () => {
    const path = "/apis/coordination.k8s.io/v1/namespaces/default/leases/lock";
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: "busybox:1.36" }] } } } };
    const jobPath = "/apis/batch/v1/namespaces/default/jobs/once";
    await api.apply(jobPath, job);

    const relabelled = await api.apply(jobPath, { ...job, metadata: { name: "once", labels: { a: "b" } } });
    const lease = await api.apply(path, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "lock" }, spec: { holderIdentity: "ferry-1", leaseDurationSeconds: 15 } });

    expect(relabelled.body.metadata.generation).toBe(1);
    expect(relabelled.body.status.conditions.map((c: { type: string }) => c.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(lease.body.spec).toEqual({ holderIdentity: "ferry-1", leaseDurationSeconds: 15 });
  });
});

describe("patches", () => {
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] }] } } },
  };
  const path = "/apis/apps/v1/namespaces/default/deployments/web";

  it.each([
    { name: "merges containers and env by name in a strategic merge patch", type: "application/strategic-merge-patch+json", patch: { spec: { template: { spec: { containers: [{ name: "app", env: [{ name: "B", value: "3" }] }] } } } }, env: [{ name: "A", value: "1" }, { name: "B", value: "3" }], managers: ["ferry/Apply", "kubectl-edit/Update"] },
    { name: "deletes a list item with $patch: delete, and the deleter owns nothing", type: "application/strategic-merge-patch+json", patch: { spec: { template: { spec: { containers: [{ name: "app", env: [{ name: "A", $patch: "delete" }] }] } } } }, env: [{ name: "B", value: "2" }], managers: ["ferry/Apply"] },
    { name: "applies a JSON patch", type: "application/json-patch+json", patch: [{ op: "replace", path: "/spec/template/spec/containers/0/env/0/value", value: "9" }], env: [{ name: "A", value: "9" }, { name: "B", value: "2" }], managers: ["ferry/Apply", "kubectl-edit/Update"] },
  ])("$name", async ({ type, patch, env, managers }) => {
    await api.apply(path, deployment);

    const result = await api.request("PATCH", `${path}?fieldManager=kubectl-edit`, patch, type);

    expect(result.status).toBe(200);
    expect(result.body.spec.template.spec.containers[0].env).toEqual(env);
    expect(result.body.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`)).toEqual(managers);
  });

  it("merges a JSON merge patch into the object", async () => {
    await api.apply(path, deployment);

    const result = await api.request("PATCH", path, { metadata: { labels: { tier: "web" } } }, "application/merge-patch+json");

    expect(result.body.metadata.labels).toEqual({ tier: "web" });
  });
});
