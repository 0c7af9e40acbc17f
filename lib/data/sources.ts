import * as path from "node:path";
import type { DatasetFile, DatasetManifest } from "./manifest";
import { getManifest } from "./manifest";
import { datasetsDir, defaultCacheDir, defaultMirrorDirs, offlineMode } from "./paths";
import { checkFile, DatasetError, type FileCheck } from "./verify";
import { downloadVerified } from "./download";
import { archiveOf, fetchFromArchive } from "./archive";
import type { ProgressOptions } from "../viz/progress";

/** Where to look for dataset files. Every field is optional; the defaults come from the environment. */
export interface DataSourceOptions {
  /** Cache folder (downloads land here). Default: `MLSYS_DATA_CACHE` or `<repo>/.cache/datasets`. */
  cacheDir?: string;
  /** Folder of the copies that ship with the course, holding `<name>/<file>`. Default: `datasets/` (or `MLSYS_DATASETS_DIR`). */
  shippedDir?: string;
  /** Mirror folders holding `<name>/<file>`. Default: `MLSYS_DATA_MIRROR` (empty: none) or `../shared/datasets` when present. */
  mirrorDirs?: string[];
  /** Allow downloading from the manifest's canonical URLs when no good local copy exists. Default true; `MLSYS_OFFLINE=1` always forbids it. */
  download?: boolean;
  /** Called with human-readable messages (skipped corrupt copies, downloads). Default `console.warn`. */
  log?: (msg: string) => void;
  /** Progress display of a download. Default `"auto"` (a bar on a terminal, lines in CI). */
  progress?: ProgressOptions["mode"];
}

/** Where a verified copy was found. */
export type FileSource = "cache" | "shipped" | "mirror" | "download";

/** A place a file is looked for, and what checking it there gave. */
export interface SourceCheck extends FileCheck {
  /** Which kind of place it is. */
  source: Exclude<FileSource, "download">;
}

function resolveOptions(options: DataSourceOptions): Required<Pick<DataSourceOptions, "cacheDir" | "shippedDir" | "mirrorDirs">> {
  return {
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    shippedDir: options.shippedDir ?? datasetsDir(),
    mirrorDirs: options.mirrorDirs ?? defaultMirrorDirs(),
  };
}

function fileSpec(m: DatasetManifest, fileName: string): DatasetFile {
  const spec = m.files.find((f) => f.name === fileName);
  if (!spec) throw new DatasetError(`Dataset "${m.name}" has no file "${fileName}" (files: ${m.files.map((f) => f.name).join(", ")}).`);
  return spec;
}

/**
 * Checks the local copies of one file in the loader's order (cache, the course's shipped copy,
 * each mirror) and stops at the first that verifies. Never downloads.
 * @returns the verified copy, if any, and every place checked before it
 */
export function findVerifiedCopy(m: DatasetManifest, fileName: string, options: DataSourceOptions = {}): { found?: SourceCheck; tried: SourceCheck[] } {
  const spec = fileSpec(m, fileName);
  const o = resolveOptions(options);
  const places: { source: SourceCheck["source"]; path: string }[] = [
    { source: "cache", path: path.join(o.cacheDir, m.name, fileName) },
    { source: "shipped", path: path.join(o.shippedDir, m.name, fileName) },
    ...o.mirrorDirs.map((d) => ({ source: "mirror" as const, path: path.join(d, m.name, fileName) })),
  ];
  const tried: SourceCheck[] = [];
  for (const p of places) {
    const r = { ...checkFile(p.path, spec), source: p.source };
    if (r.ok) return { found: { ...r, path: path.resolve(r.path) }, tried };
    tried.push(r);
  }
  return { tried };
}

/** The split (if any) that reads a file, for messages such as `fetch ag_news --split train_full`. */
function splitOf(m: DatasetManifest, fileName: string): string | undefined {
  return Object.entries(m.splits).find(([, s]) => s.file === fileName)?.[0];
}

/**
 * True when a file can be downloaded: it has canonical URLs, or it is converted from an archive
 * that has (20 Newsgroups).
 */
export function canDownload(spec: DatasetFile): boolean {
  return spec.urls.length > 0 || spec.archive !== undefined;
}

