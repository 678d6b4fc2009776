import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { proveImage, readBuildContext, readCmd } from "./prove-image.ts";

/**
 * The container image without a Docker daemon: the Dockerfile read as text against the
 * rules the image must keep, and a directory laid out as its runtime stage (build
 * context from .dockerignore, production dependencies only) started and answering /healthz.
 * The build step runs here unless the checkout's dist/ is fresh (npm test builds first);
 * `npm run prove:image` always runs it (about a minute on a busy 2-core machine).
 */
const root = join(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;

describe("Dockerfile", () => {
  it.each([
    { name: "builds in several stages", ok: stages.length >= 2 },
    { name: "runs on Node 24 (the current LTS)", ok: /^ARG NODE_IMAGE=node:24-/m.test(dockerfile) && runtime.startsWith("${NODE_IMAGE}") },
    { name: "runs as a non-root user, by number", ok: /^USER [1-9]\d*:[1-9]\d*$/m.test(runtime) },
    { name: "has tini as PID 1", ok: /^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m.test(runtime) && /apt-get install[^\n]* tini/.test(runtime) },
    { name: "includes git", ok: /apt-get install[^\n]* git /.test(runtime) },
    { name: "includes a pinned kubectl whose checksum is verified", ok: /^ARG KUBECTL_VERSION=v\d+\.\d+\.\d+$/m.test(dockerfile) && /sha256sum --check/.test(dockerfile) && /COPY --from=kubectl \/usr\/local\/bin\/kubectl/.test(runtime) },
    { name: "prunes dev dependencies after the build", ok: /npm ci[^\n]*&& npm prune --omit=dev/.test(dockerfile) },
    { name: "checks its health on /healthz", ok: /^HEALTHCHECK [\s\S]*\/healthz/m.test(runtime) },
    { name: "writes only to /tmp (read-only root filesystem)", ok: /HOME=\/tmp/.test(runtime) && /TMPDIR=\/tmp/.test(runtime) },
    { name: "carries the OCI labels", ok: ["title", "source", "licenses", "version", "revision"].every((l) => runtime.includes(`org.opencontainers.image.${l}=`)) },
    { name: "starts node directly (signals reach Ferry, not npm)", ok: readCmd(dockerfile)[0] === "node" },
  ])("$name", ({ ok }) => {
    expect(ok).toBe(true);
  });

  it("lets only what the image needs into the build context (no .env, keys, .git or node_modules)", () => {
    const context = readBuildContext(readFileSync(join(root, ".dockerignore"), "utf8"));

    expect(context).toEqual(["package.json", "package-lock.json", "tsconfig*.json", "bin", "src", "app.yml", "LICENSE"]);
  });
});

describe("the image's directory", () => {
  it("starts with production dependencies only and answers /healthz, then exits 0 on SIGTERM", { timeout: 180_000 }, async () => {
    const proof = await proveImage({ reuseFreshBuild: true });

    expect(proof.health).toBe(200);
    expect(proof.exitCode).toBe(0);
    expect(proof.files).not.toContain("test");
  });

  it("fails to start when a production dependency is missing (the layout really isolates)", { timeout: 180_000 }, async () => {
    await expect(proveImage({ omit: "prom-client", reuseFreshBuild: true })).rejects.toThrow(/prom-client/);
  });
});
