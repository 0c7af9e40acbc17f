import type { SparseVector } from "../text/sparse";

/**
 * A row of a table as the encoder reads it: column name → number, string, or null/undefined/""
 * for a missing value. `TableRow` from `loadRows` fits.
 */
export type TabularRow = Readonly<Record<string, unknown>>;

/** Options of {@link TabularEncoder}; every field except the column lists has a default. */
export interface TabularEncoderOptions {
  /** Numeric columns, standardised to z-scores with the training mean and standard deviation. Default none. */
  numeric?: readonly string[];
  /** Categorical columns, one-hot encoded (one feature per category seen in training). Default none. */
  categorical?: readonly string[];
  /**
   * What `transform` does with a category not seen in training: `"ignore"` (default; every one-hot
   * feature of that column is 0, as scikit-learn's `handle_unknown="ignore"`) or `"error"` (throw).
   */
  handleUnknown?: "ignore" | "error";
  /**
   * Categories seen fewer times than this in training are pooled into one `"(other)"` category.
   * Default `1` (keep every category).
   */
  minCategoryCount?: number;
  /** Standardise numeric columns (`false`: pass raw values through, missing → train mean). Default `true`. */
  standardize?: boolean;
}

/** Fitted statistics of one numeric column. */
export interface NumericColumnStats {
  /** Column name. */
  column: string;
  /** Training mean (also the value a missing entry is imputed with). */
  mean: number;
  /** Training standard deviation (population, as scikit-learn's `StandardScaler`); 1 for a constant column. */
  std: number;
  /** Training rows where the value was missing. */
  missing: number;
}

/** Fitted categories of one categorical column. */
export interface CategoricalColumnStats {
  /** Column name. */
  column: string;
  /** Categories in feature order (sorted); a missing value is the category `"(missing)"`, pooled rare ones `"(other)"`. */
  categories: string[];
  /** Training count of each category, same order. */
  counts: number[];
}

/** Saved form of a fitted {@link TabularEncoder}. */
export interface TabularEncoderJSON {
  kind: "tabular-encoder";
  version: 1;
  handleUnknown: "ignore" | "error";
  minCategoryCount: number;
  standardize: boolean;
  numeric: NumericColumnStats[];
  categorical: CategoricalColumnStats[];
}

/** Category a missing categorical value becomes. */
export const TABULAR_MISSING_CATEGORY = "(missing)";
/** Category that pools training categories rarer than `minCategoryCount`. */
export const TABULAR_OTHER_CATEGORY = "(other)";

const isMissing = (v: unknown): boolean => v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));

/**
 * One-hot + standardisation encoder for rows with numeric and categorical columns, fitted on the
 * training rows only (so no test statistics leak into the features). Numeric columns become
 * z-scores (missing → training mean → 0); each categorical column becomes one 0/1 feature per
 * training category (sorted), a missing value being its own category and an unseen one all zeros.
 * Feature order: the numeric columns as given, then each categorical column's categories.
 *
 * @example
 * const enc = new TabularEncoder({ numeric: ["age"], categorical: ["sex"] }).fit(trainRows);
 * enc.featureNames;          // ["age", "sex=Female", "sex=Male"]
 * enc.transform(testRows[0]); // Float32Array of enc.dim values
 */
export class TabularEncoder {
  /** Resolved options. */
  readonly handleUnknown: "ignore" | "error";
  /** Resolved `minCategoryCount`. */
  readonly minCategoryCount: number;
  /** Resolved `standardize`. */
  readonly standardize: boolean;
  private numericCols: string[];
  private categoricalCols: string[];
  private num: NumericColumnStats[] = [];
  private cat: CategoricalColumnStats[] = [];
  private catIndex: Map<string, number>[] = [];
  private offsets: number[] = [];
  private names: string[] = [];
  private columnsOfFeature: string[] = [];
  private fitted = false;

  constructor(options: TabularEncoderOptions = {}) {
    this.numericCols = [...(options.numeric ?? [])];
    this.categoricalCols = [...(options.categorical ?? [])];
    this.handleUnknown = options.handleUnknown ?? "ignore";
    this.minCategoryCount = options.minCategoryCount ?? 1;
    this.standardize = options.standardize ?? true;
    const all = [...this.numericCols, ...this.categoricalCols];
    if (all.length === 0) throw new RangeError("TabularEncoder: give at least one column in `numeric` or `categorical`.");
    const dup = all.find((c, i) => all.indexOf(c) !== i);
    if (dup !== undefined) throw new RangeError(`TabularEncoder: column "${dup}" is listed twice; put each column in numeric or categorical, once.`);
    if (this.handleUnknown !== "ignore" && this.handleUnknown !== "error") throw new RangeError(`TabularEncoder: handleUnknown must be "ignore" or "error", got ${String(this.handleUnknown)}.`);
    if (!(Number.isInteger(this.minCategoryCount) && this.minCategoryCount >= 1)) throw new RangeError(`TabularEncoder: minCategoryCount must be an integer >= 1, got ${this.minCategoryCount}.`);
  }

