/**
 * What the engine stand-ins do when a test wants objects really applied: render the
 * environment's path at a commit of a local git repository (Ferry's renderer, standing
 * in for the engine's own kustomize build) and server-side apply it with the real
 * kubectl under the engine's field manager, forcing conflicts as kustomize-controller
 * does. Returns quietly for a commit the repository does not have.
 */
import { execFile } from "node:child_process";
import { openGitFileTree } from "../../../src/adapters/git/git-file-tree.ts";
import { serializeManifests } from "../../../src/core/manifest/serialize-manifests.ts";
import { renderKustomization } from "../../../src/core/render/render-kustomization.ts";

/** Renders `path` at `sha` from `repoDir` and applies it to the kubeconfig's cluster as `manager`. */
export async function applyAsEngine(params: { kubeconfig: string; repoDir: string; sha: string; path: string; manager: string }): Promise<void> {
  let tree;
  try {
    tree = await openGitFileTree({ repoDir: params.repoDir, ref: params.sha });
  } catch {
    return;
  }
  try {
    const yaml = serializeManifests((await renderKustomization(tree, params.path)).resources.map((r) => r.object));
    await new Promise<void>((resolve, reject) => {
      const child = execFile("kubectl", ["--kubeconfig", params.kubeconfig, "apply", "--server-side", "--force-conflicts", "--field-manager", params.manager, "-f", "-"], { timeout: 120_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`kubectl apply as ${params.manager}: ${stderr}`)) : resolve()));
      child.stdin?.end(yaml);
    });
  } finally {
    tree.close?.();
  }
}
