import { z } from "zod";
import * as fs from "node:fs";
import * as path from "node:path";
import { datasetsDir } from "./paths";

/** One file of a dataset, as stored in a mirror or cache (usually gzip-compressed). */
export const DatasetFileSchema = z.object({
  /** File name inside the dataset's folder, e.g. `train.txt.gz`. */
  name: z.string().min(1),
  /** SHA-256 (hex) of the file's **uncompressed** bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * Size in bytes of the uncompressed content, checked with the SHA-256. Omitted only for a file
   * nobody here has held (e.g. the full AG News train set): then the SHA-256 alone decides.
   */
  bytes: z.number().int().nonnegative().optional(),
  /** How the stored file is compressed. Default `gzip` when the name ends in `.gz`. */
  compression: z.enum(["gzip", "none"]).optional(),
  /**
   * Canonical download URLs of the original bytes (tried in order); the download is verified
   * against the same SHA-256 and stored gzip-compressed in the cache. Empty when no canonical
   * single-file source exists (the file was converted or assembled): then only a mirror can supply it.
   */
  urls: z.array(z.string().url()).default([]),
  /** Compression of what the URL serves. Default `none`. */
  urlCompression: z.enum(["gzip", "none"]).optional(),
  /**
   * True for a file the course does not need: it is not shipped in `datasets/<name>/`, a missing
   * copy is reported as "not shipped (optional)" and fails nothing; `npm run data -- fetch NAME
   * --split SPLIT` (or `--all`) downloads it. Default false: the file ships with the course.
   */
  optional: z.boolean().default(false),
  /**
   * Name of an entry in the manifest's `archives` that this file is converted from, when its
   * canonical source is an archive rather than a single file (20 Newsgroups: the 20news-bydate
   * tarball). A download fetches and checks the archive, converts it, and the file's own SHA-256
   * then decides, as for any other file.
   */
  archive: z.string().min(1).optional(),
});

/** The converters that turn a canonical archive into a dataset's files (see `lib/data/archive.ts`). */
export const ARCHIVE_CONVERTER_NAMES = ["20news-bydate"] as const;

/** A canonical archive that some of a dataset's files are converted from. */
export const DatasetArchiveSchema = z.object({
  /** File name the archive is kept under in the cache while it is converted, e.g. `20news-bydate.tar.gz`. */
  name: z.string().min(1),
  /** SHA-256 (hex) of the archive exactly as served (not decompressed). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Size in bytes of the archive as served, when known. */
  bytes: z.number().int().nonnegative().optional(),
  /** Canonical download URLs of the archive, tried in order. */
  urls: z.array(z.string().url()).min(1),
  /** The converter that produces the files (`ARCHIVE_CONVERTER_NAMES`). */
  convert: z.enum(ARCHIVE_CONVERTER_NAMES),
});

/** How the rows of a split are parsed. */
export const SplitSchema = z.object({
  /** Name of the file (in `files`) holding the split. */
  file: z.string().min(1),
  /**
   * Row format: `jsonl` (one JSON object a line), `csv` (RFC 4180 with a header line unless
   * `header` is false), `label-tab-text` (`label<TAB>text` lines), `text` (the whole file is one document).
   */
  format: z.enum(["jsonl", "csv", "label-tab-text", "text"]),
  /** CSV only: false when the file has no header line (then `columns` names the fields). Default true. */
  header: z.boolean().optional(),
  /** CSV: column names (required when `header` is false) and, optionally, their types. */
  columns: z.array(z.string()).optional(),
  /** Field holding the class label, for classification data. */
  labelField: z.string().optional(),
  /** Fields joined with a single space to make the text of a row (text datasets). */
  textFields: z.array(z.string()).optional(),
  /** Optional mapping from raw label values to class names (e.g. AG News `1` → `World`). */
  labelNames: z.record(z.string(), z.string()).optional(),
  /** Expected number of rows (documents for `text`). Verified on load. */
  rows: z.number().int().nonnegative(),
  /** Expected rows per class (raw label values), verified on load when present. */
  classCounts: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Free-text caveat shown to the learner (e.g. "a 12,000-row subset of the 120,000-row train set"). */
  note: z.string().optional(),
});

/** A dataset's manifest: provenance, licence, files with checksums, splits with expected counts. */
export const DatasetManifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  title: z.string(),
  description: z.string(),
  /** Modules that use the dataset, e.g. `["01"]`. */
  modules: z.array(z.string()).default([]),
  homepage: z.string().url().optional(),
  licence: z.string(),
  citation: z.string(),
  files: z.array(DatasetFileSchema).min(1),
  splits: z.record(z.string(), SplitSchema),
  /** Canonical archives that files name in their `archive` field. Default none. */
  archives: z.array(DatasetArchiveSchema).default([]),
  notes: z.array(z.string()).default([]),
});

/** Types inferred from the schemas above. */
export type DatasetFile = z.infer<typeof DatasetFileSchema>;
/** A split's parsing rules and expected counts. */
export type DatasetSplit = z.infer<typeof SplitSchema>;
/** A canonical archive some files are converted from. */
export type DatasetArchive = z.infer<typeof DatasetArchiveSchema>;
/** A validated dataset manifest. */
export type DatasetManifest = z.infer<typeof DatasetManifestSchema>;

/** Folder holding the committed manifests (`datasets/<name>.json`, or `MLSYS_DATASETS_DIR`). */
export function manifestDir(): string {
  return datasetsDir();
}

/** Names of every registered dataset, sorted. */
export function listDatasets(): string[] {
  return fs
    .readdirSync(manifestDir())
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

const cache = new Map<string, DatasetManifest>();

/**
 * Reads and validates `datasets/<name>.json`.
 * @throws when the dataset is not registered or its manifest is malformed (the message says which field).
 */
export function getManifest(name: string): DatasetManifest {
  const file = path.join(manifestDir(), `${name}.json`);
  const hit = cache.get(file);
  if (hit) return hit;
  if (!fs.existsSync(file)) {
    throw new Error(
      `Unknown dataset "${name}". Registered datasets: ${listDatasets().join(", ")}. ` +
        `To add one, write datasets/${name}.json (see datasets/README.md).`,
    );
  }
  const parsed = DatasetManifestSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Manifest ${file} is malformed: ${issues}`);
  }
  for (const [split, s] of Object.entries(parsed.data.splits)) {
    if (!parsed.data.files.some((f) => f.name === s.file)) {
      throw new Error(`Manifest ${file}: split "${split}" names file "${s.file}", which is not in "files".`);
    }
  }
  for (const f of parsed.data.files) {
    if (f.archive !== undefined && !parsed.data.archives.some((a) => a.name === f.archive)) {
      throw new Error(`Manifest ${file}: file "${f.name}" names archive "${f.archive}", which is not in "archives".`);
    }
  }
  cache.set(file, parsed.data);
  return parsed.data;
}

/** True when a split's file is optional (not shipped, fetched on demand), e.g. AG News `train_full`. */
export function isOptionalSplit(name: string, split: string): boolean {
  const m = getManifest(name);
  const s = m.splits[split];
  if (!s) throw new Error(`Dataset "${name}" has no split "${split}" (splits: ${Object.keys(m.splits).join(", ")}).`);
  return m.files.find((f) => f.name === s.file)!.optional;
}
