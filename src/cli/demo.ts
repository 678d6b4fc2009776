/**
 * `npm run demo`: Ferry's main job on the example config repo, locally, with no
 * credentials and no network. Builds a git repository with `staging` and `production`
 * branches from fixtures/example and renders both environments from git.
 */
import { rmSync } from "node:fs";
import { BlobCache, openGitFileTree } from "../adapters/git/index.ts";
import { renderKustomization } from "../core/render/render-kustomization.ts";
import { resourceKey } from "../core/manifest/resource-key.ts";
import { createExampleRepo } from "./example-repo.ts";

const out = (text = "") => process.stdout.write(`${text}\n`);

const repo = await createExampleRepo();
try {
  out(`Example config repo: ${repo.dir}`);
  out(`  staging    → ${repo.release.slice(0, 7)} (release 1.5.0)`);
  out(`  production → ${repo.initial.slice(0, 7)}`);
  const cache = new BlobCache();
  for (const env of ["staging", "production"]) {
    const tree = await openGitFileTree({ repoDir: repo.dir, ref: env, cache });
    const started = performance.now();
    const result = await renderKustomization(tree, env);
    const ms = (performance.now() - started).toFixed(1);
    tree.close();
    out(`\n## ${env}: ${result.resources.length} resources rendered from ${env}/ at ${tree.commit.slice(0, 7)} in ${ms} ms`);
    for (const r of result.resources) out(`  ${resourceKey(r.object)}`);
  }
} finally {
  rmSync(repo.dir, { recursive: true, force: true });
}
