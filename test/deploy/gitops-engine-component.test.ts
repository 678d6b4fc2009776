import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

// The component rendered by the real kustomize, as a user's overlay would include it.
const rendered = parseAllDocuments(execFileSync("kubectl", ["kustomize", join(import.meta.dirname, "../../fixtures/deploy/gitops-engine")], { encoding: "utf8", timeout: 60_000 })).map((d) => d.toJS() as { kind: string; metadata: { name: string }; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[]; spec?: { validations: { expression: string }[] } });

describe("deploy/components/gitops-engine", () => {
  it("renders a ClusterRole, its binding to Ferry's service account and the dry-run-only admission policy", () => {
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ClusterRole/ferry-gitops-engine",
      "ClusterRoleBinding/ferry-gitops-engine",
      "ValidatingAdmissionPolicy/ferry-gitops-engine-dry-run-only",
      "ValidatingAdmissionPolicyBinding/ferry-gitops-engine-dry-run-only",
    ]);
  });

  it("grants patch on the engines' objects, reads elsewhere, and never create, update or delete", () => {
    const rules = rendered.find((o) => o.kind === "ClusterRole")?.rules ?? [];

    const verbs = new Set(rules.flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(["get", "list", "patch"]);
    for (const [group, resource] of [["kustomize.toolkit.fluxcd.io", "kustomizations"], ["source.toolkit.fluxcd.io", "gitrepositories"], ["argoproj.io", "applications"]]) {
      expect(rules).toContainEqual({ apiGroups: [group], resources: [resource], verbs: ["get", "list", "patch"] });
    }
  });

  it("lets through, besides dry runs, only writes to the objects the ClusterRole names and Ferry's own namespace", () => {
    const policy = rendered.find((o) => o.kind === "ValidatingAdmissionPolicy")?.spec?.validations[0]?.expression ?? "";

    expect(policy.startsWith("request.dryRun == true ||")).toBe(true);
    for (const resource of ["kustomizations", "gitrepositories", "applications", "leases", "configmaps", "namespaces"]) expect(policy).toContain(`request.resource.resource == "${resource}"`);
    expect(policy.match(/request\.resource\.resource ==/g)).toHaveLength(6);
  });
});
