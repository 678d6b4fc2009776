import { isJsonObject } from "../../manifest/kube-object.ts";
import type { PolicyRule, RuleFinding } from "../policy-rule.ts";
import { isLongRunning, listContainers, listPodTemplates } from "../workloads.ts";

/**
 * `workload-hygiene` (warnings by default): every container sets CPU and memory
 * requests (`resources-requests`) and a memory limit (`resources-limits`; CPU limits
 * are left to the team, since they throttle), and containers of long-running workloads
 * have readiness and liveness probes (`probes`). Each sub-check can be configured or
 * exempted by its own id.
 */
export const workloadHygieneRule: PolicyRule = {
  id: "workload-hygiene",
  description: "containers set requests, memory limits and probes",
  defaultSeverity: "warning",
  evaluate(input) {
    if (!input.after.ok) return [];
    const out: RuleFinding[] = [];
    for (const c of listContainers(listPodTemplates(input.after.resources))) {
      if (c.list === "ephemeralContainers") continue;
      const [, , namespace = "", ...name] = c.pod.key.split("/");
      const where = `${c.pod.kind} ${namespace ? `${namespace}/` : ""}${name.join("/")} container "${c.name}"`;
      const resources = isJsonObject(c.container.resources) ? c.container.resources : {};
      const requests = isJsonObject(resources.requests) ? resources.requests : {};
      const limits = isJsonObject(resources.limits) ? resources.limits : {};
      const missing = ["cpu", "memory"].filter((r) => requests[r] === undefined);
      const at = { resourceKey: c.pod.key, file: c.pod.file };
      if (missing.length > 0) out.push({ ...at, check: "resources-requests", message: `${where} sets no ${missing.join(" or ")} request; set resources.requests so the scheduler can place it` });
      if (limits.memory === undefined) out.push({ ...at, check: "resources-limits", message: `${where} sets no memory limit; set resources.limits.memory` });
      const sidecar = c.list === "initContainers" && c.container.restartPolicy === "Always";
      if (isLongRunning(c.pod.kind) && (c.list === "containers" || sidecar)) {
        const probes = ["readinessProbe", "livenessProbe"].filter((p) => c.container[p] === undefined);
        if (probes.length > 0) out.push({ ...at, check: "probes", message: `${where} has no ${probes.join(" or ")}; add probes so rollouts wait for healthy pods` });
      }
    }
    return out;
  },
};
