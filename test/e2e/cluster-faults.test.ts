import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * A cluster API server that accepts requests and then stalls, through the real entry
 * point (a push webhook to the Probot server): the apply ends within the repository's
 * `cluster.responseTimeout` as cluster-unreachable, the Lease is given back, and the
 * GitHub Deployment gets a failure status that says which cluster and why.
 */
describe("an apply to a stalled cluster", () => {
  let h: FerryHarness;
  beforeAll(async () => {
    h = await startFerryHarness({ cluster: true });
    const settings = (await h.github.readFile("main", ".github/ferry.yml")) ?? "";
    await h.github.commit({ branch: "main", files: { ".github/ferry.yml": `${settings}cluster:\n  connectTimeout: 2\n  responseTimeout: 2\n` }, message: "short cluster timeouts", as: "octocat" });
    await h.settle();
  });
  afterAll(async () => h.stop());

  it.each([
    { name: "never answers", answer: "silent" as const },
    { name: "answers a byte at a time", answer: "trickle" as const },
  ])("fails cluster-unreachable when the server $name, releases the Lease and records a failed Deployment", async ({ answer }) => {
    const server = h.cluster!.server;
    server.clearFaults();
    server.injectFault({ method: "PATCH", path: /\/namespaces\/shop-staging\//, answer });

    const sha = await h.github.commit({ branch: "staging", files: { [`staging/note-${answer}.txt`]: "x\n" }, message: `touch staging (${answer})`, as: "dana" });
    await h.settle();
    server.clearFaults();

    const deployment = h.github.deployments().find((d) => d.environment === "staging" && d.sha === sha);
    expect(deployment?.statuses.at(-1)?.state).toBe("failure");
    expect(deployment?.statuses.at(-1)?.description).toMatch(/unreachable/);
    const lease = server.getObject({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "ferry-system", name: "ferry-apply-staging" }) as { spec?: { holderIdentity?: string } } | undefined;
    expect(lease?.spec?.holderIdentity).toBeUndefined();
    expect(h.github.violations).toEqual([]);
  });
});