  private numberOf(row: TabularRow, col: string, i: number | string): number | null {
    const v = row[col];
    if (isMissing(v)) return null;
    const x = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
    if (!Number.isFinite(x)) throw new TypeError(`TabularEncoder: numeric column "${col}" has ${JSON.stringify(v)} in row ${i}; list it under categorical, or clean the value.`);
    return x;
  }

  private categoryOf(row: TabularRow, col: string): string {
    const v = row[col];
    return isMissing(v) ? TABULAR_MISSING_CATEGORY : String(v);
  }

  /** Learns means, standard deviations and categories from the training rows; returns `this`. */
  fit(rows: readonly TabularRow[]): this {
    if (!Array.isArray(rows) || rows.length === 0) throw new RangeError("TabularEncoder.fit: needs a non-empty array of training rows.");
    const first = rows[0]!;
    for (const c of [...this.numericCols, ...this.categoricalCols]) {
      if (!(c in first)) throw new RangeError(`TabularEncoder.fit: the first row has no column "${c}" (it has: ${Object.keys(first).join(", ")}).`);
    }
    this.num = this.numericCols.map((column) => {
      let n = 0, sum = 0, missing = 0;
      rows.forEach((r, i) => {
        const x = this.numberOf(r, column, i);
        if (x === null) missing++;
        else {
          n++;
          sum += x;
        }
      });
      if (n === 0) throw new RangeError(`TabularEncoder.fit: numeric column "${column}" is missing in every training row.`);
      const mean = sum / n;
      let ss = 0;
      rows.forEach((r, i) => {
        const x = this.numberOf(r, column, i);
        if (x !== null) ss += (x - mean) * (x - mean);
      });
      const std = Math.sqrt(ss / n);
      return { column, mean, std: std > 0 ? std : 1, missing };
    });
    this.cat = this.categoricalCols.map((column) => {
      const counts = new Map<string, number>();
      for (const r of rows) {
        const k = this.categoryOf(r, column);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const kept = new Map<string, number>();
      let other = 0;
      for (const [k, n] of counts) {
        if (n >= this.minCategoryCount) kept.set(k, n);
        else other += n;
      }
      if (other > 0) kept.set(TABULAR_OTHER_CATEGORY, (kept.get(TABULAR_OTHER_CATEGORY) ?? 0) + other);
      const categories = [...kept.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { column, categories, counts: categories.map((k) => kept.get(k)!) };
    });
    this.index();
    return this;
  }

  private index(): void {
    this.catIndex = this.cat.map((c) => new Map(c.categories.map((k, j) => [k, j])));
    this.names = this.num.map((s) => s.column);
    this.columnsOfFeature = this.num.map((s) => s.column);
    this.offsets = [];
    let off = this.num.length;
    for (const c of this.cat) {
      this.offsets.push(off);
      off += c.categories.length;
      for (const k of c.categories) {
        this.names.push(`${c.column}=${k}`);
        this.columnsOfFeature.push(c.column);
      }
    }
    this.fitted = true;
  }

  private checkFitted(fn: string): void {
    if (!this.fitted) throw new Error(`TabularEncoder.${fn}: call fit(trainRows) first (or load with fromJSON).`);
  }

  /** Number of features a row is encoded into. */
  get dim(): number {
    this.checkFitted("dim");
    return this.names.length;
  }

  /** Feature names in order: `"age"` for a numeric column, `"sex=Female"` for a category. */
  get featureNames(): readonly string[] {
    this.checkFitted("featureNames");
    return this.names;
  }

  /** Source column of every feature (same order as {@link TabularEncoder.featureNames}). */
  get featureColumns(): readonly string[] {
    this.checkFitted("featureColumns");
    return this.columnsOfFeature;
  }

  /** The encoded columns: numeric ones, then categorical ones. */
  get columns(): readonly string[] {
    return [...this.numericCols, ...this.categoricalCols];
  }

  /** Fitted statistics of the numeric columns. */
  get numericStats(): readonly NumericColumnStats[] {
    return this.num;
  }

  /** Fitted categories of the categorical columns. */
  get categoricalStats(): readonly CategoricalColumnStats[] {
    return this.cat;
  }

  /** Indices of the features that come from `column`. */
  featuresOfColumn(column: string): number[] {
    this.checkFitted("featuresOfColumn");
    const out: number[] = [];
    this.columnsOfFeature.forEach((c, i) => c === column && out.push(i));
    if (out.length === 0) throw new RangeError(`TabularEncoder.featuresOfColumn: "${column}" is not an encoded column (columns: ${this.columns.join(", ")}).`);
    return out;
  }

  private encodeInto(row: TabularRow, set: (feature: number, value: number) => void, where: number | string): void {
    this.num.forEach((s, j) => {
      const x = this.numberOf(row, s.column, where);
      const v = x === null ? s.mean : x;
      set(j, this.standardize ? (v - s.mean) / s.std : v);
    });
    this.cat.forEach((c, j) => {
      let k = this.categoryOf(row, c.column);
      let id = this.catIndex[j]!.get(k);
      if (id === undefined && this.minCategoryCount > 1) {
        k = TABULAR_OTHER_CATEGORY;
        id = this.catIndex[j]!.get(k);
      }
      if (id === undefined) {
        if (this.handleUnknown === "error") {
          throw new RangeError(`TabularEncoder: column "${c.column}" has category ${JSON.stringify(row[c.column])} (row ${where}), not seen in training; use handleUnknown: "ignore" to encode it as all zeros.`);
        }
        return;
      }
      set(this.offsets[j]! + id, 1);
    });
  }

  /** Encodes one row as a dense vector of {@link TabularEncoder.dim} features. */
  transform(row: TabularRow): Float32Array {
    this.checkFitted("transform");
    const out = new Float32Array(this.names.length);
    this.encodeInto(row, (f, v) => (out[f] = v), "given");
    return out;
  }

  /** Encodes many rows as dense vectors. */
  transformMany(rows: readonly TabularRow[]): Float32Array[] {
    this.checkFitted("transformMany");
    return rows.map((r, i) => {
      const out = new Float32Array(this.names.length);
      this.encodeInto(r, (f, v) => (out[f] = v), i);
      return out;
    });
  }

  /** Encodes one row as a sparse vector (the non-zero features), the input `LogisticRegression` takes. */
  transformSparse(row: TabularRow): SparseVector {
    this.checkFitted("transformSparse");
    return this.sparse(row, "given");
  }

  /** Encodes many rows as sparse vectors. */
  transformManySparse(rows: readonly TabularRow[]): SparseVector[] {
    this.checkFitted("transformManySparse");
    return rows.map((r, i) => this.sparse(r, i));
  }

  private sparse(row: TabularRow, where: number | string): SparseVector {
    const ids: number[] = [];
    const vals: number[] = [];
    // features are written in increasing order: numeric first, then categorical offsets ascending
    this.encodeInto(row, (f, v) => {
      if (v !== 0) {
        ids.push(f);
        vals.push(v);
      }
    }, where);
    return { indices: Int32Array.from(ids), values: Float32Array.from(vals) };
  }

  /**
   * Decodes a feature vector back to a row: numeric columns un-standardised, each categorical
   * column the category with the largest one-hot value (`null` when all its features are 0, i.e.
   * an unknown category, or when the category is `"(missing)"`).
   */
  inverseTransform(x: ArrayLike<number>): Record<string, number | string | null> {
    this.checkFitted("inverseTransform");
    if (x.length !== this.names.length) throw new RangeError(`TabularEncoder.inverseTransform: expected ${this.names.length} features, got ${x.length}.`);
    const row: Record<string, number | string | null> = {};
    this.num.forEach((s, j) => {
      row[s.column] = this.standardize ? x[j]! * s.std + s.mean : x[j]!;
    });
    this.cat.forEach((c, j) => {
      let best = -1, bestV = 0;
      for (let k = 0; k < c.categories.length; k++) {
        const v = x[this.offsets[j]! + k]!;
        if (v > bestV) {
          bestV = v;
          best = k;
        }
      }
      const k = best < 0 ? null : c.categories[best]!;
      row[c.column] = k === TABULAR_MISSING_CATEGORY ? null : k;
    });
    return row;
  }

  /** Saved form (plain JSON). */
  toJSON(): TabularEncoderJSON {
    this.checkFitted("toJSON");
    return {
      kind: "tabular-encoder",
      version: 1,
      handleUnknown: this.handleUnknown,
      minCategoryCount: this.minCategoryCount,
      standardize: this.standardize,
      numeric: this.num.map((s) => ({ ...s })),
      categorical: this.cat.map((c) => ({ column: c.column, categories: c.categories.slice(), counts: c.counts.slice() })),
    };
  }

  /** Restores an encoder saved with {@link TabularEncoder.toJSON}. */
  static fromJSON(json: TabularEncoderJSON): TabularEncoder {
    if (json?.kind !== "tabular-encoder") throw new Error("TabularEncoder.fromJSON: not a saved tabular-encoder (kind mismatch).");
    const e = new TabularEncoder({
      numeric: json.numeric.map((s) => s.column),
      categorical: json.categorical.map((c) => c.column),
      handleUnknown: json.handleUnknown,
      minCategoryCount: json.minCategoryCount,
      standardize: json.standardize,
    });
    e.num = json.numeric.map((s) => ({ ...s }));
    e.cat = json.categorical.map((c) => ({ column: c.column, categories: c.categories.slice(), counts: c.counts.slice() }));
    e.index();
    return e;
  }
}
