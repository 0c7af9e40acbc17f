import { z } from "zod";

/** Expectation on one numeric column. */
export interface NumericExpectation {
  kind: "number";
  /** Smallest and largest plausible value (learned from a reference batch or stated). */
  min: number;
  max: number;
  /** Largest acceptable share of nulls in a batch. */
  maxNullRate: number;
}

/** Expectation on one categorical column. */
export interface CategoryExpectation {
  kind: "category";
  /** The values allowed. */
  values: string[];
  /** Largest acceptable share of nulls in a batch. */
  maxNullRate: number;
}

/** Expectations on a batch of rows: per column, plus how much may be malformed or out of range. */
export interface BatchExpectations {
  columns: Record<string, NumericExpectation | CategoryExpectation>;
  /** Largest acceptable share of rows whose shape is wrong (a field of the wrong type or missing). Default 0. */
  maxMalformedRate: number;
  /** Largest acceptable share of a numeric column's values outside [min, max]. */
  maxOutOfRangeRate: number;
}

/** One failed expectation. */
export interface Violation {
  /** Column (or `"*"` for the row shape). */
  column: string;
  /** Which check failed. */
  check: "shape" | "null-rate" | "range" | "category";
  /** The measured share that broke it. */
  observed: number;
  /** The allowed share. */
  allowed: number;
}

/** Options of {@link learnExpectations}; every field has a default. */
export interface LearnExpectationsOptions {
  /** Widen each learned numeric range by this fraction of its width on both sides. Default `0.1`. */
  rangeSlack?: number;
  /** Null-rate tolerance added to the reference's null rate. Default `0.02`. */
  nullSlack?: number;
  /** Allowed share of out-of-range values. Default `0.01`. */
  maxOutOfRangeRate?: number;
  /** Allowed share of malformed rows. Default `0`. */
  maxMalformedRate?: number;
  /** Stated ranges that replace the learned ones, e.g. `{ price: [0, 1] }` for a normalized column. Default: none. */
  bounds?: Record<string, [number, number]>;
}

const isNull = (v: unknown): boolean => v === null || v === undefined || v === "";

/**
 * Learns expectations from a trusted reference batch: each numeric column's range (with slack),
 * each categorical column's value set, and each column's null rate (plus slack).
 * @throws when a column is absent from every row
 */
export function learnExpectations(reference: readonly Record<string, unknown>[], numeric: readonly string[], categorical: readonly string[], options: LearnExpectationsOptions = {}): BatchExpectations {
  const slack = options.rangeSlack ?? 0.1;
  const nullSlack = options.nullSlack ?? 0.02;
  const columns: BatchExpectations["columns"] = {};
  for (const c of numeric) {
    const xs = reference.map((r) => r[c]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (!xs.length) throw new Error(`learnExpectations: numeric column "${c}" has no numbers in the reference batch; check the column name.`);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of xs) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
    const w = hi - lo;
    const stated = options.bounds?.[c];
    columns[c] = { kind: "number", min: stated ? stated[0] : lo - slack * w, max: stated ? stated[1] : hi + slack * w, maxNullRate: Math.min(1, 1 - xs.length / reference.length + nullSlack) };
  }
  for (const c of categorical) {
    const vs = reference.map((r) => r[c]).filter((v) => !isNull(v)).map(String);
    if (!vs.length) throw new Error(`learnExpectations: categorical column "${c}" has no values in the reference batch; check the column name.`);
    columns[c] = { kind: "category", values: [...new Set(vs)].sort(), maxNullRate: Math.min(1, 1 - vs.length / reference.length + nullSlack) };
  }
  return { columns, maxMalformedRate: options.maxMalformedRate ?? 0, maxOutOfRangeRate: options.maxOutOfRangeRate ?? 0.01 };
}

/** The zod schema of one row under `expectations`: numbers (or null) and category strings (or null). */
export function rowSchema(expectations: BatchExpectations): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [c, e] of Object.entries(expectations.columns)) {
    shape[c] = e.kind === "number" ? z.number().finite().nullable() : z.union([z.string(), z.number()]).nullable();
  }
  return z.object(shape).passthrough();
}

/**
 * Checks a batch against its expectations: row shape with zod (malformed share), then per column
 * the null rate, the share outside the range, and values outside the category set. Returns every
 * violation (empty: the batch passes).
 */
export function validateBatch(rows: readonly Record<string, unknown>[], expectations: BatchExpectations): Violation[] {
  const out: Violation[] = [];
  if (!rows.length) return [{ column: "*", check: "shape", observed: 1, allowed: 0 }];
  const schema = rowSchema(expectations);
  const bad = rows.filter((r) => !schema.safeParse(r).success).length;
  if (bad / rows.length > expectations.maxMalformedRate) out.push({ column: "*", check: "shape", observed: bad / rows.length, allowed: expectations.maxMalformedRate });
  for (const [c, e] of Object.entries(expectations.columns)) {
    const vals = rows.map((r) => r[c]);
    const nulls = vals.filter(isNull).length / rows.length;
    if (nulls > e.maxNullRate) out.push({ column: c, check: "null-rate", observed: nulls, allowed: e.maxNullRate });
    const present = vals.filter((v) => !isNull(v));
    if (!present.length) continue;
    if (e.kind === "number") {
      const outside = present.filter((v) => typeof v === "number" && (v < e.min || v > e.max)).length / present.length;
      if (outside > expectations.maxOutOfRangeRate) out.push({ column: c, check: "range", observed: outside, allowed: expectations.maxOutOfRangeRate });
    } else {
      const allowed = new Set(e.values);
      const unknown = present.filter((v) => !allowed.has(String(v))).length / present.length;
      if (unknown > 0) out.push({ column: c, check: "category", observed: unknown, allowed: 0 });
    }
  }
  return out;
}
