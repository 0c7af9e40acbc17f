import { createRng } from "../data/random";
import { buildMalformedCorpus } from "../structured/error-model";
import { parseStructuredOutput } from "../structured/parse";
import { evaluateStructuredRepair } from "../structured/repair-eval";
import { loadStructuredRecords, type JsonValue, type StructuredRecord } from "../structured/records";
import { structuredRecordSchema } from "../structured/schemas";

/** Flattens a JSON object to dotted paths → leaf values (`{a: {b: 1}}` → `{"a.b": 1}`). */
export function flattenFields(value: unknown, prefix = ""): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) Object.assign(out, flattenFields(v, prefix ? `${prefix}.${k}` : k));
  } else if (prefix) out[prefix] = value as JsonValue;
  return out;
}

function setPath(obj: Record<string, JsonValue>, path: string, v: JsonValue): void {
  const parts = path.split(".");
  let o = obj as Record<string, JsonValue>;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, JsonValue>;
  o[parts[parts.length - 1]!] = v;
}

/**
 * Plants wrong-but-valid field values, the errors a schema cannot see: each field of each record is,
 * with probability `rate`, replaced by the same field's value in another record of the same source
 * that differs from it (a plausible, well-typed, wrong value). With `formatRate`, a field is also,
 * with that probability, reformatted without changing its meaning to a lenient reader: a string
 * upper-cased, a number off by 2% — the cases two scorers disagree about.
 * @returns the generated records and, per record, the paths that were changed
 */
export function plantFieldErrors(records: readonly StructuredRecord[], rate: number, seed = 42, formatRate = 0): { records: StructuredRecord[]; changed: string[][] } {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`plantFieldErrors: rate must lie in [0, 1], got ${rate}`);
  const rng = createRng(seed);
  const flat = records.map((r) => flattenFields(r.value));
  const changed: string[][] = [];
  const out = records.map((r, i) => {
    const value = JSON.parse(JSON.stringify(r.value)) as Record<string, JsonValue>;
    const paths: string[] = [];
    for (const [path, v] of Object.entries(flat[i]!)) {
      if (formatRate > 0 && rng.next() < formatRate && v !== null && (typeof v === "string" || typeof v === "number")) {
        const f = typeof v === "string" ? v.toUpperCase() : Math.round(v * 1.02 * 100) / 100;
        if (f !== v) {
          setPath(value, path, f);
          paths.push(path);
          continue;
        }
      }
      if (rng.next() >= rate) continue;
      const donors = flat.filter((f, j) => j !== i && records[j]!.source === r.source && JSON.stringify(f[path]) !== JSON.stringify(v) && f[path] !== undefined);
      if (!donors.length) continue;
      setPath(value, path, donors[rng.int(donors.length)]![path]!);
      paths.push(path);
    }
    changed.push(paths);
    return { ...r, value };
  });
  return { records: out, changed };
}

/** Field-level comparison of one output with its gold record. */
export interface FieldScore {
  /** Gold fields with a non-null value. */
  goldFields: number;
  /** Output fields with a non-null value. */
  predictedFields: number;
  /** Output fields equal to gold (non-null on both sides). */
  correct: number;
  /** Gold fields (null included) the output got wrong or left out. */
  wrong: number;
}

/** Compares an output value (or `undefined` when the output was unusable) with the gold value, field by field. */
export function scoreFields(output: unknown, gold: unknown, equal: (a: JsonValue, b: JsonValue) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b)): FieldScore {
  const g = flattenFields(gold);
  const o = output === undefined ? {} : flattenFields(output);
  let goldFields = 0;
  let predictedFields = 0;
  let correct = 0;
  let wrong = 0;
  for (const [k, v] of Object.entries(g)) {
    if (v !== null) goldFields++;
    const ov = o[k];
    if (ov === undefined || !equal(ov, v)) wrong++;
    else if (v !== null) correct++;
  }
  for (const v of Object.values(o)) if (v !== null) predictedFields++;
  return { goldFields, predictedFields, correct, wrong };
}

/**
 * Cohen's kappa between two raters' labels of the same items: (p_o − p_e) / (1 − p_e), with p_e
 * from each rater's marginal shares. 1 = perfect agreement, 0 = chance level.
 * @throws when the lists differ in length or are empty
 */
export function cohenKappa(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (!a.length || a.length !== b.length) throw new Error(`cohenKappa: both raters must label the same non-zero number of items (got ${a.length} and ${b.length})`);
  const n = a.length;
  const cats = [...new Set([...a, ...b])];
  let agree = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) agree++;
  const po = agree / n;
  const pe = cats.reduce<number>((s, c) => s + (a.filter((x) => x === c).length / n) * (b.filter((x) => x === c).length / n), 0);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}

