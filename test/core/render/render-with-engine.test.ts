import { describe, expect, it } from "vitest";
import { renderKustomization } from "../../../src/core/render/render-kustomization.ts";
import { renderWithEngine, type RenderFunction } from "../../../src/core/render/render-with-engine.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/index.ts";
import { RenderError, type AppError } from "../../../src/errors.ts";

const tree = buildMemoryFileTree({ "app/kustomization.yaml": "resources: [cm.yaml]\n", "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n" });
const KUSTOMIZE_YAML = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kustomize\n";
const standIn: RenderFunction = async () => ({ yaml: KUSTOMIZE_YAML, resources: [] });
const failing: RenderFunction = async () => {
  throw new RenderError({ message: "kustomize failed for \"app\" (exit 1): no" });
};

describe("renderWithEngine", () => {
  it.each([
    { name: "renders with the built-in renderer for builtin, whatever else is there", engine: "builtin" as const, renderers: { kustomize: standIn }, expected: "name: cfg" },
    { name: "renders with the kustomize renderer for kustomize", engine: "kustomize" as const, renderers: { kustomize: standIn }, expected: "name: from-kustomize" },
  ])("$name", async ({ engine, renderers, expected }) => {
    const result = await renderWithEngine({ engine, renderers, tree, path: "app" });

    expect(result.yaml).toContain(expected);
  });

  it("matches renderKustomization byte for byte for builtin", async () => {
    const [viaEngine, direct] = await Promise.all([renderWithEngine({ engine: "builtin", tree, path: "app" }), renderKustomization(tree, "app")]);

    expect(viaEngine).toEqual(direct);
  });

  it.each([
    { name: "fails, never falls back to the built-in renderer, when kustomize is chosen and this process has none", renderers: {}, code: "render-unsupported", message: "render.engine is kustomize" },
    { name: "passes a kustomize failure on, never falls back to the built-in renderer", renderers: { kustomize: failing }, code: "render-failed", message: "kustomize failed" },
  ])("$name", async ({ renderers, code, message }) => {
    const error = (await renderWithEngine({ engine: "kustomize", renderers, tree, path: "app" }).catch((e: unknown) => e)) as AppError;

    expect(error).toBeInstanceOf(RenderError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
