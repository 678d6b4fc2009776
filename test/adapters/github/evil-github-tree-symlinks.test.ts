/**
 * The GitHub tree of a commit holding symlinks, served by the GitHub test server from a
 * real bare repository: links inside the commit are followed as a checkout follows
 * them, links into `.git` or out of the repository are refused when read.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobCache } from "../../../src/adapters/git/blob-cache.ts";
import { openGitHubFileTree } from "../../../src/adapters/github/github-file-tree.ts";
import type { GitHubClient } from "../../../src/adapters/github/github-client.ts";
import { renderKustomization } from "../../../src/core/render/render-kustomization.ts";
import { GitHubTestServer } from "../../support/github-server/github-test-server.ts";

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n";

describe("openGitHubFileTree with symlinks", () => {
  let gh: GitHubTestServer;
  let sha = "";
  beforeAll(async () => {
    gh = await GitHubTestServer.start();
    await gh.createRepo({ name: "config", files: { "README.md": "x" } });
    // git plumbing, because a symlink is a blob with mode 120000, not a file's text.
    const git = gh.repo().git;
    const blob = async (text: string) => (await git.git(["hash-object", "-w", "--stdin"], { input: text })).trim();
    const tree = async (entries: string[]) => (await git.git(["mktree"], { input: `${entries.join("\n")}\n` })).trim();
    const app = await tree([
      `100644 blob ${await blob("configMapGenerator:\n- name: c\n  files: [config]\n")}\tkustomization.yaml`,
      `120000 blob ${await blob("../shared/cm.yaml")}\tlinked.yaml`,
      `120000 blob ${await blob("../.git/config")}\tconfig`,
    ]);
    const shared = await tree([`100644 blob ${await blob(CM)}\tcm.yaml`]);
    const root = await tree([`040000 tree ${app}\tapp`, `040000 tree ${shared}\tshared`, `120000 blob ${await blob("/etc/passwd")}\tpasswd`]);
    sha = (await git.git(["commit-tree", root, "-m", "links"], { env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } })).trim();
  });
  afterAll(async () => gh.stop());

  async function open() {
    const octokit = new Octokit({ auth: gh.issueInstallationToken(), baseUrl: gh.apiUrl, log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    const client = { octokit, owner: "acme", repo: "config" } as unknown as GitHubClient;
    return openGitHubFileTree({ client, sha, cache: new BlobCache() });
  }

  it("follows a link to a file of the commit and refuses links that leave it", async () => {
    const tree = await open();

    expect(tree.list("")).toEqual(["app", "shared"]);
    expect(await tree.read("app/linked.yaml")).toBe(CM);
    expect(tree.realPath?.("app/linked.yaml")).toBe("shared/cm.yaml");
    await expect(tree.read("app/config")).rejects.toThrow(/is a symlink that leads outside the repository's files/);
    await expect(tree.read("passwd")).rejects.toThrow(/is a symlink that leads outside the repository's files/);
  });

  it("refuses to render a kustomization reading .git/config through a link", async () => {
    const tree = await open();

    await expect(renderKustomization(tree, "app")).rejects.toThrow(`"app/config" (named in "app/kustomization.yaml") is a symlink that leads outside the repository's files`);
  });
});
