/**
 * The zod schema of `.github/ferry.yml`. The JSDoc and `.describe()` text on each field
 * is the documentation source: `npm run schema` publishes it as `ferry.schema.json`, and
 * docs/settings.md follows it. Every object is strict, so a misspelt key is an error
 * rather than a silently ignored setting (failing closed).
 */
import { z } from "zod";
import { RENDER_ENGINES } from "../core/render/render-with-engine.ts";
import { resolveTreePath } from "../core/tree/tree-path.ts";
import { checkBranchName } from "./check-branch-name.ts";
import { checkRepoPath } from "./check-repo-path.ts";

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9_.-]+$/;
const USER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const RULE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// A ResourceKey: group/kind/namespace/name; group and namespace may be empty.
const RESOURCE_KEY = /^[^/\s]*\/[^/\s]+\/[^/\s]*\/[^/\s]+$/;
const DURATION = /^[1-9][0-9]*(s|m|h)$/;
const JSON_POINTER = /^(\/([^~]|~[01])*)+$/;

/**
 * Count limits, like the renderer's budgets: far above what a real repository writes,
 * low enough that a hostile or generated file cannot make every event slow.
 */
export const SETTINGS_LIMITS = { environments: 100, driftIgnore: 500, exemptions: 2000, ownership: 500, rules: 100 } as const;

// A glob is matched against every changed file of every pull request: far longer than
// any real one, short enough that matching stays cheap.
const glob = z.string().min(1).max(500);

const teamList = z.array(z.string().regex(TEAM, { error: "must be a team slug \"org/team\"" }));

/** Severities a policy rule can be given. "off" disables the rule. */
export const SEVERITIES = ["error", "warning", "notice", "off"] as const;
const severity = z.enum(SEVERITIES);

/** Who may run `/promote` into an environment. */
const promotersSchema = z
  .strictObject({
    /** Minimum repository permission of the person promoting. */
    permission: z.enum(["read", "triage", "write", "maintain", "admin"]).default("write").describe("minimum repository permission of the person promoting"),
    /** GitHub logins allowed to promote, in addition to the permission check. */
    users: z.array(z.string().regex(USER, { error: "must be a GitHub login" })).default([]).describe("GitHub logins allowed to promote (any of users or teams)"),
    /** Teams ("org/team") allowed to promote. */
    teams: teamList.default([]).describe("teams (\"org/team\") allowed to promote"),
  })
  .describe("who may run /promote into this environment; when users or teams are set, the person must also be in one of them");

/** How a promotion PR into the environment may be merged. */
const mergeSchema = z
  .strictObject({
    /** Approving reviews the promotion PR needs before `/merge` is accepted. */
    approvals: z.int().min(0).max(10).default(1).describe("approving reviews the promotion PR needs before /merge"),
    /** Merge by fast-forward automatically once every check is green. */
    auto: z.boolean().default(false).describe("fast-forward automatically once every check is green and approvals are in"),
  })
  .describe("merge rules of promotion PRs into this environment");

// A namespaced object: "namespace/name", both DNS-1123 names.
const OBJECT_REF = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/;
const objectRef = (what: string) => z.string().regex(OBJECT_REF, { error: `must name the ${what} as "namespace/name", e.g. "flux-system/apps"` });

/** The Flux objects one cluster's apply goes through. */
const fluxRefsSchema = z.strictObject({
  /** The Kustomization (kustomize.toolkit.fluxcd.io/v1) that applies this environment, "namespace/name". */
  kustomization: objectRef("Kustomization").optional().describe("Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) applying this environment, \"namespace/name\""),
  /** Its GitRepository (source.toolkit.fluxcd.io/v1), "namespace/name"; default: the Kustomization's spec.sourceRef. */
  source: objectRef("GitRepository").optional().describe("its GitRepository (source.toolkit.fluxcd.io/v1), \"namespace/name\" (default: the Kustomization's spec.sourceRef)"),
});

/** The Argo CD Application one cluster's apply goes through. */
const argoRefsSchema = z.strictObject({
  /** The Application (argoproj.io/v1alpha1), "namespace/name", in the cluster Ferry connects to for it. */
  application: objectRef("Application").optional().describe("Argo CD Application (argoproj.io/v1alpha1) deploying this environment, \"namespace/name\""),
});

const clusterKey = z.string().regex(NAME, { error: "must be a cluster name of this environment" });

