import * as fs from "node:fs";
import * as path from "node:path";
import { sha256Hex } from "../fs/hash";
import { writeFileAtomicSync } from "../fs/atomic";
import { gunzipSync, gzipSync } from "node:zlib";
import type { DatasetFile, DatasetManifest } from "./manifest";
import { getManifest } from "./manifest";
import { defaultCacheDir, defaultMirrorDirs } from "./paths";

/** Where to look for dataset files. Every field is optional; the defaults come from the environment. */
export interface DataSourceOptions {
  /** Cache folder (downloads land here). Default: `MLSYS_DATA_CACHE` or `<repo>/.cache/datasets`. */
  cacheDir?: string;
  /** Mirror folders holding `<name>/<file>`. Default: `MLSYS_DATA_MIRROR` or `../shared/datasets` when present. */
  mirrorDirs?: string[];
  /** Allow downloading from the manifest's canonical URLs when no good local copy exists. Default true unless `MLSYS_OFFLINE=1`. */
  download?: boolean;
  /** Called with human-readable messages (skipped corrupt copies, downloads). Default `console.warn`. */
  log?: (msg: string) => void;
}

/** Thrown when a dataset file is missing or fails verification; the message says what to do. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

/** Result of checking one candidate copy of a file. */
export interface FileCheck {
  path: string;
  ok: boolean;
  /** Why it failed, when it did. */
  problem?: string;
}

/** Reads a stored file and returns its uncompressed bytes (gunzip when compressed). */
export function readDataFile(file: string, compression?: "gzip" | "none"): Buffer {
  const raw = fs.readFileSync(file);
  const gz = compression ? compression === "gzip" : file.endsWith(".gz");
  if (!gz) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new DatasetError(`${file} is not a valid gzip file (${(e as Error).message}).`);
  }
}

const verified = new Map<string, string>(); // path -> "size:mtime" already verified in this process

/** SHA-256 (hex) of a buffer (lib/fs's `sha256Hex`, under the name lib/data has always used). */
export const sha256: (buf: Uint8Array) => string = sha256Hex;

/**
 * Checks one stored copy against the manifest entry: readable, decompresses, right size, right SHA-256.
 */
export function checkFile(file: string, spec: DatasetFile): FileCheck {
  if (!fs.existsSync(file)) return { path: file, ok: false, problem: "missing" };
  const st = fs.statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  if (verified.get(file) === stamp) return { path: file, ok: true };
  let bytes: Buffer;
  try {
    bytes = readDataFile(file, spec.compression);
  } catch (e) {
    return { path: file, ok: false, problem: (e as Error).message };
  }
  const digest = sha256(bytes);
  if (bytes.length !== spec.bytes || digest !== spec.sha256) {
    return {
      path: file,
      ok: false,
      problem: `expected ${spec.bytes} bytes with SHA-256 ${spec.sha256.slice(0, 16)}…, found ${bytes.length} bytes with SHA-256 ${digest.slice(0, 16)}…`,
    };
  }
  verified.set(file, stamp);
  return { path: file, ok: true };
}

function fixHint(m: DatasetManifest, spec: DatasetFile, opts: Required<Pick<DataSourceOptions, "cacheDir" | "mirrorDirs">>): string {
  const lines = [];
  if (spec.urls.length) lines.push(`run \`npm run data -- fetch ${m.name}\` on a machine with internet (downloads ${spec.urls[0]})`);
  lines.push(
    `or put a good copy of ${m.name}/${spec.name} in a mirror folder and point MLSYS_DATA_MIRROR at it` +
      (opts.mirrorDirs.length ? ` (searched: ${opts.mirrorDirs.join(", ")})` : " (no mirror folder is configured and ../shared/datasets does not exist)"),
  );
  lines.push(`then check with \`npm run data -- verify ${m.name}\``);
  return "Fix: " + lines.join("; ") + ".";
}

async function download(m: DatasetManifest, spec: DatasetFile, cacheDir: string, log: (s: string) => void): Promise<string | undefined> {
  for (const url of spec.urls) {
    try {
      log(`Downloading ${m.name}/${spec.name} from ${url} …`);
      const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      let bytes: Buffer = Buffer.from(await res.arrayBuffer());
      if (spec.urlCompression === "gzip") bytes = gunzipSync(bytes);
      const digest = sha256(bytes);
      if (digest !== spec.sha256) throw new Error(`downloaded bytes have SHA-256 ${digest}, expected ${spec.sha256}`);
      const dest = path.join(cacheDir, m.name, spec.name);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      writeFileAtomicSync(dest, spec.name.endsWith(".gz") ? gzipSync(bytes, { level: 9 }) : bytes); // a crash never leaves a half-written file under the real name
      return dest;
    } catch (e) {
      log(`  download failed: ${(e as Error).message}`);
    }
  }
  return undefined;
}

/**
 * Finds a verified local copy of one dataset file: the cache first, then each mirror, then a
 * download from the canonical URL into the cache. Corrupt copies are reported and never used.
 * @returns the absolute path of a copy whose size and SHA-256 match the manifest
 * @throws {@link DatasetError} naming the file, what was expected and found, and the command that fixes it
 */
export async function ensureFile(name: string, fileName: string, options: DataSourceOptions = {}): Promise<string> {
  const m = getManifest(name);
  const spec = m.files.find((f) => f.name === fileName);
  if (!spec) throw new DatasetError(`Dataset "${name}" has no file "${fileName}" (files: ${m.files.map((f) => f.name).join(", ")}).`);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const mirrorDirs = options.mirrorDirs ?? defaultMirrorDirs();
  const log = options.log ?? ((s: string) => console.warn(s));
  const allowDownload = options.download ?? process.env.MLSYS_OFFLINE !== "1";
  const candidates = [path.join(cacheDir, name, fileName), ...mirrorDirs.map((d) => path.join(d, name, fileName))];
  const tried: FileCheck[] = [];
  for (const c of candidates) {
    const r = checkFile(c, spec);
    if (r.ok) return path.resolve(c);
    tried.push(r);
    if (r.problem !== "missing") log(`Skipping corrupt copy ${c}: ${r.problem}`);
  }
  if (allowDownload && spec.urls.length) {
    const got = await download(m, spec, cacheDir, log);
    if (got) return path.resolve(got);
    tried.push({ path: spec.urls.join(" | "), ok: false, problem: "download failed (offline?)" });
  }
  const corrupt = tried.filter((t) => t.problem !== "missing");
  const what = corrupt.length
    ? `failed verification: ${corrupt.map((t) => `${t.path}: ${t.problem}`).join("; ")}`
    : `was not found (looked in ${candidates.join(", ")})`;
  throw new DatasetError(`Dataset "${name}": file ${fileName} ${what}. ${fixHint(m, spec, { cacheDir, mirrorDirs })}`);
}

/** Verification outcome for every file of a dataset. */
export interface DatasetStatus {
  name: string;
  files: { name: string; ok: boolean; path?: string; problem?: string }[];
}

/** Verifies every file of a dataset (no download unless `options.download` is true). */
export async function verifyDataset(name: string, options: DataSourceOptions = {}): Promise<DatasetStatus> {
  const m = getManifest(name);
  const files: DatasetStatus["files"] = [];
  for (const f of m.files) {
    try {
      const p = await ensureFile(name, f.name, { download: false, log: () => {}, ...options });
      files.push({ name: f.name, ok: true, path: p });
    } catch (e) {
      files.push({ name: f.name, ok: false, problem: (e as Error).message });
    }
  }
  return { name, files };
}
