/**
 * Reading and writing results files through their family's schema. Every reader (notebooks, decks,
 * exercises, scripts) goes through {@link readResult}; every writer through {@link writeResult}, which
 * writes to `build/results/` unless asked to save into the committed `results/`.
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../data/paths";
import { writeFileAtomic } from "../fs/atomic";
import { zodIssuesToStructured } from "../structured/parse";
import { ResultFileError, resultsRelativePath as relative, type ResultFamily } from "./family";

/** Where {@link readResult} and {@link listResults} look. */
export interface ReadResultOptions {
  /** The results folder. Default: `results/` of the repository. */
  dir?: string;
}

/** The committed results folder, `<repo>/results`. */
export function resultsDir(): string {
  return path.join(repoRoot(), "results");
}

/** The version stamped in a parsed file: `schemaVersion`, or 1 for files written before versioning. */
export function storedVersion(raw: unknown): number {
  const v = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>).schemaVersion : undefined;
  return typeof v === "number" ? v : 1;
}

/** Throws unless `file` is one of the family's canonical files. */
function checkCanonical(family: ResultFamily, rel: string): void {
  if (!family.files.test(rel)) {
    throw new ResultFileError(
      `results/${rel} is not a canonical ${family.name} results file (canonical names match ${family.files}); an ad-hoc run belongs under build/results/, and the committed file is written by \`${family.command(rel)}\``,
      `results/${rel}`,
      "not-canonical",
      family.command(rel),
    );
  }
}

/**
 * The absolute path of a canonical results file that exists (for files read by a family-specific
 * reader, such as the `.jsonl` traces).
 * @throws ResultFileError when the name is not canonical or the file is missing
 */
export function resultFilePath(family: ResultFamily, file: string, options: ReadResultOptions = {}): string {
  const rel = relative(file);
  checkCanonical(family, rel);
  const abs = path.join(options.dir ?? resultsDir(), rel);
  const command = family.command(rel);
  if (!fs.existsSync(abs)) throw new ResultFileError(`results/${rel} does not exist: it is written by \`${command}\``, `results/${rel}`, "missing", command);
  return abs;
}

/**
 * Reads one canonical results file and validates it against its family's schema.
 * @param family the family (e.g. `GZIP_KNN`), whose schema types the value
 * @param file path relative to `results/` (a leading `results/` is accepted), e.g. `gzip-knn/r8-gzip-9.json`
 * @throws ResultFileError when the file is not canonical, missing, not JSON, of another schema
 *   version (stale) or does not match the schema; the message names the command that rewrites it
 */
export function readResult<T>(family: ResultFamily<T>, file: string, options: ReadResultOptions = {}): T {
  const rel = relative(file);
  if (family.format === "jsonl") throw new Error(`readResult: results/${rel} is a ${family.name} (.jsonl) file; read it with its own reader (readLlmTraceFile for traces) on resultFilePath(…).`);
  return parseResultFile(family, resultFilePath(family, rel, options), `results/${rel}`, family.command(rel));
}

/**
 * Reads a file of a family that lies outside `results/` (an ad-hoc run under `build/results/`, or
 * any path), validated like {@link readResult} but with no check that its name is canonical.
 * @param file absolute or working-directory-relative path of the file
 * @throws ResultFileError when the file is missing, not JSON, stale or does not match the schema
 */
export function readResultFile<T>(family: ResultFamily<T>, file: string): T {
  const shown = path.relative(repoRoot(), path.resolve(file)).replace(/\\/g, "/");
  const command = family.command(relative(shown.replace(/^build\/results\//, "")));
  if (!fs.existsSync(file)) throw new ResultFileError(`${shown} does not exist: it is written by \`${command}\``, shown, "missing", command);
  return parseResultFile(family, file, shown, command);
}

/** Parses, version-checks and validates one file of `family` at `abs` (`shown` and `command` go into errors). */
function parseResultFile<T>(family: ResultFamily<T>, abs: string, shown: string, command: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(abs, "utf8"));
  } catch (e) {
    throw new ResultFileError(`${shown} is not valid JSON (${(e as Error).message}): rewrite it with \`${command}\``, shown, "malformed", command);
  }
  const version = storedVersion(raw);
  if (version !== family.version) {
    throw new ResultFileError(
      `${shown} is stale: written with ${family.name} schema version ${version}, this code reads version ${family.version}; regenerate it with \`${command}\``,
      shown,
      "stale",
      command,
    );
  }
  const parsed = family.schema.safeParse(raw);
  if (!parsed.success) {
    const issues = zodIssuesToStructured(parsed.error, raw).slice(0, 5).map((i) => `${i.path || "(top)"}: ${i.message}`);
    throw new ResultFileError(
      `${shown} does not match the ${family.name} schema (${issues.join("; ")}${parsed.error.issues.length > 5 ? "; …" : ""}); regenerate it with \`${command}\``,
      shown,
      "malformed",
      command,
    );
  }
  return parsed.data;
}

function walk(dir: string, prefix: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) walk(path.join(dir, e.name), rel, out);
    else if (e.isFile()) out.push(rel);
  }
}

