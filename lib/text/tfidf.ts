import { tokenizeWords, type TokenizeOptions } from "./tokenize";
import { wordNgrams, charNgrams } from "./ngrams";
import type { SparseVector } from "./sparse";

/** Options for {@link TfidfVectorizer}. Defaults follow scikit-learn's `TfidfVectorizer`. */
export interface TfidfOptions {
  /** `"word"` (default): word n-grams; `"char_wb"`: character n-grams inside word boundaries; `"char"`: character n-grams over the text. */
  analyzer?: "word" | "char_wb" | "char";
  /** Smallest and largest n-gram order. Default `[1, 1]` for words, `[2, 4]` for characters. */
  ngramRange?: [number, number];
  /** Keep terms found in at least this many training documents. Default `1`. */
  minDf?: number;
  /** Drop terms found in more than this fraction of training documents. Default `1` (keep all). */
  maxDf?: number;
  /** Keep only the most frequent terms (by total count over the training set; ties by term order). Default: no limit. */
  maxFeatures?: number;
  /** Replace a term count tf by `1 + ln(tf)`. Default `false`. */
  sublinearTf?: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1 when `true` (default), ln(n / df) + 1 when `false`. */
  smoothIdf?: boolean;
  /** `"l2"` (default): scale every vector to unit length; `"none"`: leave raw tf·idf. */
  norm?: "l2" | "none";
  /** Tokenizer options for the word analyzer. Default: lower-case, every token. */
  tokenize?: TokenizeOptions;
}

/** The saved form of a fitted {@link TfidfVectorizer} (plain JSON). */
export interface TfidfVectorizerJSON {
  kind: "tfidf-vectorizer";
  version: 1;
  options: Required<Omit<TfidfOptions, "maxFeatures" | "tokenize">> & { maxFeatures: number | null; tokenize: TokenizeOptions };
  /** Terms in feature-id order. */
  vocabulary: string[];
  /** idf per feature id. */
  idf: number[];
  /** Number of training documents. */
  nDocuments: number;
}

function resolve(o: TfidfOptions): TfidfVectorizerJSON["options"] {
  const analyzer = o.analyzer ?? "word";
  if (!["word", "char_wb", "char"].includes(analyzer)) {
    throw new RangeError(`TfidfVectorizer: analyzer must be "word", "char_wb" or "char", got ${String(analyzer)}.`);
  }
  const opts = {
    analyzer,
    ngramRange: o.ngramRange ?? (analyzer === "word" ? [1, 1] : [2, 4]),
    minDf: o.minDf ?? 1,
    maxDf: o.maxDf ?? 1,
    maxFeatures: o.maxFeatures ?? null,
    sublinearTf: o.sublinearTf ?? false,
    smoothIdf: o.smoothIdf ?? true,
    norm: o.norm ?? "l2",
    tokenize: o.tokenize ?? {},
  } as TfidfVectorizerJSON["options"];
  if (!(opts.minDf >= 1) || !Number.isInteger(opts.minDf)) throw new RangeError(`TfidfVectorizer: minDf must be an integer >= 1, got ${opts.minDf}.`);
  if (!(opts.maxDf > 0 && opts.maxDf <= 1)) throw new RangeError(`TfidfVectorizer: maxDf is a fraction in (0, 1], got ${opts.maxDf}.`);
  if (opts.maxFeatures !== null && !(Number.isInteger(opts.maxFeatures) && opts.maxFeatures > 0)) {
    throw new RangeError(`TfidfVectorizer: maxFeatures must be a positive integer, got ${opts.maxFeatures}.`);
  }
  return opts;
}

/**
 * TF-IDF vectorizer: learns a vocabulary and inverse document frequencies from training texts, then
 * maps any text to a sparse, (by default) l2-normalised vector of tf·idf weights. Feature ids follow
 * the sorted order of the terms, as in scikit-learn, so fitted vectors match its output.
 *
 * @example
 * const v = new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true, minDf: 2 }).fit(trainTexts);
 * const x = v.transform("oil prices fall"); // SparseVector over v.dim features
 */
export class TfidfVectorizer {
  /** Resolved options (every default filled in). */
  readonly options: TfidfVectorizerJSON["options"];
  private vocab: Map<string, number> = new Map();
  private terms: string[] = [];
  private idfs: Float64Array = new Float64Array(0);
  private nDocs = 0;

  constructor(options: TfidfOptions = {}) {
    this.options = resolve(options);
  }

  /** Splits a text into the terms this vectorizer counts (word or character n-grams). */
  analyze(text: string): string[] {
    const o = this.options;
    const [lo, hi] = o.ngramRange;
    if (o.analyzer === "word") return wordNgrams(tokenizeWords(text, o.tokenize), lo, hi);
    return charNgrams(text, lo, hi, { mode: o.analyzer, lowercase: o.tokenize.lowercase ?? true });
  }

