import Papa from "papaparse";
import { getManifest, type DatasetSplit } from "./manifest";
import { readDataFile, DatasetError } from "./verify";
import { ensureFile, type DataSourceOptions } from "./sources";

/** A labelled document: the unit of every text-classification lesson. */
export interface LabelledText {
  /** Class label (mapped through the manifest's `labelNames` when it has them). */
  label: string;
  /** The document's text (fields joined with one space, as the manifest says). */
  text: string;
}

/** A row of a tabular dataset: numbers where the column parses as a number, strings otherwise, `null` for empty. */
export type TableRow = Record<string, string | number | null>;

function parseCsv(text: string, split: DatasetSplit, where: string): TableRow[] {
  const header = split.header ?? true;
  const res = Papa.parse<string[]>(text.replace(/\r\n/g, "\n"), { skipEmptyLines: true });
  if (res.errors.length) {
    const e = res.errors[0]!;
    throw new DatasetError(`${where}: CSV parse error at row ${e.row}: ${e.message}`);
  }
  let rows = res.data;
  let cols: string[];
  if (header) {
    cols = rows[0] ?? [];
    rows = rows.slice(1);
  } else {
    if (!split.columns) throw new DatasetError(`${where}: manifest must give "columns" for a CSV without header`);
    cols = split.columns;
  }
  const numeric = cols.map((_, j) => rows.every((r) => r[j] === undefined || r[j] === "" || r[j] === "NA" || !isNaN(Number(r[j]))));
  // label and text fields always stay strings
  const keepString = new Set([split.labelField, ...(split.textFields ?? [])].filter(Boolean) as string[]);
  return rows.map((r, i) => {
    if (r.length !== cols.length) throw new DatasetError(`${where}: row ${i + 1} has ${r.length} fields, expected ${cols.length}`);
    const o: TableRow = {};
    cols.forEach((c, j) => {
      const v = r[j]!;
      if (keepString.has(c)) o[c] = v;
      else o[c] = v === "" || v === "NA" ? null : numeric[j] ? Number(v) : v;
    });
    return o;
  });
}

const rowCache = new Map<string, TableRow[]>();

/**
 * Loads one split's rows after verifying the file's checksum, then checks the row count and
 * per-class counts against the manifest. Rows come in file order.
 * @throws {@link DatasetError} when a file is missing/corrupt or a count differs from the manifest
 */
export async function loadRows(name: string, split: string, options: DataSourceOptions = {}): Promise<TableRow[]> {
  const m = getManifest(name);
  const s = m.splits[split];
  if (!s) throw new DatasetError(`Dataset "${name}" has no split "${split}" (splits: ${Object.keys(m.splits).join(", ")}).`);
  // verify first (cheap when this process already hashed the same file), then reuse parsed rows
  // only for that very file: other sources (a test mirror, a corrupt copy) are never masked
  const file = await ensureFile(name, s.file, options);
  const key = `${name}/${split}@${file}`;
  const hit = rowCache.get(key);
  if (hit) return hit;
  const where = `${name}/${s.file}`;
  const spec = m.files.find((f) => f.name === s.file);
  const text = readDataFile(file, spec?.compression).toString("utf8");
  let rows: TableRow[];
  switch (s.format) {
    case "jsonl":
      rows = text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l, i) => {
          try {
            return JSON.parse(l) as TableRow;
          } catch {
            throw new DatasetError(`${where}: line ${i + 1} is not valid JSON`);
          }
        });
      break;
    case "label-tab-text":
      rows = text
        .split("\n")
        .filter((l) => l !== "")
        .map((l, i) => {
          const t = l.indexOf("\t");
          if (t < 0) throw new DatasetError(`${where}: line ${i + 1} has no TAB between label and text`);
          return { label: l.slice(0, t), text: l.slice(t + 1) };
        });
      break;
    case "csv":
      rows = parseCsv(text, s, where);
      break;
    case "text":
      rows = [{ text }];
      break;
  }
  checkCounts(name, split, s, rows);
  rowCache.set(key, rows);
  return rows;
}

function checkCounts(name: string, split: string, s: DatasetSplit, rows: TableRow[]): void {
  const fix = `The file does not match datasets/${name}.json: replace it with a good copy (npm run data -- verify ${name}).`;
  const fail = (what: string): never => {
    throw new DatasetError(`Dataset "${name}" split "${split}": ${what}. ${fix}`);
  };
  if (rows.length !== s.rows) fail(`expected ${s.rows} rows, found ${rows.length}`);
  if (!s.classCounts) return;
  const field = s.labelField ?? "label";
  const counts = countBy(rows.map((r) => String(r[field])));
  for (const [label, n] of Object.entries(s.classCounts)) {
    if ((counts.get(label) ?? 0) !== n) fail(`expected ${n} rows of class "${label}", found ${counts.get(label) ?? 0}`);
  }
  for (const [label, n] of counts) {
    if (!(label in s.classCounts)) fail(`found ${n} rows of class "${label}", which the manifest does not list`);
  }
}

function countBy(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * Loads a text-classification split as `{label, text}` rows, verified (checksum, row and class counts).
 * @example
 * const train = await loadTextSplit("r8", "train"); // 5,485 rows
 */
export async function loadTextSplit(name: string, split: string, options: DataSourceOptions = {}): Promise<LabelledText[]> {
  const s = getManifest(name).splits[split];
  const rows = await loadRows(name, split, options);
  if (!s) throw new DatasetError(`Dataset "${name}" has no split "${split}".`);
  const labelField = s.labelField ?? "label";
  const textFields = s.textFields ?? ["text"];
  return rows.map((r) => {
    const raw = String(r[labelField]);
    return { label: s.labelNames?.[raw] ?? raw, text: textFields.map((f) => String(r[f] ?? "")).join(" ") };
  });
}

/** Loads a whole-document split (`format: "text"`, e.g. a novel) as one string, verified. */
export async function loadDocument(name: string, split: string, options: DataSourceOptions = {}): Promise<string> {
  const s = getManifest(name).splits[split];
  if (s && s.format !== "text") throw new DatasetError(`Dataset "${name}" split "${split}" is ${s.format}, not a text document; use loadRows.`);
  const rows = await loadRows(name, split, options);
  return String(rows[0]!.text);
}

/** Forgets rows loaded in this process (tests use it after replacing files). */
export function clearDatasetCache(): void {
  rowCache.clear();
}