/** Every file under the results folder, relative to it (posix slashes, sorted). */
export function listAllResultFiles(options: ReadResultOptions = {}): string[] {
  const out: string[] = [];
  walk(options.dir ?? resultsDir(), "", out);
  return out.sort();
}

/** The family's canonical files that exist, relative to `results/` (sorted); ad-hoc files are left out. */
export function listResults(family: ResultFamily<unknown>, options: ReadResultOptions = {}): string[] {
  return listAllResultFiles(options).filter((f) => family.files.test(f));
}

/** Every canonical file of a family, read and validated: `{ file, value }` in file order. */
export function readResults<T>(family: ResultFamily<T>, options: ReadResultOptions = {}): { file: string; value: T }[] {
  return listResults(family, options).map((file) => ({ file, value: readResult(family, file, options) }));
}

/** Where {@link writeResult} writes. */
export interface WriteResultOptions {
  /** Write into the committed `results/` (the `--save` flag). Default false: `build/results/`. */
  save?: boolean;
  /** The repository root the two folders are under. Default: {@link repoRoot}. */
  root?: string;
  /** Write the file (its base name) into this folder instead, e.g. `--out DIR` on a GPU machine. Default: none. */
  dir?: string;
  /** Keys left out wherever they occur (bulky raw data such as `samples`). Default: none. */
  omitKeys?: readonly string[];
}

/** The path a results file goes to: `<root>/results/<file>` when saving, else `<root>/build/results/<file>` (or `<dir>/<name>`). */
export function resultTarget(file: string, options: WriteResultOptions = {}): string {
  if (options.dir) return path.join(options.dir, path.posix.basename(relative(file)));
  const root = options.root ?? repoRoot();
  return path.join(root, ...(options.save ? ["results"] : ["build", "results"]), relative(file));
}

/**
 * Validates `value` against the family's schema (at run time: writers build their records from
 * their own typed pieces, whose interfaces zod's inferred input types do not accept), stamps `schemaVersion` and writes it atomically,
 * to `build/results/<file>` by default or to the committed `results/<file>` with `save: true`.
 * @returns the absolute path written
 * @throws ResultFileError when saving under a name that is not canonical; Error when the value does not match the schema
 */
export async function writeResult(family: ResultFamily<unknown>, file: string, value: object, options: WriteResultOptions = {}): Promise<string> {
  const rel = relative(file);
  if (options.save) checkCanonical(family, rel);
  const parsed = family.schema.safeParse(value);
  if (!parsed.success) {
    const issues = zodIssuesToStructured(parsed.error, value).slice(0, 5).map((i) => `${i.path || "(top)"}: ${i.message}`);
    throw new Error(`writeResult: the ${family.name} record for ${rel} does not match its schema (${issues.join("; ")}): fix the writer or the schema in lib/results (and raise its version if the format changed).`);
  }
  const target = resultTarget(rel, options);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const { schemaVersion: _old, ...rest } = value as Record<string, unknown>;
  const omit = new Set(options.omitKeys ?? []);
  const text = JSON.stringify({ schemaVersion: family.version, ...rest }, (k, v: unknown) => (k && omit.has(k) ? undefined : v), 2);
  await writeFileAtomic(target, text + "\n");
  return target;
}

/** True when the command line asks to write into the committed `results/` (`--save`). */
export function saveRequested(argv: readonly string[] = process.argv): boolean {
  return argv.includes("--save");
}