/** Lenient equality a second scorer might use: case- and space-insensitive strings, numbers within 5%. */
export function lenientEqual(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === "string" && typeof b === "string") return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 0.05 * Math.max(Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rubric grade of one output: 2 all fields right, 1 usable with at most two wrong fields, 0 otherwise. */
export function rubricGrade(s: FieldScore | null): 0 | 1 | 2 {
  if (!s) return 0;
  return s.wrong === 0 ? 2 : s.wrong <= 2 ? 1 : 0;
}

/** What {@link structuredEvalExperiment} measured. */
export interface StructuredEvalResult {
  outputs: number;
  fieldErrorRate: number;
  formatRate: number;
  /** Share of outputs that pass the schema as they are / after repair. */
  validity: { before: number; afterRepair: number };
  /** Among outputs valid after repair: share whose every field is right. */
  exactAmongValid: number;
  /** Among outputs valid after repair: share of their fields that are right. */
  fieldAccuracyAmongValid: number;
  /** Field-level precision and recall over all outputs (unusable outputs predict nothing). */
  fields: { precision: number; recall: number };
  /** Agreement of the strict and the lenient scorer's rubric grades. */
  rubric: { kappa: number; agreement: number; strictMean: number; lenientMean: number };
  /** Re-prompt tokens per 1,000 outputs: re-prompting every invalid output vs repairing first. */
  tokensPer1000: { repromptAll: number; repairThenReprompt: number; tokenizer: string };
}

/**
 * Trust in structured output, measured: gold records from the course's four datasets, generated
 * outputs carrying wrong-but-valid field values ({@link plantFieldErrors}) and syntax errors (the
 * structured-output lesson's error model), read with repair. Reports validity beside field
 * accuracy, field precision/recall, rubric agreement between two scorers (Cohen's kappa), and the
 * tokens of re-prompting vs repairing.
 */
export async function structuredEvalExperiment(options: { perSource?: number; fieldErrorRate?: number; formatRate?: number; seed?: number } = {}): Promise<StructuredEvalResult> {
  const rate = options.fieldErrorRate ?? 0.03;
  const gold = await loadStructuredRecords({ perSource: options.perSource ?? 100, seed: options.seed ?? 42 });
  const planted = plantFieldErrors(gold, rate, options.seed ?? 42, options.formatRate ?? 0.03);
  const corpus = buildMalformedCorpus(planted.records, { syntaxes: ["json"], seed: options.seed ?? 42 });
  let validBefore = 0;
  let validAfter = 0;
  let exact = 0;
  let fieldsRight = 0;
  let fieldsSeen = 0;
  let correct = 0;
  let predicted = 0;
  let goldFields = 0;
  const strict: number[] = [];
  const lenient: number[] = [];
  for (const it of corpus) {
    const g = gold[it.record]!.value;
    const schema = structuredRecordSchema(it.source);
    if (parseStructuredOutput(it.text, schema, { syntax: "json" }).ok) validBefore++;
    const r = parseStructuredOutput(it.text, schema, { syntax: "json", repair: true });
    const s = r.ok ? scoreFields(r.value, g) : null;
    const l = r.ok ? scoreFields(r.value, g, lenientEqual) : null;
    const gs = scoreFields(undefined, g);
    goldFields += gs.goldFields;
    if (s) {
      validAfter++;
      if (s.wrong === 0) exact++;
      const n = Object.keys(flattenFields(g)).length;
      fieldsSeen += n;
      fieldsRight += n - s.wrong;
      correct += s.correct;
      predicted += s.predictedFields;
    }
    strict.push(rubricGrade(s));
    lenient.push(rubricGrade(l));
  }
  const [cost] = evaluateStructuredRepair(corpus, { groupBy: "all" });
  const n = corpus.length;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    outputs: n,
    fieldErrorRate: rate,
    formatRate: options.formatRate ?? 0.03,
    validity: { before: validBefore / n, afterRepair: validAfter / n },
    exactAmongValid: exact / validAfter,
    fieldAccuracyAmongValid: fieldsRight / fieldsSeen,
    fields: { precision: correct / predicted, recall: correct / goldFields },
    rubric: { kappa: cohenKappa(strict, lenient), agreement: strict.filter((x, i) => x === lenient[i]).length / n, strictMean: mean(strict), lenientMean: mean(lenient) },
    tokensPer1000: { repromptAll: (cost!.repromptTokensWithoutRepair / n) * 1000, repairThenReprompt: (cost!.repromptTokensWithRepair / n) * 1000, tokenizer: "o200k_base" },
  };
}
