import * as fs from "node:fs";
import * as path from "node:path";

let root: string | undefined;

/**
 * The repository root: the nearest folder above this file holding the course's package.json.
 * Notebooks, scripts and tests all resolve data, models and results from here.
 */
export function repoRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, "lib", "index.ts"))) return (root = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Cannot find the course repository root above ${__dirname}`);
    dir = up;
  }
}

/**
 * The dataset cache folder: `MLSYS_DATA_CACHE`, else `<repo>/.cache/datasets`.
 * Downloads are stored here, gzip-compressed, under `<name>/<file>`.
 */
export function defaultCacheDir(): string {
  return process.env.MLSYS_DATA_CACHE || path.join(repoRoot(), ".cache", "datasets");
}

/**
 * Mirror folders searched for dataset files, in order: `MLSYS_DATA_MIRROR` (a path list separated
 * by `:`), else `../shared/datasets` beside the repository when it exists.
 */
export function defaultMirrorDirs(): string[] {
  const env = process.env.MLSYS_DATA_MIRROR;
  if (env) return env.split(path.delimiter).filter(Boolean);
  const shared = path.resolve(repoRoot(), "..", "shared", "datasets");
  return fs.existsSync(shared) ? [shared] : [];
}
