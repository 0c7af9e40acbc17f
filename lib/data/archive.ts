import * as fs from "node:fs";
import * as path from "node:path";
import type { DatasetArchive, DatasetFile, DatasetManifest } from "./manifest";
import { ARCHIVE_CONVERTER_NAMES } from "./manifest";
import { checkFile, DatasetError, sha256 } from "./verify";
import { downloadVerified, writeStoredFile } from "./download";
import { convertNewsgroupsBydate } from "./newsgroups";
import type { ProgressOptions } from "../viz/progress";

/** A converter: the archive's bytes in, the content of each split's file out, keyed by split name. */
export type ArchiveConverter = (archive: Uint8Array) => Promise<Record<string, Buffer>>;

/** The converters, by the name a manifest archive's `convert` field gives. */
export const ARCHIVE_CONVERTERS: Record<(typeof ARCHIVE_CONVERTER_NAMES)[number], ArchiveConverter> = {
  "20news-bydate": convertNewsgroupsBydate,
};

/** Options for {@link fetchFromArchive}. */
export interface ArchiveFetchOptions {
  /** Cache folder: the archive is kept at `<cacheDir>/<name>/<archive>` while converting, the files land beside it. Required. */
  cacheDir: string;
  /** Called with human-readable messages. Default `console.warn`. */
  log?: (msg: string) => void;
  /** Progress display of the download. Default `"auto"`. */
  progress?: ProgressOptions["mode"];
}

/** The manifest's archive that `spec` is converted from, if any. */
export function archiveOf(m: DatasetManifest, spec: DatasetFile): DatasetArchive | undefined {
  if (spec.archive === undefined) return undefined;
  const a = m.archives.find((x) => x.name === spec.archive);
  if (!a) throw new DatasetError(`Dataset "${m.name}": file ${spec.name} names archive "${spec.archive}", which the manifest's "archives" does not list.`);
  return a;
}

/** The archive as a file entry the download and verify functions take: kept as served (no gzip on top). */
function archiveSpec(a: DatasetArchive): DatasetFile {
  return { name: a.name, sha256: a.sha256, bytes: a.bytes, urls: a.urls, compression: "none", optional: true };
}

async function ensureArchive(m: DatasetManifest, a: DatasetArchive, o: ArchiveFetchOptions, log: (s: string) => void): Promise<string> {
  const dest = path.join(o.cacheDir, m.name, a.name);
  const spec = archiveSpec(a);
  const have = checkFile(dest, spec);
  if (have.ok) return dest;
  if (have.kind !== "missing") log(`Skipping corrupt archive ${dest}: ${have.problem}`);
  const problems: string[] = [];
  for (const url of a.urls) {
    try {
      log(`Downloading ${m.name}/${a.name} from ${url} …`);
      return await downloadVerified(url, spec, dest, { label: `${m.name}/${a.name}`, log, progress: o.progress });
    } catch (e) {
      log(`  download failed: ${(e as Error).message}`);
      problems.push((e as Error).message);
    }
  }
  throw new DatasetError(problems.join(" | "));
}

/**
 * Makes the files of `m` that are converted from the same archive as `fileName`: finds the
 * archive in the cache or downloads it from its URLs (resumable, SHA-256 checked as served),
 * converts it, checks every file it yields against the manifest's size and SHA-256, and stores
 * those that match in the cache (gzip-compressed). Once all of them match, the archive is deleted.
 * @returns the absolute path of `fileName`'s verified copy in the cache
 * @throws {@link DatasetError} when the archive cannot be had (each URL's problem), is corrupt, or
 *   converts to other bytes than the manifest records (expected and found SHA-256 values)
 */
export async function fetchFromArchive(m: DatasetManifest, fileName: string, options: ArchiveFetchOptions): Promise<string> {
  const spec = m.files.find((f) => f.name === fileName);
  if (!spec) throw new DatasetError(`Dataset "${m.name}" has no file "${fileName}".`);
  const a = archiveOf(m, spec);
  if (!a) throw new DatasetError(`Dataset "${m.name}": file ${fileName} is not converted from an archive (no "archive" field).`);
  const log = options.log ?? ((s: string) => console.warn(s));
  const archivePath = await ensureArchive(m, a, options, log);
  log(`Converting ${a.name} (${a.convert}) …`);
  const outputs = await ARCHIVE_CONVERTERS[a.convert](fs.readFileSync(archivePath));

  const problems = new Map<string, string>();
  const targets = m.files.filter((f) => f.archive === a.name);
  for (const f of targets) {
    const split = Object.entries(m.splits).find(([, s]) => s.file === f.name)?.[0];
    const content = split === undefined ? undefined : outputs[split];
    if (!content) {
      problems.set(f.name, `the ${a.convert} converter yields no split for it (it yields: ${Object.keys(outputs).join(", ")})`);
      continue;
    }
    const digest = sha256(content);
    if (digest !== f.sha256 || (f.bytes !== undefined && content.length !== f.bytes)) {
      const size = f.bytes === undefined ? "" : ` (${f.bytes.toLocaleString("en-US")} bytes)`;
      problems.set(f.name, `SHA-256 mismatch: expected ${f.sha256}${size}, found ${digest} (${content.length.toLocaleString("en-US")} bytes)`);
      continue;
    }
    writeStoredFile(path.join(options.cacheDir, m.name, f.name), content);
    log(`  ${m.name}/${f.name}: converted and verified.`);
  }
  if (!problems.size) fs.rmSync(archivePath, { force: true }); // the files hold everything the course reads from it
  const mine = problems.get(fileName);
  if (mine !== undefined) {
    throw new DatasetError(
      `${a.name} downloaded and verified, but converting it gave other bytes for ${m.name}/${fileName}: ${mine}. ` +
        `The archive is kept at ${archivePath}. The conversion (lib/data/archive.ts, converter "${a.convert}") does not reproduce the manifest's file: report it.`,
    );
  }
  return path.resolve(path.join(options.cacheDir, m.name, fileName));
}
