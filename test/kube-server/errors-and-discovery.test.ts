/**
 * Status bodies for invalid objects and unknown resources, bearer-token auth
 * over TLS, discovery documents and list paging.
 */
import { request as httpsRequest } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";
import { startApi, type ApiHarness } from "./http-client.ts";

let api: ApiHarness;

beforeEach(async () => {
  api = await startApi();
});

afterEach(async () => {
  await api.server.stop();
});

const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: "app", image: "nginx:1" }] } });

describe("422 Invalid", () => {
  it.each([
    {
      name: "rejects a Deployment without a selector",
      path: "/apis/apps/v1/namespaces/default/deployments/web",
      object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { template: template({ app: "web" }) } },
      message: 'Deployment.apps "web" is invalid: spec.selector: Required value',
      causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.selector" }],
    },
    {
      name: "rejects a Deployment whose selector does not match its template labels",
      path: "/apis/apps/v1/namespaces/default/deployments/web",
      object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { selector: { matchLabels: { app: "api" } }, template: template({ app: "web" }) } },
      message: 'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
      causes: [{ reason: "FieldValueInvalid", message: 'Invalid value: {"app":"web"}: `selector` does not match template `labels`', field: "spec.template.metadata.labels" }],
    },
    {
      name: "rejects a name that is not a DNS-1123 subdomain",
      path: "/api/v1/namespaces/default/configmaps/Bad_Name",
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name" } },
      message: expect.stringMatching(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/),
      causes: [expect.objectContaining({ reason: "FieldValueInvalid", field: "metadata.name" })],
    },
    {
      name: "rejects a Job whose pods would restart forever",
      path: "/apis/batch/v1/namespaces/default/jobs/once",
      object: { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: { template: { spec: { containers: [{ name: "run", image: "busybox" }] } } } },
      message: 'Job.batch "once" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      causes: [expect.objectContaining({ reason: "FieldValueNotSupported", field: "spec.template.spec.restartPolicy" })],
    },
  ])("$name", async ({ path, object, message, causes }) => {
    const result = await api.apply(path, object);

    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ kind: "Status", status: "Failure", reason: "Invalid", code: 422, message, details: { causes } });
  });

  it("rejects a POST without a name", async () => {
    const result = await api.request("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: {} });

    expect(result.status).toBe(422);
    expect(result.body.message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it("rejects changing a Deployment's selector as immutable", async () => {
    const deployment = (app: string) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { selector: { matchLabels: { app } }, template: template({ app }) } });
    await api.apply("/apis/apps/v1/namespaces/default/deployments/web", deployment("web"));

    const result = await api.apply("/apis/apps/v1/namespaces/default/deployments/web", deployment("api"), "fieldManager=ferry&force=true");

    expect(result.status).toBe(422);
    expect(result.body.message).toContain("spec.selector: Invalid value");
    expect(result.body.message).toContain("field is immutable");
  });
});

describe("404 NotFound", () => {
  it.each([
    { name: "answers an unknown group/version like the real server", path: "/apis/example.com/v1/namespaces/default/widgets/w" },
    { name: "answers an unknown resource in a served group", path: "/apis/apps/v1/namespaces/default/widgets/w" },
  ])("$name", async ({ path }) => {
    const result = await api.apply(path, { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } });

    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ kind: "Status", reason: "NotFound", message: "the server could not find the requested resource", code: 404 });
  });

  it("answers an object in a missing namespace", async () => {
    const result = await api.apply("/api/v1/namespaces/nope/configmaps/a", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } });

    expect(result.status).toBe(404);
    expect(result.body.message).toBe('namespaces "nope" not found');
  });
});

describe("discovery", () => {
  it("lists groups with their preferred versions", async () => {
    const groups = await api.request("GET", "/apis");

    expect(groups.body.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(["apps", "batch", "coordination.k8s.io", "apiextensions.k8s.io", "rbac.authorization.k8s.io", "networking.k8s.io", "policy", "autoscaling"]));
  });

  it("lists resources and subresources of a group version", async () => {
    const apps = await api.request("GET", "/apis/apps/v1");

    expect(apps.body.resources).toContainEqual({ name: "deployments", singularName: "deployment", namespaced: true, kind: "Deployment", verbs: expect.arrayContaining(["patch", "list"]), shortNames: ["deploy"] });
    expect(apps.body.resources).toContainEqual(expect.objectContaining({ name: "deployments/scale", group: "autoscaling", version: "v1", kind: "Scale" }));
  });

  it("serves a CRD's kind only after it is Established", async () => {
    api.server.setCrdEstablishDelay(50);
    const crd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "widgets.example.com" }, spec: { group: "example.com", scope: "Namespaced", names: { kind: "Widget", plural: "widgets" }, versions: [{ name: "v1", served: true, storage: true }] } };

    const created = await api.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", crd);
    const before = await api.request("GET", "/apis/example.com/v1");
    let after = before;
    while (after.status === 404) after = await api.request("GET", "/apis/example.com/v1");

    expect(created.body.status.conditions.find((c: { type: string }) => c.type === "Established").status).toBe("False");
    expect(before.status).toBe(404);
    expect(after.body.resources[0]).toMatchObject({ name: "widgets", kind: "Widget", namespaced: true });
  });
});

describe("lists", () => {
  it("pages with limit and continue", async () => {
    for (const name of ["a", "b", "c"]) await api.apply(`/api/v1/namespaces/default/configmaps/${name}`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name } });

    const first = await api.request("GET", "/api/v1/namespaces/default/configmaps?limit=2");
    const second = await api.request("GET", `/api/v1/namespaces/default/configmaps?limit=2&continue=${first.body.metadata.continue}`);

    expect(first.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["a", "b"]);
    expect(first.body.metadata.remainingItemCount).toBe(1);
    expect(second.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["c"]);
    expect(second.body.metadata.continue).toBeUndefined();
  });
});

describe("authentication", () => {
  it.each([
    { name: "rejects a request without the bearer token", headers: {}, status: 401 },
    { name: "rejects a wrong bearer token", headers: { Authorization: "Bearer wrong" }, status: 401 },
    { name: "accepts the bearer token", headers: { Authorization: "Bearer s3cret" }, status: 200 },
  ])("$name", async ({ headers, status }) => {
    const server = await KubeTestServer.start({ token: "s3cret" });

    const code = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${server.url}/api/v1/namespaces`, { ca: server.caCertificate(), headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    await server.stop();

    expect(code).toBe(status);
  });
});
