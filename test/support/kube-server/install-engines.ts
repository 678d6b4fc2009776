/**
 * Installs what a cluster running Flux or Argo CD has, on a KubeTestServer: the
 * engines' CRDs (fixtures/kube/engines, trimmed published schemas) and the objects a
 * team would have made (a GitRepository and Kustomization, or an Application), applied
 * over HTTP like `kubectl apply --server-side`. Pair with FluxStandIn / ArgoStandIn.
 */
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import type { Json } from "./object-fields.ts";
import type { KubeTestServer } from "./kube-test-server.ts";
import { customObjectPath, sendApply } from "./stand-in-client.ts";

const fixture = (name: string): Json[] => parseAllDocuments(readFileSync(new URL(`../../../fixtures/kube/engines/${name}`, import.meta.url), "utf8")).map((d) => d.toJS() as Json);

async function apply(server: KubeTestServer, path: string, object: Json): Promise<void> {
  const status = await sendApply(server, { path, object, manager: "kubectl" });
  if (status !== 200 && status !== 201) throw new Error(`installing ${path} failed with HTTP ${status}`);
}

async function installCrds(server: KubeTestServer, file: string, namespace: string): Promise<void> {
  for (const crd of fixture(file)) await apply(server, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${String((crd.metadata as Json).name)}`, crd);
  await apply(server, `/api/v1/namespaces/${namespace}`, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
}

/** Installs the Flux CRDs and a GitRepository `source` following `branch`, with a Kustomization `kustomization` applying `path` from it. */
export async function installFlux(server: KubeTestServer, params: { namespace?: string; kustomization?: string; source?: string; branch: string; path: string; url?: string }): Promise<void> {
  const namespace = params.namespace ?? "flux-system";
  await installCrds(server, "flux-crds.yaml", namespace);
  const source = params.source ?? "config";
  const name = params.kustomization ?? `apps-${params.branch}`;
  await apply(server, customObjectPath({ apiVersion: "source.toolkit.fluxcd.io/v1", plural: "gitrepositories", namespace, name: source }), { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata: { name: source, namespace }, spec: { interval: "10m", url: params.url ?? "https://github.com/acme/config", ref: { branch: params.branch } } });
  await apply(server, customObjectPath({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", plural: "kustomizations", namespace, name }), { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name, namespace }, spec: { interval: "10m", path: `./${params.path}`, prune: true, wait: true, sourceRef: { kind: "GitRepository", name: source } } });
}

/** Installs the Argo CD Application CRD and an Application deploying `path` of `branch` (automated sync when asked). */
export async function installArgo(server: KubeTestServer, params: { namespace?: string; application: string; branch: string; path: string; automated?: boolean; destinationNamespace?: string }): Promise<void> {
  const namespace = params.namespace ?? "argocd";
  await installCrds(server, "argocd-crds.yaml", namespace);
  await apply(server, customObjectPath({ apiVersion: "argoproj.io/v1alpha1", plural: "applications", namespace, name: params.application }), {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: params.application, namespace },
    spec: {
      project: "default",
      source: { repoURL: "https://github.com/acme/config", path: params.path, targetRevision: params.branch },
      destination: { server: "https://kubernetes.default.svc", namespace: params.destinationNamespace ?? "default" },
      ...(params.automated && { syncPolicy: { automated: { prune: true, selfHeal: false } } }),
    },
  });
}
