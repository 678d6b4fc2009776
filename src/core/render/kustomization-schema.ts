import type { GoType } from "./decode-go-json.ts";

/**
 * kustomize v5.5's Kustomization struct (api/types), as encoding/json sees it: the JSON
 * name and Go type of every field, embedded structs flattened. Replacements and Helm
 * settings are checked by their own readers (or refused), so they stay `any` here.
 */

const STRINGS: GoType = { list: "string" };
const STRING_MAP: GoType = { map: "string" };

const GVK = { group: "string", version: "string", kind: "string" } as const;

const FIELD_SPEC: GoType = { name: "a field spec", struct: { ...GVK, path: "string", create: "bool" } };

const SELECTOR: GoType = { name: "a patch target", struct: { ...GVK, name: "string", namespace: "string", annotationSelector: "string", labelSelector: "string" } };

const PATCH: GoType = { name: "a patch", struct: { path: "string", patch: "string", target: SELECTOR, options: { map: "bool" } } };

const GENERATOR_OPTIONS: GoType = { name: "generator options", struct: { labels: STRING_MAP, annotations: STRING_MAP, disableNameSuffixHash: "bool", immutable: "bool" } };

const GENERATOR_ARGS = { namespace: "string", name: "string", behavior: "string", literals: STRINGS, files: STRINGS, envs: STRINGS, env: "string", options: GENERATOR_OPTIONS } as const;

const VAR: GoType = {
  name: "a var",
  struct: {
    name: "string",
    objref: { name: "a var's objref", struct: { apiVersion: "string", ...GVK, name: "string", namespace: "string" } },
    fieldref: { name: "a var's fieldref", struct: { fieldpath: "string" } },
  },
};

export const KUSTOMIZATION_TYPE: GoType = {
  name: "the kustomization",
  struct: {
    apiVersion: "string",
    kind: "string",
    metadata: { name: "metadata", struct: { name: "string", namespace: "string", labels: STRING_MAP, annotations: STRING_MAP } },
    openapi: STRING_MAP,
    namePrefix: "string",
    nameSuffix: "string",
    namespace: "string",
    commonLabels: STRING_MAP,
    labels: { list: { name: "a labels entry", struct: { pairs: STRING_MAP, includeSelectors: "bool", includeTemplates: "bool", fields: { list: FIELD_SPEC } } } },
    commonAnnotations: STRING_MAP,
    patchesStrategicMerge: STRINGS,
    patchesJson6902: { list: PATCH },
    patches: { list: PATCH },
    images: { list: { name: "an images entry", struct: { name: "string", newName: "string", tagSuffix: "string", newTag: "string", digest: "string" } } },
    imageTags: { list: { name: "an imageTags entry", struct: { name: "string", newName: "string", tagSuffix: "string", newTag: "string", digest: "string" } } },
    replacements: { list: "any" },
    replicas: { list: { name: "a replicas entry", struct: { name: "string", count: "int" } } },
    vars: { list: VAR },
    resources: STRINGS,
    components: STRINGS,
    crds: STRINGS,
    bases: STRINGS,
    configMapGenerator: { list: { name: "a configMapGenerator entry", struct: GENERATOR_ARGS } },
    secretGenerator: { list: { name: "a secretGenerator entry", struct: { ...GENERATOR_ARGS, type: "string" } } },
    helmGlobals: "any",
    helmCharts: "any",
    helmChartInflationGenerator: "any",
    generatorOptions: GENERATOR_OPTIONS,
    configurations: STRINGS,
    generators: STRINGS,
    transformers: STRINGS,
    validators: STRINGS,
    buildMetadata: STRINGS,
    sortOptions: { name: "sortOptions", struct: { order: "string", legacySortOptions: { name: "legacySortOptions", struct: { orderFirst: STRINGS, orderLast: STRINGS } } } },
  },
};
