/**
 * Builds a git repository from the example config repo Ferry ships (fixtures/example),
 * with the history a real team would have: `main` holds the settings, `staging` and
 * `production` start at the same commit, then `staging` gets a release that has run in
 * staging and is ready to promote. Used by `npm run demo`, benchmarks and tests.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGit } from "../adapters/git/run-git.ts";
import { PACKAGE_ROOT } from "../package-root.ts";

/** The example config repository's directory. */
export const EXAMPLE_DIR = join(PACKAGE_ROOT, "fixtures", "example");

/** The example repository and the commits the demo talks about. */
export interface ExampleRepo {
  readonly dir: string;
  /** The commit both environments start at. */
  readonly initial: string;
  /** The release commit on `staging`, not yet in production. */
  readonly release: string;
}

const GIT_ENV = { GIT_AUTHOR_NAME: "Dana Dev", GIT_AUTHOR_EMAIL: "dana@acme.example", GIT_COMMITTER_NAME: "Dana Dev", GIT_COMMITTER_EMAIL: "dana@acme.example" };

/** Creates the example repository in a new temp directory (or `dir`) and returns it. */
export async function createExampleRepo(dir = mkdtempSync(join(tmpdir(), "ferry-example-"))): Promise<ExampleRepo> {
  Object.assign(process.env, GIT_ENV);
  const git = (...args: string[]) => runGit(dir, args);
  await git("init", "-q", "-b", "main");
  await git("config", "commit.gpgsign", "false");
  cpSync(EXAMPLE_DIR, dir, { recursive: true });
  await git("add", "-A");
  await git("commit", "-q", "-m", "shop config: base, staging and production overlays");
  const initial = (await git("rev-parse", "HEAD")).trim();
  await git("branch", "staging");
  await git("branch", "production");

  await git("checkout", "-q", "staging");
  edit(join(dir, "production/kustomization.yaml"), (t) => t.replaceAll("newTag: 1.4.2", "newTag: 1.5.0").replace("count: 4", "count: 6"));
  edit(join(dir, "base/kustomization.yaml"), (t) => t.replace("      - CACHE_TTL_SECONDS=60\n", "      - CACHE_TTL_SECONDS=60\n      - FEATURE_CHECKOUT_V2=true\n"));
  await git("commit", "-q", "-am", "Release shop 1.5.0 to production (checkout v2, worker x6)");
  const release = (await git("rev-parse", "HEAD")).trim();
  await git("checkout", "-q", "main");
  return { dir, initial, release };
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`example edit did not change ${file}`);
  writeFileSync(file, after);
}
