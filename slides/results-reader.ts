/**
 * Reading the committed results files for the decks: the one place slides/ opens `results/`
 * (a {@link Results} with errors that name the file and the command that writes it).
 */
import * as fs from "node:fs";
import * as path from "node:path";

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

/** The command that produces each family of results files, for error messages and pending notes. */
export const RESULT_PRODUCERS: { prefix: string; command: string }[] = [
  { prefix: "gzip-knn/", command: "npm run gzip-knn -- --dataset NAME" },
  { prefix: "gzip-knn-speed.json", command: "npm run bench:gzip" },
  { prefix: "gzip-python-vs-node.json", command: "npx tsx scripts/python-gzip-reference.ts" },
  { prefix: "baselines/", command: "npm run train-baselines -- --dataset NAME" },
  { prefix: "serving/", command: "npm run bench:serving" },
  { prefix: "llm/serving.json", command: "npm run bench:llm" },
  { prefix: "llm/traces/", command: "npm run bench:llm" },
  { prefix: "llm/structured.json", command: "npm run bench:structured" },
  { prefix: "llm/decode-", command: "npm run bench:decode (on a GPU machine for GPU figures: bench/README.md)" },
  { prefix: "llm/", command: "npm run train-gpt -- --evaluate" },
  { prefix: "gpu/", command: "npm run bench:gpu (on a GPU machine for GPU figures)" },
];

/** The command that writes a results file (relative to results/), or a generic hint. */
export function producerOf(file: string): string {
  const hit = RESULT_PRODUCERS.find((p) => file.startsWith(p.prefix));
  if (!hit) return "the script that writes it (see README.md, 'Other commands')";
  const dataset = /^(?:gzip-knn|baselines)\/([a-z0-9_]+?)(?:-|\.json)/.exec(file)?.[1];
  return dataset ? hit.command.replace("NAME", dataset) : hit.command;
}

/** Read access to the results folder, with errors that say what is missing. */
export interface Results {
  /** Absolute path of the results folder. */
  readonly dir: string;
  /** Whether `results/<file>` exists. */
  has(file: string): boolean;
  /** The parsed JSON of `results/<file>`. @throws MissingResultError when the file does not exist */
  json(file: string): unknown;
  /** A field of a results file by path (see {@link lookupPath}). @throws MissingResultError */
  get(file: string, fieldPath: string): unknown;
  /** Like {@link Results.get}, for a finite number. @throws MissingResultError */
  num(file: string, fieldPath: string): number;
  /** The `.json` files of a results sub-folder, relative to results/ (sorted; empty when absent). */
  list(dir: string): string[];
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

/** A {@link Results} over a folder (default: `results/` of the repository). JSON is parsed once. */
export function openResults(dir: string): Results {
  const cache = new Map<string, unknown>();
  const rel = (file: string) => path.posix.join("results", file.replace(/^results\//, ""));
  const abs = (file: string) => path.join(dir, file.replace(/^results\//, ""));
  const r: Results = {
    dir,
    has: (file) => fs.existsSync(abs(file)),
    json(file) {
      const key = file.replace(/^results\//, "");
      if (!cache.has(key)) {
        if (!fs.existsSync(abs(key))) throw new MissingResultError(`${rel(key)} does not exist (it is written by \`${producerOf(key)}\`)`, rel(key));
        try {
          cache.set(key, JSON.parse(fs.readFileSync(abs(key), "utf8")));
        } catch (e) {
          throw new Error(`${rel(key)} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      return cache.get(key);
    },
    get(file, fieldPath) {
      const { value, failedAt } = lookupPath(r.json(file), fieldPath);
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
    list(sub) {
      const d = path.join(dir, sub);
      if (!fs.existsSync(d)) return [];
      return fs.readdirSync(d).filter((f) => f.endsWith(".json")).sort().map((f) => path.posix.join(sub, f));
    },
  };
  return r;
}