/** The first address a download of the file would try: its own URL, else its archive's. */
function downloadSource(m: DatasetManifest, spec: DatasetFile): string | undefined {
  if (spec.urls.length) return spec.urls[0];
  const a = archiveOf(m, spec);
  return a ? `${a.urls[0]} and converts it` : undefined;
}

/**
 * The command that downloads one file of a dataset: `npm run data -- fetch NAME` for a file the
 * course needs, or for any file of a dataset that is optional as a whole (20 Newsgroups);
 * `… --split SPLIT` (or `--all`) for an optional file of a dataset that also ships files.
 */
export function fetchCommand(m: DatasetManifest, fileName: string): string {
  const spec = fileSpec(m, fileName);
  if (!spec.optional || m.files.every((f) => f.optional)) return `npm run data -- fetch ${m.name}`;
  const split = splitOf(m, fileName);
  return `npm run data -- fetch ${m.name} ${split ? `--split ${split}` : "--all"}`;
}

function fixHint(m: DatasetManifest, spec: DatasetFile, tried: SourceCheck[], mirrorDirs: string[]): string {
  const lines: string[] = [];
  const shipped = tried.find((t) => t.source === "shipped");
  if (!spec.optional && shipped) {
    lines.push(`restore the course's copy with \`git checkout -- datasets/${m.name}/${spec.name}\``);
  }
  const source = downloadSource(m, spec);
  if (source) lines.push(`${lines.length ? "or " : ""}run \`${fetchCommand(m, spec.name)}\` on a machine with internet (downloads ${source})`);
  lines.push(
    `or put a good copy of ${m.name}/${spec.name} in a mirror folder and point MLSYS_DATA_MIRROR at it` +
      (mirrorDirs.length ? ` (searched: ${mirrorDirs.join(", ")})` : " (no mirror folder is in use)"),
  );
  lines.push(`then check with \`npm run data -- verify ${m.name}\``);
  return "Fix: " + lines.join("; ") + ".";
}

/**
 * Finds a verified local copy of one file of `m`, in order: the cache, the course's shipped copy
 * (`datasets/<name>/<file>`), each mirror, then a download from the canonical URLs into the cache,
 * or of the canonical archive it is converted from (unless `download` is false or `MLSYS_OFFLINE=1`). Corrupt copies are reported and never used.
 * @returns the absolute path of a copy whose size and SHA-256 match the manifest
 * @throws {@link DatasetError} naming the file, what failed where (gzip's integrity check, or the
 *   SHA-256 with the expected and found values), and the command that fixes it
 */
export async function ensureManifestFile(m: DatasetManifest, fileName: string, options: DataSourceOptions = {}): Promise<string> {
  const spec = fileSpec(m, fileName);
  const o = resolveOptions(options);
  const log = options.log ?? ((s: string) => console.warn(s));
  const { found, tried } = findVerifiedCopy(m, fileName, o);
  const restore = (t: SourceCheck): string => (t.source === "shipped" && !spec.optional ? ` (restore it: git checkout -- datasets/${m.name}/${spec.name})` : "");
  for (const t of tried) if (t.kind !== "missing") log(`Skipping corrupt copy ${t.path}: ${t.problem}${restore(t)}`);
  if (found) return found.path;

  const downloadProblems: string[] = [];
  if (canDownload(spec)) {
    if (offlineMode()) downloadProblems.push(`not downloaded: MLSYS_OFFLINE=1 forbids downloads (unset it to download).`);
    else if (options.download === false) downloadProblems.push(`not downloaded (downloads were not asked for here).`);
    else {
      const dest = path.join(o.cacheDir, m.name, spec.name);
      for (const url of spec.urls) {
        try {
          log(`Downloading ${m.name}/${spec.name} from ${url} …`);
          const got = await downloadVerified(url, spec, dest, { label: `${m.name}/${spec.name}`, log, progress: options.progress });
          return path.resolve(got);
        } catch (e) {
          log(`  download failed: ${(e as Error).message}`);
          downloadProblems.push((e as Error).message);
        }
      }
      if (spec.archive !== undefined) {
        try {
          return await fetchFromArchive(m, spec.name, { cacheDir: o.cacheDir, log, progress: options.progress });
        } catch (e) {
          log(`  ${(e as Error).message}`);
          downloadProblems.push((e as Error).message);
        }
      }
    }
  }
  const corrupt = tried.filter((t) => t.kind !== "missing");
  const what = corrupt.length
    ? `failed verification: ${corrupt.map((t) => `${t.path}: ${t.problem}`).join("; ")}`
    : `was not found (looked in ${tried.map((t) => t.path).join(", ")})`;
  const dl = downloadProblems.length ? ` Download: ${downloadProblems.join(" | ")}` : "";
  throw new DatasetError(`Dataset "${m.name}": file ${spec.name} ${what}.${dl} ${fixHint(m, spec, tried, o.mirrorDirs)}`);
}