/** How Ferry applies the environment to its clusters after a push. */
const applySchema = z
  .strictObject({
    /** Who applies: Ferry itself (staged server-side apply), or the GitOps engine the team runs. */
    engine: z.enum(["ferry", "flux", "argocd"]).default("ferry").describe("who applies: ferry (its own server-side apply), flux (a Flux Kustomization reconciles) or argocd (an Argo CD Application syncs)"),
    /** With `engine: flux`: the Kustomization (and source) per cluster; `clusters.<name>` overrides the default for one cluster. */
    flux: fluxRefsSchema
      .extend({ clusters: z.record(clusterKey, fluxRefsSchema).default({}).describe("per-cluster Kustomization and source, by cluster name") })
      .optional()
      .describe("the Flux objects Ferry asks to reconcile (engine: flux)"),
    /** With `engine: argocd`: the Application per cluster; `clusters.<name>` overrides the default for one cluster. */
    argocd: argoRefsSchema
      .extend({ clusters: z.record(clusterKey, argoRefsSchema).default({}).describe("per-cluster Application, by cluster name") })
      .optional()
      .describe("the Argo CD Application Ferry asks to sync (engine: argocd)"),
    /** Seconds to wait for applied resources to become healthy. */
    healthTimeout: z.int().min(10).max(3600).default(300).describe("seconds to wait for applied resources to become healthy"),
    /** Delete resources that git no longer has (only ones Ferry applied). */
    prune: z.boolean().default(true).describe("delete resources Ferry applied earlier that git no longer has"),
  })
  .describe("apply options of this environment");

/** How the environment's directory is rendered for reports, policy, drift and apply. */
const renderSchema = z
  .strictObject({
    /**
     * `builtin`: Ferry's own kustomize-compatible renderer, in-process. `kustomize`: the
     * real kustomize (`kubectl kustomize`, or the binary the server's FERRY_KUSTOMIZE
     * names) on the tree at the pinned SHA, offline, with load restrictions on and no
     * plugins, exec or Helm. Neither ever falls back to the other.
     */
    engine: z.enum(RENDER_ENGINES).default("builtin").describe("who renders: builtin (Ferry's renderer) or kustomize (the real kustomize, offline, no plugins or Helm); never a fallback"),
  })
  .describe("render options of this environment");

/** How an environment may be rolled back. */
const rollbackSchema = z
  .strictObject({
    /** Teams that may roll back without the promoters' permission, in an emergency. */
    breakGlass: teamList.default([]).describe("teams (\"org/team\") that may /rollback even without promote rights"),
  })
  .describe("rollback options of this environment");

