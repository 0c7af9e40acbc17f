/**
 * Reading the committed results files for the decks: the one place slides/ opens `results/`, always
 * through the typed readers of lib/results (each file validated by its family's schema), with errors
 * that name the file and the command that writes it.
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readResult, listResults, familyOfFile, resultsRelativePath, ResultFileError, type ResultFamily } from "../lib/results/index";

/** A value or chart needs a results file or a field that does not exist (yet). */
export class MissingResultError extends Error {
  /** The results file involved, relative to the repository (e.g. `results/gzip-knn/r8-gzip-9.json`). */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = "MissingResultError";
    this.file = file;
  }
}

/** Read access to the results folder through the typed readers of lib/results, with errors that say what is missing. */
export interface Results {
  /** Absolute path of the results folder. */
  readonly dir: string;
  /** Whether the canonical file `results/<file>` exists. */
  has(file: string): boolean;
  /**
   * A canonical results file, parsed and validated by its family's schema (parsed once).
   * @throws MissingResultError when the file does not exist; ResultFileError when it is malformed or stale
   */
  read<T>(family: ResultFamily<T>, file: string): T;
  /** The canonical files of a family that exist, relative to results/ (sorted). */
  list(family: ResultFamily<unknown>): string[];
  /**
   * A field of a results file by path (see {@link lookupPath}), for the decks' `{{value FILE PATH}}`
   * placeholders; the file is validated by its family first. Figures computed here use {@link Results.read}.
   * @throws MissingResultError
   */
  get(file: string, fieldPath: string): unknown;
  /** Like {@link Results.get}, for a finite number. @throws MissingResultError */
  num(file: string, fieldPath: string): number;
}

/**
 * Resolve a field path inside parsed JSON. Segments are separated by dots; a segment is a key, an
 * array index, or a selector `[field=value]` that picks the array element whose `field` equals
 * `value` (it may follow a key: `models[name=tfidf-word-logreg].accuracy`).
 * @returns the value, or `undefined` with the first segment that failed in `failedAt`
 */
export function lookupPath(root: unknown, fieldPath: string): { value: unknown; failedAt?: string } {
  const segments = fieldPath.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let cur: unknown = root;
  let walked = "";
  for (const seg of segments) {
    walked += seg.startsWith("[") || !walked ? seg : "." + seg;
    if (seg.startsWith("[")) {
      const m = /^\[([^=\]]+)=([^\]]*)\]$/.exec(seg);
      if (!m) throw new Error(`Bad selector "${seg}" in path "${fieldPath}": write [field=value].`);
      if (!Array.isArray(cur)) return { value: undefined, failedAt: walked };
      cur = (cur as Record<string, unknown>[]).find((e) => e !== null && typeof e === "object" && String(e[m[1]!]) === m[2]);
    } else if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      cur = cur[Number(seg)];
    } else if (cur !== null && typeof cur === "object" && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      return { value: undefined, failedAt: walked };
    }
    if (cur === undefined) return { value: undefined, failedAt: walked };
  }
  return { value: cur };
}

/** A {@link Results} over a folder (default: `results/` of the repository). Each file is parsed once. */
export function openResults(dir: string): Results {
  const cache = new Map<string, unknown>();
  const key = resultsRelativePath;
  const rel = (file: string) => path.posix.join("results", key(file));
  const r: Results = {
    dir,
    has: (file) => familyOfFile(key(file)) !== undefined && fs.existsSync(path.join(dir, key(file))),
    read<T>(family: ResultFamily<T>, file: string): T {
      const k = key(file);
      if (!cache.has(k)) {
        try {
          cache.set(k, readResult(family, k, { dir }));
        } catch (e) {
          if (e instanceof ResultFileError && e.reason === "missing") throw new MissingResultError(e.message, e.file);
          throw e;
        }
      }
      return cache.get(k) as T;
    },
    list: (family) => listResults(family, { dir }),
    get(file, fieldPath) {
      const family = familyOfFile(key(file));
      if (!family) throw new MissingResultError(`${rel(file)} is not a canonical results file (lib/results declares which are); for a new family add its schema there`, rel(file));
      const { value, failedAt } = lookupPath(r.read(family, file), fieldPath);
      if (failedAt !== undefined || value === undefined || value === null) {
        throw new MissingResultError(`${rel(file)} has no value at "${fieldPath}"${failedAt && failedAt !== fieldPath ? ` (stopped at "${failedAt}")` : ""}`, rel(file));
      }
      return value;
    },
    num(file, fieldPath) {
      const v = r.get(file, fieldPath);
      if (typeof v !== "number" || !Number.isFinite(v)) throw new MissingResultError(`${rel(file)} at "${fieldPath}" is ${JSON.stringify(v)}, not a number`, rel(file));
      return v;
    },
  };
  return r;
}
