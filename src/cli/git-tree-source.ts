import { BlobCache, openGitFileTree, runGit } from "../adapters/git/index.ts";
import type { TreeSource } from "../workflows/ports.ts";

/**
 * Returns a TreeSource over the local repository at `repoDir`, shared by the CLI's
 * commands; the trees it opens (both sides of a plan, say) share one blob cache.
 */
export function gitTreeSource(repoDir: string): TreeSource {
  const cache = new BlobCache();
  return {
    openTree: (ref) => openGitFileTree({ repoDir, ref, cache }),
    async defaultBranch() {
      // The remote's default branch when there is one; a repository without a remote uses HEAD.
      try {
        return (await runGit(repoDir, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])).trim();
      } catch {
        return "HEAD";
      }
    },
  };
}
