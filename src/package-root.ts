import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory holding Ferry's package.json. Files that ship beside the code
 * (fixtures/, ferry.schema.json) are found from here, so the paths are the same whether
 * this module runs from src/ (tsx, tests) or from the compiled dist/src/.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "package.json"))) return at;
    if (dirname(at) === at) return dirname(dir);
  }
}
