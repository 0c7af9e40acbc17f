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
 * The course's dataset folder: the manifests (`<name>.json`) and, beside them, the data files the
 * course ships (`<name>/<file>`, gzip-compressed, committed). `MLSYS_DATASETS_DIR` replaces it
 * (tests use it to serve stand-in manifests); default `<repo>/datasets`.
 */
export function datasetsDir(): string {
  return process.env.MLSYS_DATASETS_DIR || path.join(repoRoot(), "datasets");
}

/**
 * The dataset cache folder: `MLSYS_DATA_CACHE`, else `<repo>/.cache/datasets`.
 * Downloads are stored here, gzip-compressed, under `<name>/<file>`.
 */
export function defaultCacheDir(): string {
  return process.env.MLSYS_DATA_CACHE || path.join(repoRoot(), ".cache", "datasets");
}

/**
 * Mirror folders searched for dataset files (after the cache and the shipped copies), in order:
 * `MLSYS_DATA_MIRROR` when it is set (folders separated by `:`; set but empty, `MLSYS_DATA_MIRROR=`,
 * means **no mirror at all**), else `../shared/datasets` beside the repository when it exists.
 */
export function defaultMirrorDirs(): string[] {
  const env = process.env.MLSYS_DATA_MIRROR;
  if (env !== undefined) return env.split(path.delimiter).filter(Boolean);
  const shared = path.resolve(repoRoot(), "..", "shared", "datasets");
  return fs.existsSync(shared) ? [shared] : [];
}

/** True when `MLSYS_OFFLINE=1`: nothing is downloaded, whatever a caller asks. */
export function offlineMode(): boolean {
  return process.env.MLSYS_OFFLINE === "1";
}
