import { afterEach, describe, expect, it } from "vitest";
import type { Octokit } from "@octokit/rest";
import type { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import { startWithRepo } from "./harness.ts";

const repo = { owner: "acme", repo: "config" };
let gh: GitHubTestServer | undefined;
afterEach(async () => {
  expect(gh?.violations ?? []).toEqual([]);
  await gh?.stop();
  gh = undefined;
});

async function setup(): Promise<{ gh: GitHubTestServer; octokit: Octokit; base: string; ahead: string; sideways: string }> {
  const started = await startWithRepo();
  gh = started.gh;
  const base = (await gh.branchSha("main")) ?? "";
  await gh.pushBranch({ branch: "production", sha: base });
  const ahead = await gh.commit({ branch: "main", files: { "base/deployment.yaml": "replicas: 2\n" }, message: "scale", as: "alice" });
  const sideways = await gh.commit({ branch: "hotfix", parents: [base], files: { "README.md": "hotfix\n" }, message: "hotfix", as: "bob" });
  return { ...started, base, ahead, sideways };
}

describe("git refs", () => {
  it.each([
    { name: "fast-forwards a branch without force", start: "base", target: "ahead", force: false, status: 200 },
    { name: "refuses a non-fast-forward without force with 422", start: "ahead", target: "sideways", force: false, status: 422 },
    { name: "moves a branch sideways with force", start: "ahead", target: "sideways", force: true, status: 200 },
  ] as const)("$name", async ({ start, target, force, status }) => {
    const s = await setup();
    await s.gh.pushBranch({ branch: "production", sha: s[start], force: true });
    const sha = s[target];

    const answer = await s.octokit.rest.git.updateRef({ ...repo, ref: "heads/production", sha, force }).then((r) => ({ status: r.status, message: "" }), (e: { status: number; message: string }) => e);

    expect(answer.status).toBe(status);
    expect(await s.gh.branchSha("production")).toBe(status === 200 ? sha : s[start]);
    if (status === 422) expect(answer.message).toContain("Update is not a fast forward");
  });

  it("creates, lists and deletes refs, and answers 422 for a duplicate", async () => {
    const s = await setup();

    await s.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/ferry/promote/production", sha: s.ahead });
    const duplicate = await s.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/ferry/promote/production", sha: s.ahead }).catch((e: { status: number }) => e);
    const matching = await s.octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/ferry/" });
    await s.octokit.rest.git.deleteRef({ ...repo, ref: "heads/ferry/promote/production" });
    const gone = await s.octokit.rest.git.getRef({ ...repo, ref: "heads/ferry/promote/production" }).catch((e: { status: number }) => e);

    expect(duplicate.status).toBe(422);
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/ferry/promote/production"]);
    expect(gone.status).toBe(404);
  });

  it("sends a push webhook with before, after, forced and commits", async () => {
    const s = await setup();

    await s.octokit.rest.git.updateRef({ ...repo, ref: "heads/production", sha: s.sideways, force: true });

    const push = s.gh.deliveries.filter((d) => d.event === "push").at(-1)?.payload;
    expect(push).toMatchObject({ ref: "refs/heads/production", before: s.base, after: s.sideways, forced: false, created: false, deleted: false });
    expect((push?.commits as { id: string }[]).map((c) => c.id)).toEqual([s.sideways]);
  });
});

describe("compare", () => {
  it.each([
    { name: "reports ahead when the head contains the base", basehead: "production...main", status: "ahead", ahead: 1, behind: 0 },
    { name: "reports behind when the base contains the head", basehead: "main...production", status: "behind", ahead: 0, behind: 1 },
    { name: "reports diverged when both have commits", basehead: "main...hotfix", status: "diverged", ahead: 1, behind: 1 },
    { name: "reports identical for the same commit", basehead: "production...production", status: "identical", ahead: 0, behind: 0 },
  ])("$name", async ({ basehead, status, ahead, behind }) => {
    const s = await setup();

    const { data } = await s.octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead });

    expect({ status: data.status, ahead: data.ahead_by, behind: data.behind_by, commits: data.commits.length }).toEqual({ status, ahead, behind, commits: ahead });
  });
});

describe("trees, blobs and commits", () => {
  it("reads a recursive tree and its blobs, and writes a rollback commit with an older tree", async () => {
    const s = await setup();

    const { data: tree } = await s.octokit.rest.git.getTree({ ...repo, tree_sha: s.base, recursive: "1" });
    const file = tree.tree.find((e) => e.path === "base/deployment.yaml");
    const { data: blob } = await s.octokit.rest.git.getBlob({ ...repo, file_sha: file?.sha ?? "" });
    const { data: rollback } = await s.octokit.rest.git.createCommit({ ...repo, message: "Roll back", tree: tree.sha, parents: [s.ahead] });
    await s.octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: rollback.sha });

    expect(tree.tree.map((e) => `${e.type} ${e.path}`)).toEqual(["blob README.md", "tree base", "blob base/deployment.yaml", "blob base/kustomization.yaml"]);
    expect(Buffer.from(blob.content, "base64").toString()).toBe("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    expect(await s.gh.readFile("main", "base/deployment.yaml")).toBe("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
  });

  it("creates a tree from a base tree with changed and deleted files", async () => {
    const s = await setup();

    const { data: tree } = await s.octokit.rest.git.createTree({ ...repo, base_tree: s.base, tree: [{ path: "overlays/prod/kustomization.yaml", mode: "100644", type: "blob", content: "resources: []\n" }, { path: "README.md", mode: "100644", type: "blob", sha: null }] });
    const { data: listing } = await s.octokit.rest.git.getTree({ ...repo, tree_sha: tree.sha, recursive: "1" });

    expect(listing.tree.filter((e) => e.type === "blob").map((e) => e.path)).toEqual(["base/deployment.yaml", "base/kustomization.yaml", "overlays/prod/kustomization.yaml"]);
  });
});

describe("contents", () => {
  it.each([
    { name: "returns a file's raw text for the raw media type", path: "README.md", expected: "config\n" },
    { name: "answers 404 for a missing config file", path: ".github/ferry.yml", expected: 404 },
  ])("$name", async ({ path, expected }) => {
    const s = await setup();

    const answer = await s.octokit.rest.repos.getContent({ ...repo, path, mediaType: { format: "raw" } }).then((r) => r.data as unknown, (e: { status: number }) => e.status);

    expect(answer).toEqual(expected);
  });
});