/** One deployment environment: a branch, a directory rendered from it and the clusters it goes to. */
export const environmentSchema = z
  .strictObject({
    /** The environment's name, used in commands (`/promote production`) and branch names. */
    name: z.string().regex(NAME, { error: "must be lowercase letters, digits and \"-\" (at most 63), starting and ending with a letter or digit" }).describe("name used in commands and in the branch ferry/promote/<name>"),
    /** The branch deployed to this environment. Defaults to the name. */
    branch: z
      .string()
      .min(1)
      .superRefine((b, ctx) => {
        const problem = checkBranchName(b);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional()
      .describe("branch deployed to this environment (default: the name)"),
    /** The directory rendered for this environment, relative to the repository root. Defaults to the name. */
    path: z
      .string()
      .superRefine((p, ctx) => {
        const problem = checkRepoPath(p);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional()
      .describe("directory rendered for this environment, relative to the repository root (default: the name)"),
    /** Names of the clusters this environment is applied to. Defaults to the environment's name. */
    clusters: z.array(z.string().regex(NAME, { error: "must be a cluster name (lowercase letters, digits, \"-\")" })).min(1).optional().describe("clusters this environment is applied to (default: [name])"),
    /** The environment this one promotes from; omitted for the first environment of a chain. */
    promotesFrom: z.string().optional().describe("environment this one is promoted from"),
    /** Require the pinned SHA to be deployed and healthy in the source environment. */
    requireHealthySource: z.boolean().default(false).describe("the pinned SHA must be deployed and healthy in promotesFrom"),
    promoters: promotersSchema.prefault({}),
    merge: mergeSchema.prefault({}),
    apply: applySchema.prefault({}),
    render: renderSchema.prefault({}),
    rollback: rollbackSchema.prefault({}),
  })
  .transform((env) => ({
    ...env,
    branch: env.branch ?? env.name,
    path: resolveTreePath("", env.path ?? env.name) ?? env.name,
    clusters: env.clusters ?? [env.name],
  }))
  .describe("one deployment environment");

/** One part of the live state that drift reports ignore. */
const driftIgnoreSchema = z.strictObject({
  /** API group to match ("" is the core group); omitted matches any. */
  group: z.string().optional().describe("API group (\"\" for core); omitted matches any"),
  /** Kind to match; omitted matches any. */
  kind: z.string().optional().describe("kind; omitted matches any"),
  /** Namespace to match; omitted matches any. */
  namespace: z.string().optional().describe("namespace; omitted matches any"),
  /** Name to match; omitted matches any. */
  name: z.string().optional().describe("name; omitted matches any"),
  /** JSON pointers (RFC 6901) of the fields to ignore, e.g. "/spec/replicas". */
  pointers: z.array(z.string().regex(JSON_POINTER, { error: "must be a JSON pointer such as \"/spec/replicas\"" })).min(1).describe("JSON pointers of fields to ignore, e.g. /spec/replicas"),
});

/** Live drift reports. */
const driftSchema = z
  .strictObject({
    /** How often to compare each cluster with git ("30m", "1h"). */
    interval: z.string().regex(DURATION, { error: "must be a duration such as \"15m\" or \"1h\"" }).default("15m").describe("how often to compare clusters with git, e.g. 15m or 1h"),
    /** Fields that are expected to differ (set by controllers), per group/kind/name. */
    ignore: z.array(driftIgnoreSchema).max(SETTINGS_LIMITS.driftIgnore).default([]).describe("fields expected to differ from git, such as replicas managed by an autoscaler"),
    /** Re-apply an environment's branch head when the schedule finds drift. Off by default: drift is reported, not undone. */
    selfHeal: z.boolean().default(false).describe("re-apply the environment's branch head when the schedule finds drift"),
    /** Per-environment overrides of `interval` and `selfHeal`, by environment name. */
    environments: z
      .record(
        z.string(),
        z.strictObject({
          interval: z.string().regex(DURATION, { error: "must be a duration such as \"15m\" or \"1h\"" }).optional().describe("how often to compare this environment's clusters with git"),
          selfHeal: z.boolean().optional().describe("re-apply this environment's branch head when the schedule finds drift"),
        }),
      )
      .default({})
      .describe("per-environment drift interval and self-heal, by environment name"),
  })
  .describe("live drift reports");

/** A policy finding accepted on purpose, for one resource. */
const exemptionSchema = z.strictObject({
  /** The rule id, e.g. "resources-limits". */
  rule: z.string().regex(RULE, { error: "must be a rule id such as \"resources-limits\"" }).describe("rule id"),
  /** The resource as group/kind/namespace/name, e.g. "apps/Deployment/batch/nightly-report". */
  resource: z.string().regex(RESOURCE_KEY, { error: "must be group/kind/namespace/name, e.g. \"apps/Deployment/batch/nightly-report\"" }).describe("resource key group/kind/namespace/name"),
  /** Why the exemption is acceptable; shown in the check run. */
  reason: z.string().trim().min(1).describe("why this is acceptable (shown in the check run)"),
});

/** Owners of some paths: a change to a matching file needs an approval by one of them. */
const ownershipSchema = z.strictObject({
  /** Repository path globs ("base/payments/**", "*.env"); "**" crosses directories. */
  paths: z.array(glob).min(1).max(100).describe("repository path globs; ** crosses directories"),
  /** Teams ("org/team") whose members may approve. */
  teams: teamList.default([]).describe("teams (\"org/team\") whose members may approve"),
  /** GitHub logins who may approve. */
  users: z.array(z.string().regex(USER, { error: "must be a GitHub login" })).default([]).describe("GitHub logins who may approve"),
});

/** Severity of one policy rule, optionally different per environment. */
const ruleSettingsSchema = z.strictObject({
  /** Severity everywhere. */
  severity: severity.optional().describe("severity in every environment"),
  /** Severity per environment name, overriding `severity`. */
  environments: z.record(z.string(), severity).default({}).describe("severity per environment name"),
});

/** Config and secret review rules, evaluated by the `ferry/policy` check. */
export const policySchema = z
  .strictObject({
    secrets: z
      .strictObject({
        /** Teams one of whose members must approve a change to any Secret. */
        reviewers: teamList.default([]).describe("teams that must approve changes to Secrets"),
        /** People who may approve a change to any Secret, in addition to the teams' members. */
        users: z.array(z.string().regex(USER, { error: "must be a GitHub login" })).default([]).describe("GitHub logins that may approve changes to Secrets (besides the teams)"),
      })
      .prefault({})
      .describe("review rules for Secret changes"),
    config: z
      .strictObject({
        /** Approvals a change to configuration needs. */
        approvals: z.int().min(0).max(10).default(1).describe("approving reviews a configuration change needs"),
        /** Repository path globs whose changes need those approvals; empty means every path. */
        paths: z.array(glob).max(100).default([]).describe("path globs these approvals apply to (empty: all)"),
      })
      .prefault({})
      .describe("review rules for configuration changes"),
    images: z
      .strictObject({
        /** Reject images tagged `latest` or without a tag. */
        forbidLatest: z.boolean().default(true).describe("reject :latest and untagged images"),
        /** Require every image to be pinned by digest. */
        requireDigest: z.boolean().default(false).describe("require images pinned by @sha256 digest"),
        /** Registry prefixes images must come from; empty allows any. */
        registries: z.array(z.string().min(1)).default([]).describe("allowed registry prefixes, e.g. ghcr.io/acme (empty: any)"),
      })
      .prefault({})
      .describe("image rules"),
    /** Path globs whose changes need an approval from their owners, read from the default branch. */
    ownership: z.array(ownershipSchema).max(SETTINGS_LIMITS.ownership).default([]).describe("path globs whose changes need an approving review by one of their owners"),
    /** Findings accepted on purpose. */
    exemptions: z.array(exemptionSchema).max(SETTINGS_LIMITS.exemptions).default([]).describe("findings accepted on purpose, per rule and resource"),
    /** Severity per rule id. */
    rules: z.record(z.string().regex(RULE, { error: "must be a rule id such as \"resources-limits\"" }), ruleSettingsSchema).refine((rules) => Object.keys(rules).length <= SETTINGS_LIMITS.rules, { error: `allows at most ${SETTINGS_LIMITS.rules} rules` }).default({}).describe("severity per rule id, optionally per environment"),
  })
  .describe("policy checked by ferry/policy");

/** How the PR report is written. */
export const reportSchema = z
  .strictObject({
    /** Longest comment Ferry posts; GitHub rejects comments over 65,536 characters. */
    maxCommentChars: z.int().min(4000).max(65536).default(65536).describe("longest comment Ferry posts (GitHub's limit is 65536)"),
    /** Most comments one report may be split into before it falls back to a summary. */
    maxParts: z.int().min(1).max(50).default(10).describe("most comments one report is split into before falling back to a summary"),
    /** Lines of context around each change in resource diffs. */
    contextLines: z.int().min(0).max(20).default(3).describe("lines of context in resource diffs"),
    /** List unchanged resources in the table too. */
    showUnchanged: z.boolean().default(false).describe("list unchanged resources in the table"),
    /** Most entries per highlight list (images, replicas, ...). */
    maxHighlights: z.int().min(1).max(500).default(25).describe("most entries per highlight list"),
  })
  .describe("PR report options");

/** How Ferry talks to every cluster's API server: timeouts and how many requests at once. */
export const clusterSchema = z
  .strictObject({
    /** Seconds to open a connection to an API server before the cluster counts as unreachable. */
    connectTimeout: z.int().min(1).max(60).default(5).describe("seconds to open a connection to an API server before the cluster counts as unreachable"),
    /** Seconds from sending one request to the last byte of its answer (a server answering a byte at a time is cut off too). */
    responseTimeout: z.int().min(1).max(600).default(30).describe("seconds from sending one request to the last byte of its answer"),
    /** Requests in flight at once to one cluster during apply, dry-run and drift. */
    concurrency: z.int().min(1).max(64).default(16).describe("requests in flight at once to one cluster (apply, dry-run, drift)"),
  })
  .describe("how Ferry talks to each cluster's API server");

/** The whole settings file. */
export const settingsSchema = z
  .strictObject({
    /** The environments, first to last; promotesFrom links form chains or trees. */
    environments: z.array(environmentSchema).min(1).max(SETTINGS_LIMITS.environments).optional().describe("deployment environments; promotesFrom links must form chains or trees (default: staging → production)"),
    drift: driftSchema.prefault({}),
    policy: policySchema.prefault({}),
    report: reportSchema.prefault({}),
    cluster: clusterSchema.prefault({}),
  })
  .describe("Ferry settings (.github/ferry.yml), always read from the default branch");

/** Settings after parsing, with every default filled in. */
export type Settings = Omit<z.output<typeof settingsSchema>, "environments"> & { environments: EnvironmentSettings[] };
/** One environment after parsing. */
export type EnvironmentSettings = z.output<typeof environmentSchema>;
/** Policy settings after parsing. */
export type PolicySettings = z.output<typeof policySchema>;
/** Cluster access options after parsing. */
export type ClusterSettings = z.output<typeof clusterSchema>;
/** Report options after parsing. */
export type ReportSettings = z.output<typeof reportSchema>;
/** A rule severity. */
export type Severity = (typeof SEVERITIES)[number];