/**
 * {@link ensureManifestFile} for a registered dataset (`datasets/<name>.json`).
 * @example
 * const p = await ensureFile("r8", "test.txt.gz"); // datasets/r8/test.txt.gz, verified
 */
export async function ensureFile(name: string, fileName: string, options: DataSourceOptions = {}): Promise<string> {
  return ensureManifestFile(getManifest(name), fileName, options);
}

/** Verification outcome for one file of a dataset. */
export interface FileStatus {
  /** File name inside the dataset's folder. */
  name: string;
  /** A verified copy exists locally. */
  ok: boolean;
  /** The manifest marks the file optional (not shipped): its absence is not a failure. */
  optional: boolean;
  /** No copy exists anywhere (as opposed to a corrupt one). */
  missing: boolean;
  /** Where the verified copy is (absolute path) and which kind of place that is. */
  path?: string;
  source?: FileSource;
  /** The loader's error when no verified copy exists. */
  problem?: string;
}

/** Verification outcome for every file of a dataset. */
export interface DatasetStatus {
  /** Dataset name. */
  name: string;
  /** One entry per file of the manifest, in manifest order. */
  files: FileStatus[];
}

/** Verifies every file of a dataset (no download unless `options.download` is true). */
export async function verifyDataset(name: string, options: DataSourceOptions = {}): Promise<DatasetStatus> {
  const m = getManifest(name);
  const files: FileStatus[] = [];
  for (const f of m.files) {
    const { found, tried } = findVerifiedCopy(m, f.name, options);
    if (found) {
      files.push({ name: f.name, ok: true, optional: f.optional, missing: false, path: found.path, source: found.source });
      continue;
    }
    try {
      const p = await ensureManifestFile(m, f.name, { download: false, log: () => {}, ...options });
      files.push({ name: f.name, ok: true, optional: f.optional, missing: false, path: p, source: "download" });
    } catch (e) {
      files.push({ name: f.name, ok: false, optional: f.optional, missing: tried.every((t) => t.kind === "missing"), problem: (e as Error).message });
    }
  }
  return { name, files };
}

/**
 * True when a verified copy of the split's file is available locally (cache, shipped copy or a
 * mirror), without downloading anything. Use it to pick an optional split only when present.
 * @example
 * const split = hasSplit("ag_news", "train_full") ? "train_full" : "train"; // 120,000 rows or the shipped 12,000
 */
export function hasSplit(name: string, split: string, options: DataSourceOptions = {}): boolean {
  const m = getManifest(name);
  const s = m.splits[split];
  if (!s) throw new DatasetError(`Dataset "${name}" has no split "${split}" (splits: ${Object.keys(m.splits).join(", ")}).`);
  return findVerifiedCopy(m, s.file, options).found !== undefined;
}

/**
 * The first of `splits` whose file is available locally and verified (see {@link hasSplit}).
 * @throws {@link DatasetError} when none is, naming the splits and how to get them
 */
export function firstAvailableSplit(name: string, splits: readonly string[], options: DataSourceOptions = {}): string {
  for (const s of splits) if (hasSplit(name, s, options)) return s;
  const m = getManifest(name);
  const how = splits.map((s) => `${s}: ${fetchCommand(m, m.splits[s]!.file)}`).join("; ");
  throw new DatasetError(`Dataset "${name}": none of the splits ${splits.join(", ")} is available locally. Get one with ${how}.`);
}
