import { isFromRegistry, parseImage } from "../parse-image.ts";
import type { PolicyRule, RuleFinding } from "../policy-rule.ts";
import { listContainers, listPodTemplates, type ContainerRef } from "../workloads.ts";
import type { RenderedResource } from "../../render/render-kustomization.ts";

/**
 * `images`: no `latest` or missing tag (`policy.images.forbidLatest`), a digest when
 * `requireDigest`, only `registries` when any are listed; and on promotion PRs no image
 * that the source environment does not already run at the pinned SHA, since what
 * production runs must first have run in staging.
 */
export const imagesRule: PolicyRule = {
  id: "images",
  description: "images are tagged, pinned and from allowed registries; promotions bring only images the source runs",
  defaultSeverity: "error",
  evaluate(input) {
    if (!input.after.ok) return [];
    const { forbidLatest, requireDigest, registries } = input.settings.policy.images;
    const out: RuleFinding[] = [];
    const containers = listContainers(listPodTemplates(input.after.resources));
    for (const c of containers) {
      const image = typeof c.container.image === "string" ? c.container.image : undefined;
      const where = describe(c);
      if (image === undefined || image === "") {
        out.push({ resourceKey: c.pod.key, file: c.pod.file, message: `${where} has no image` });
        continue;
      }
      const ref = parseImage(image);
      if (forbidLatest && ref.digest === undefined && (ref.tag === undefined || ref.tag === "latest")) {
        out.push({ resourceKey: c.pod.key, file: c.pod.file, message: `${where} uses ${image}, which ${ref.tag === undefined ? "has no tag (means latest)" : "is tagged latest"}; pin a version tag or a digest` });
      }
      if (requireDigest && ref.digest === undefined) out.push({ resourceKey: c.pod.key, file: c.pod.file, message: `${where} uses ${image} without a digest; pin it as name@sha256:…` });
      if (registries.length > 0 && !registries.some((r) => isFromRegistry(image, r))) {
        out.push({ resourceKey: c.pod.key, file: c.pod.file, message: `${where} uses ${image}, which is not from an allowed registry (${registries.join(", ")})` });
      }
    }
    if (input.pull?.isPromotion && input.source?.render.ok) {
      const running = imagesOf(input.source.render.resources);
      const already = input.before?.ok ? imagesOf(input.before.resources) : new Set<string>();
      for (const c of containers) {
        const image = typeof c.container.image === "string" ? c.container.image : "";
        if (image === "" || running.has(image) || already.has(image)) continue;
        out.push({ resourceKey: c.pod.key, file: c.pod.file, message: `${describe(c)} would run ${image}, which ${input.source.environment} does not run at ${input.source.sha.slice(0, 7)}; promote only images the source environment already runs` });
      }
    }
    return out;
  },
};

function imagesOf(resources: readonly RenderedResource[]): Set<string> {
  return new Set(listContainers(listPodTemplates(resources)).map((c) => (typeof c.container.image === "string" ? c.container.image : "")));
}

function describe(c: ContainerRef): string {
  const [, , namespace = "", ...name] = c.pod.key.split("/");
  return `${c.pod.kind} ${namespace ? `${namespace}/` : ""}${name.join("/")} container "${c.name}"`;
}