  /** Learns vocabulary and idf from training texts; returns `this`. */
  fit(texts: readonly string[]): this {
    if (!Array.isArray(texts) || texts.length === 0) {
      throw new RangeError("TfidfVectorizer.fit: needs a non-empty array of training texts.");
    }
    const df = new Map<string, number>();
    const total = new Map<string, number>();
    for (const t of texts) {
      const seen = new Set<string>();
      for (const g of this.analyze(t)) {
        total.set(g, (total.get(g) ?? 0) + 1);
        seen.add(g);
      }
      for (const g of seen) df.set(g, (df.get(g) ?? 0) + 1);
    }
    const n = texts.length;
    const maxDocs = Math.floor(this.options.maxDf * n + 1e-9);
    let kept = [...df.keys()].filter((g) => {
      const d = df.get(g)!;
      return d >= this.options.minDf && d <= maxDocs;
    });
    if (this.options.maxFeatures !== null && kept.length > this.options.maxFeatures) {
      kept.sort((a, b) => total.get(b)! - total.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
      kept = kept.slice(0, this.options.maxFeatures);
    }
    kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (kept.length === 0) {
      throw new RangeError("TfidfVectorizer.fit: no term survived minDf/maxDf; lower minDf or raise maxDf.");
    }
    this.terms = kept;
    this.vocab = new Map(kept.map((g, i) => [g, i]));
    this.idfs = new Float64Array(kept.length);
    const smooth = this.options.smoothIdf ? 1 : 0;
    kept.forEach((g, i) => {
      this.idfs[i] = Math.log((n + smooth) / (df.get(g)! + smooth)) + 1;
    });
    this.nDocs = n;
    return this;
  }

  /** Number of features (vocabulary size). */
  get dim(): number {
    return this.terms.length;
  }

  /** Terms in feature-id order. */
  get vocabulary(): readonly string[] {
    return this.terms;
  }

  /** idf per feature id. */
  get idf(): Float64Array {
    return this.idfs;
  }

  /** Feature id of a term, or `undefined` when it is not in the vocabulary. */
  featureId(term: string): number | undefined {
    return this.vocab.get(term);
  }

  /** Maps one text to its tf·idf vector (terms outside the vocabulary are ignored). */
  transform(text: string): SparseVector {
    if (this.nDocs === 0) throw new Error("TfidfVectorizer.transform: call fit(trainTexts) first (or load with fromJSON).");
    const counts = new Map<number, number>();
    for (const g of this.analyze(text)) {
      const id = this.vocab.get(g);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = [...counts.keys()].sort((a, b) => a - b);
    const w = new Float64Array(ids.length);
    let ss = 0;
    for (let i = 0; i < ids.length; i++) {
      const tf = counts.get(ids[i]!)!;
      const v = (this.options.sublinearTf ? 1 + Math.log(tf) : tf) * this.idfs[ids[i]!]!;
      w[i] = v;
      ss += v * v;
    }
    const scale = this.options.norm === "l2" && ss > 0 ? 1 / Math.sqrt(ss) : 1;
    const values = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) values[i] = w[i]! * scale;
    return { indices: Int32Array.from(ids), values };
  }

  /** Maps many texts. */
  transformMany(texts: readonly string[]): SparseVector[] {
    return texts.map((t) => this.transform(t));
  }

  /** `fit(texts)` then `transformMany(texts)`. */
  fitTransform(texts: readonly string[]): SparseVector[] {
    return this.fit(texts).transformMany(texts);
  }

  /** The fitted state as plain JSON (options, vocabulary, idf), for `vectorizer.json` next to a model. */
  toJSON(): TfidfVectorizerJSON {
    return {
      kind: "tfidf-vectorizer",
      version: 1,
      options: this.options,
      vocabulary: this.terms,
      idf: Array.from(this.idfs),
      nDocuments: this.nDocs,
    };
  }

  /** Restores a vectorizer saved with {@link TfidfVectorizer.toJSON}. */
  static fromJSON(json: TfidfVectorizerJSON): TfidfVectorizer {
    if (json?.kind !== "tfidf-vectorizer" || json.vocabulary.length !== json.idf.length) {
      throw new Error("TfidfVectorizer.fromJSON: not a saved tfidf-vectorizer (expected kind 'tfidf-vectorizer' and one idf per term).");
    }
    const v = new TfidfVectorizer({ ...json.options, maxFeatures: json.options.maxFeatures ?? undefined });
    v.terms = json.vocabulary.slice();
    v.vocab = new Map(v.terms.map((g, i) => [g, i]));
    v.idfs = Float64Array.from(json.idf);
    v.nDocs = json.nDocuments;
    return v;
  }
}
