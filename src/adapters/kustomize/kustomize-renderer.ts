import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, isAbsolute, join } from "node:path";
import { parseManifests } from "../../core/manifest/parse-manifests.ts";
import { DEFAULT_RENDER_LIMITS, type RenderFunction, type Renderers, type RenderLimits, type RenderResult } from "../../core/render/index.ts";
import type { FileTree } from "../../core/tree/file-tree.ts";
import { RenderError } from "../../errors.ts";
import { findKustomizeRoots } from "./find-kustomize-roots.ts";
import { writeTreeToDir } from "./write-tree-to-dir.ts";

/** Which kustomize the server runs, from its own environment (never from a repository). */
export interface KustomizeCommand {
  /** Absolute path of the program. */
  readonly file: string;
  /** `kubectl` runs as `kubectl kustomize DIR`, a kustomize binary as `kustomize build DIR`. */
  readonly kind: "kubectl" | "kustomize";
  /** Longest a render may take before kustomize is killed. */
  readonly timeoutMs: number;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
// The first part of kustomize's stderr shown in an error: enough for its message, not a file dump.
const MAX_ERROR_CHARS = 1_000;

/**
 * Returns the kustomize this process may run, or undefined when there is none:
 * FERRY_KUSTOMIZE (a kustomize binary, absolute path) when set, else FERRY_KUBECTL or
 * `kubectl` found on PATH. FERRY_KUSTOMIZE_TIMEOUT_SECONDS bounds a render (default 60).
 * The binary is a setting of the server, not of `.github/ferry.yml`: a repository that
 * could name the program Ferry runs could make it run anything.
 */
export function readKustomizeCommand(env: Readonly<Record<string, string | undefined>>): KustomizeCommand | undefined {
  const seconds = Number(env.FERRY_KUSTOMIZE_TIMEOUT_SECONDS ?? DEFAULT_TIMEOUT_SECONDS);
  const timeoutMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
  if (env.FERRY_KUSTOMIZE) {
    const file = findProgram(env.FERRY_KUSTOMIZE, env.PATH);
    return file === undefined ? undefined : { file, kind: "kustomize", timeoutMs };
  }
  const file = findProgram(env.FERRY_KUBECTL || "kubectl", env.PATH);
  return file === undefined ? undefined : { file, kind: "kubectl", timeoutMs };
}

/**
 * Returns a RenderFunction that runs the real kustomize on a copy of the tree: the
 * directories the build can read (findKustomizeRoots) written to a new temporary
 * directory (removed afterwards, also on failure),
 * then `kubectl kustomize DIR` (or `kustomize build DIR`) with the load restrictor on
 * and Helm, alpha plugins, exec functions and container networking off, an environment
 * with no PATH, no credentials and a proxy that refuses every connection (kustomize
 * fetches remote bases with git and HTTP: both fail at once, so the render is offline),
 * a timeout and an output cap. A failing build is a RenderError with kustomize's message.
 */
export function createKustomizeRenderer(command: KustomizeCommand): RenderFunction {
  return async (tree: FileTree, path: string, limits?: Partial<RenderLimits>): Promise<RenderResult> => {
    const budget = { ...DEFAULT_RENDER_LIMITS, ...limits };
    const dir = await mkdtemp(join(tmpdir(), "ferry-kustomize-"));
    try {
      const root = join(dir, "repo");
      await writeTreeToDir({ tree, dir: root, roots: await findKustomizeRoots(tree, path), maxFiles: budget.maxFiles, maxBytes: budget.maxBytes });
      const target = path === "" ? root : join(root, path);
      const yaml = await runKustomize({ command, target, home: dir, maxOutputBytes: budget.maxOutputBytes, path });
      const source = `${path === "" ? "." : path}/kustomization.yaml`;
      const resources = parseManifests(yaml, source, { maxAliases: budget.maxAliases }).map((m) => ({ object: m.object, source: { file: source } }));
      return { resources, yaml };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function runKustomize(params: { command: KustomizeCommand; target: string; home: string; maxOutputBytes: number; path: string }): Promise<string> {
  const { command, target, path } = params;
  const safety = ["--load-restrictor=LoadRestrictionsRootOnly", "--enable-helm=false", "--enable-alpha-plugins=false", "--network=false"];
  // `kubectl kustomize` has no exec functions at all; the kustomize binary needs them turned off.
  const args = command.kind === "kubectl" ? ["kustomize", target, ...safety] : ["build", target, ...safety, "--enable-exec=false"];
  const refused = "http://127.0.0.1:9";
  const env = { PATH: "", HOME: params.home, KUBECONFIG: "/dev/null", HTTP_PROXY: refused, HTTPS_PROXY: refused, http_proxy: refused, https_proxy: refused, NO_PROXY: "", GIT_TERMINAL_PROMPT: "0" };
  return new Promise((resolve, reject) => {
    execFile(command.file, args, { cwd: params.home, env, timeout: command.timeoutMs, killSignal: "SIGKILL", maxBuffer: params.maxOutputBytes, encoding: "utf8" }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as { code?: unknown }).code;
      if (code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
        return reject(new RenderError({ code: "render-limit", message: `kustomize printed more than ${params.maxOutputBytes} bytes for "${path}"; split it or use render.engine: builtin` }));
      }
      if (error.killed) {
        return reject(new RenderError({ code: "render-limit", message: `kustomize took longer than ${command.timeoutMs / 1000} s for "${path}" and was stopped; raise FERRY_KUSTOMIZE_TIMEOUT_SECONDS or simplify the kustomization` }));
      }
      // kustomize names files by their path in the temporary copy; show repository paths.
      const message = kustomizeMessage(stderr).split(target).join(path || ".").split(`${join(params.home, "repo")}/`).join("").slice(0, MAX_ERROR_CHARS);
      reject(new RenderError({ message: `kustomize failed for "${path}" (exit ${String(code)}): ${message || "no message"}`, cause: error }));
    });
  });
}

/**
 * Returns kustomize's error without kubectl's log prefix (`E1202 15:34:20.288230 7261
 * run.go:72] "command failed" err="..."`, or `err=<` and tab-indented lines for a long
 * one), whose time and process id would make the same failure read differently on
 * every render, or the standalone binary's `Error: `. A configuration kustomize quotes
 * across lines (a Helm chart's or plugin's settings, which may hold values a report must
 * not show) is left out.
 */
export function kustomizeMessage(stderr: string): string {
  const text = stderr.trim();
  const prefix = /^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] "command failed" err=/.exec(text);
  let message = text.replace(/^Error: /, "");
  if (prefix) {
    const rest = text.slice(prefix[0].length);
    const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    const block = /^<\n([\s\S]*?)\n\s*>/.exec(rest);
    message = quoted?.[1] !== undefined ? quoted[1].replace(/\\(.)/g, "$1") : block?.[1] !== undefined ? block[1].replace(/^\t/gm, "") : rest;
  }
  return message.replace(/`[^`]*\n[^`]*`/g, "(configuration not shown)").replace(/\s*\n\s*/g, " ");
}

function findProgram(name: string, pathVariable: string | undefined): string | undefined {
  const candidates = isAbsolute(name) ? [name] : name.includes("/") ? [] : (pathVariable ?? "").split(delimiter).filter((d) => d !== "").map((d) => join(d, name));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Returns the renderers this process has besides the built-in one: kustomize when it can run one. */
export function readRenderers(env: Readonly<Record<string, string | undefined>>): Renderers {
  const command = readKustomizeCommand(env);
  return command === undefined ? {} : { kustomize: createKustomizeRenderer(command) };
}
