/**
 * Generator files are read from a GitHub tree as bytes. A file whose text the tarball (or
 * an earlier read) already brought costs no request and comes back byte for byte (a BOM
 * included); a file that is not UTF-8 is fetched as a blob and comes back unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobCache } from "../../../src/adapters/git/blob-cache.ts";
import { openGitHubFileTree } from "../../../src/adapters/github/github-file-tree.ts";
import type { GitHubClient } from "../../../src/adapters/github/github-client.ts";
import { GitHubTestServer } from "../../support/github-server/github-test-server.ts";

const QUIET = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const TEXT = Buffer.from("\uFEFFserver { listen 80; }\n", "utf8");
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]);

describe.each(["tarball", "trees API"] as const)("readBytes of a GitHub tree listed from the %s", (listing) => {
  let gh: GitHubTestServer;
  let sha = "";
  let dir = "";
  beforeAll(async () => {
    gh = await GitHubTestServer.start();
    await gh.createRepo({ name: "config", files: { "README.md": "x" } });
    const git = gh.repo().git;
    // From files, since bytes that are not UTF-8 cannot go through a text stdin.
    dir = mkdtempSync(join(tmpdir(), "ferry-bytes-"));
    const blob = async (bytes: Buffer) => {
      const file = join(dir, String(bytes.length));
      writeFileSync(file, bytes);
      return (await git.git(["hash-object", "-w", file])).trim();
    };
    const root = (await git.git(["mktree"], { input: `100644 blob ${await blob(TEXT)}\tnginx.conf\n100644 blob ${await blob(BINARY)}\tlogo.png\n` })).trim();
    sha = (await git.git(["commit-tree", root, "-m", "files"], { env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } })).trim();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await gh.stop();
  });

  async function open() {
    if (listing === "trees API") gh.injectFault({ path: "repos/download-tarball-archive", answer: { kind: "status", status: 404 } });
    const octokit = new Octokit({ auth: gh.issueInstallationToken(), baseUrl: gh.apiUrl, log: QUIET });
    const tree = await openGitHubFileTree({ client: { octokit, owner: "acme", repo: "config" } as unknown as GitHubClient, sha, cache: new BlobCache() });
    gh.clearLogs();
    return tree;
  }

  it("gives every file's bytes back unchanged, and a text file's only once", async () => {
    const tree = await open();

    expect(Buffer.from(await tree.readBytes!("nginx.conf"))).toEqual(TEXT);
    expect(Buffer.from(await tree.readBytes!("nginx.conf"))).toEqual(TEXT);
    expect(Buffer.from(await tree.readBytes!("logo.png"))).toEqual(BINARY);
    const blobReads = gh.requests.filter((r) => r.operationId === "git/get-blob").length;
    // From the tarball both texts are known; from the trees API the text is fetched once.
    expect(blobReads).toBe(listing === "tarball" ? 1 : 2);
  });
});
