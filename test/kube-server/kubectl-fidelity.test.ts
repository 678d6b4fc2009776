/**
 * Proves the Kubernetes test server's fidelity by driving it with the real
 * kubectl (v1.32): server-side apply and its conflicts, dry runs, get, scale,
 * set image, diff (no false drift after an apply), delete, rollout status,
 * create namespace, and a CRD followed by its custom resource.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixture, startKubectlHarness, type KubectlHarness } from "./kubectl-harness.ts";

let h: KubectlHarness;

beforeEach(async () => {
  h = await startKubectlHarness();
});

afterEach(async () => {
  await h.close();
});

async function applyWeb(...extra: string[]): Promise<void> {
  const result = await h.kubectl("apply", "--server-side", "-f", fixture("web.yaml"), ...extra);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
}

// kubectl's JSON output is navigated freely in assertions; a schema would only restate the fixtures.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

async function getJson(...args: string[]): Promise<Loose> {
  const result = await h.kubectl("get", ...args, "-o", "json");
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as Loose;
}

describe("kubectl apply --server-side", () => {
  it("creates every object and reports them server-side applied", async () => {
    const result = await h.kubectl("apply", "--server-side", "-f", fixture("web.yaml"));

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([
      "namespace/shop serverside-applied",
      "deployment.apps/web serverside-applied",
      "service/web serverside-applied",
      "configmap/settings serverside-applied",
    ]);
  });

  it("fills the defaults a real API server adds to a Deployment", async () => {
    await applyWeb();

    const deployment = await getJson("deployment", "web", "-n", "shop");

    expect(deployment.spec).toMatchObject({ progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } });
    expect(deployment.spec.template.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler", securityContext: {}, terminationGracePeriodSeconds: 30 });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", ports: [{ containerPort: 80, protocol: "TCP" }] });
    expect(deployment.metadata).toMatchObject({ generation: 1, uid: expect.any(String), resourceVersion: expect.any(String), creationTimestamp: expect.any(String) });
    expect(deployment.status).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
  });

  it("allocates a cluster IP and defaults the ports of a Service", async () => {
    await applyWeb();

    const service = await getJson("service", "web", "-n", "shop");

    expect(service.spec).toMatchObject({ type: "ClusterIP", sessionAffinity: "None", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", internalTrafficPolicy: "Cluster", ports: [{ port: 80, protocol: "TCP", targetPort: 80 }] });
    expect(service.spec.clusterIPs).toEqual([service.spec.clusterIP]);
  });

  it("records the applied fields for the kubectl manager only", async () => {
    await applyWeb();

    const deployment = await getJson("deployment", "web", "-n", "shop", "--show-managed-fields");

    expect(deployment.metadata.managedFields).toHaveLength(1);
    expect(deployment.metadata.managedFields[0]).toMatchObject({ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1", fieldsType: "FieldsV1" });
    const spec = deployment.metadata.managedFields[0].fieldsV1["f:spec"];
    expect(Object.keys(spec).sort()).toEqual(["f:replicas", "f:selector", "f:template"]);
    expect(spec["f:template"]["f:spec"]["f:containers"]['k:{"name":"app"}']["f:ports"]).toEqual({ 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } });
  });

  it("fails with the conflicting field and manager when another manager owns a different value", async () => {
    await applyWeb();
    await h.kubectl("scale", "deployment/web", "-n", "shop", "--replicas=3");

    const conflict = await h.kubectl("apply", "--server-side", "-f", fixture("web.yaml"));

    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n');
  });

  it("lets a second manager co-own fields it applies with the same values", async () => {
    await applyWeb();

    const result = await h.kubectl("apply", "--server-side", "--field-manager=ferry", "-f", fixture("web.yaml"));

    const deployment = await getJson("deployment", "web", "-n", "shop", "--show-managed-fields");
    expect(result.code).toBe(0);
    expect(deployment.metadata.managedFields.map((m: { manager: string }) => m.manager)).toEqual(["kubectl", "ferry"]);
  });

  it("takes the field over with --force-conflicts", async () => {
    await applyWeb();
    await h.kubectl("scale", "deployment/web", "-n", "shop", "--replicas=3");

    await applyWeb("--force-conflicts");

    const deployment = await getJson("deployment", "web", "-n", "shop", "--show-managed-fields");
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.metadata.managedFields.map((m: { manager: string }) => m.manager)).toEqual(["kubectl"]);
  });

  it("changes nothing on --dry-run=server and still answers with the would-be object", async () => {
    await applyWeb();
    const before = await getJson("deployment", "web", "-n", "shop");
    const file = join(mkdtempSync(join(tmpdir(), "ferry-kube-")), "web.yaml");
    writeFileSync(file, readFileSync(fixture("web.yaml"), "utf8").replace("replicas: 2", "replicas: 4"));

    const result = await h.kubectl("apply", "--server-side", "--dry-run=server", "-f", file, "-o", "json");

    const answered = JSON.parse(result.stdout) as { items: { kind: string; spec?: { replicas?: number } }[] };
    expect(result.code).toBe(0);
    expect(answered.items.find((i) => i.kind === "Deployment")?.spec?.replicas).toBe(4);
    expect(await getJson("deployment", "web", "-n", "shop")).toEqual(before);
  });
});

describe("kubectl get", () => {
  it("selects by label across namespaces", async () => {
    await applyWeb();
    await h.kubectl("create", "configmap", "unrelated", "-n", "default", "--from-literal=a=b");

    const list = await getJson("configmaps", "-A", "-l", "app=web");

    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["settings"]);
  });

  it("prints a table with names", async () => {
    await applyWeb();

    const result = await h.kubectl("get", "deployments", "-n", "shop");

    expect(result.stdout).toMatch(/^NAME\s+AGE\nweb\s+\d+s\n$/);
  });

  it("answers 404 NotFound for a missing object", async () => {
    const result = await h.kubectl("get", "configmap", "nope", "-n", "default");

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
  });
});

describe("kubectl diff --server-side", () => {
  it("exits 0 right after an apply: server defaults cause no false drift", async () => {
    await applyWeb();

    const result = await h.kubectl("diff", "--server-side", "-f", fixture("web.yaml"));

    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  });

  it("exits 1 and shows the change after set image", async () => {
    await applyWeb();
    const set = await h.kubectl("set", "image", "deployment/web", "-n", "shop", "app=nginx:1.28");

    const result = await h.kubectl("diff", "--server-side", "--force-conflicts", "-f", fixture("web.yaml"));

    expect(set.code).toBe(0);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("-        image: nginx:1.28\n+        image: nginx:1.27");
    expect(result.stdout).toContain("-  generation: 2\n+  generation: 3");
  });
});

describe("kubectl scale, set image and rollout status", () => {
  it("scales through the scale subresource and bumps the generation", async () => {
    await applyWeb();

    const result = await h.kubectl("scale", "deployment/web", "-n", "shop", "--replicas=5");

    const deployment = await getJson("deployment", "web", "-n", "shop");
    expect(result.stdout.trim()).toBe("deployment.apps/web scaled");
    expect(deployment.spec.replicas).toBe(5);
    expect(deployment.metadata.generation).toBe(2);
  });

  it("sets an image with a strategic merge patch that keeps the other container fields", async () => {
    await applyWeb();

    const result = await h.kubectl("set", "image", "deployment/web", "-n", "shop", "app=nginx:1.28");

    const container = (await getJson("deployment", "web", "-n", "shop")).spec.template.spec.containers[0];
    expect(result.stdout.trim()).toBe("deployment.apps/web image updated");
    expect(container).toMatchObject({ name: "app", image: "nginx:1.28", env: [{ name: "MODE", value: "production" }] });
  });

  it("waits in rollout status until the rollout becomes available", async () => {
    h.server.setRolloutDelay(300);
    await applyWeb();

    const result = await h.kubectl("rollout", "status", "deployment/web", "-n", "shop", "--timeout=20s");

    expect(result.stdout).toContain('deployment "web" successfully rolled out');
    expect(result.code).toBe(0);
  });

  it("fails rollout status when the image never becomes ready", async () => {
    h.server.setRolloutDelay(200);
    h.server.failImages(/nginx:1\.27/);
    await applyWeb();

    const result = await h.kubectl("rollout", "status", "deployment/web", "-n", "shop", "--timeout=20s");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('deployment "web" exceeded its progress deadline');
  });
});

describe("kubectl create and delete", () => {
  it("creates a namespace (protobuf body) and deletes it with its objects", async () => {
    const created = await h.kubectl("create", "namespace", "team");
    await h.kubectl("create", "configmap", "c", "-n", "team", "--from-literal=k=v");

    const deleted = await h.kubectl("delete", "namespace", "team");

    const left = await h.kubectl("get", "configmaps", "-n", "team", "-o", "name");
    expect(created.stdout.trim()).toBe("namespace/team created");
    expect(deleted.stdout.trim()).toBe('namespace "team" deleted');
    expect(left.stdout).toBe("");
  });

  it("deletes the objects of a file", async () => {
    await applyWeb();

    const result = await h.kubectl("delete", "-f", fixture("web.yaml"));

    expect(result.code).toBe(0);
    expect(h.server.listObjects({ apiVersion: "apps/v1", kind: "Deployment" })).toEqual([]);
  });

  it("rejects an object in a namespace that does not exist", async () => {
    const result = await h.kubectl("create", "configmap", "c", "-n", "missing", "--from-literal=k=v");

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: failed to create configmap: namespaces "missing" not found');
  });
});

describe("CustomResourceDefinitions", () => {
  it("serves a CRD's kind once it is Established, then applies its custom resource", async () => {
    h.server.setCrdEstablishDelay(100);
    await applyWeb();
    await h.kubectl("apply", "--server-side", "-f", fixture("sealed-secret-crd.yaml"));

    const waited = await h.kubectl("wait", "--for=condition=Established", "crd/sealedsecrets.bitnami.com", "--timeout=20s");
    const applied = await h.kubectl("apply", "--server-side", "-f", fixture("sealed-secret.yaml"));
    const listed = await getJson("sealedsecrets", "-n", "shop");

    expect(waited.code).toBe(0);
    expect(applied.stdout.trim()).toBe("sealedsecret.bitnami.com/db serverside-applied");
    expect(listed.items[0]).toMatchObject({ apiVersion: "bitnami.com/v1alpha1", kind: "SealedSecret", metadata: { name: "db", generation: 1 } });
  });
});
