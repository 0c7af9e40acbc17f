import { createCompressor, type Compressor, type CompressorSpec } from "../compress/compressors";
import { ncdFromLengths, NCD_SEPARATOR } from "../compress/ncd";
import { knnVote, nearestIndices, checkTiePolicy, type TiePolicy } from "../compress/knn";

/** Options of {@link GzipKnnClassifier}. */
export interface GzipKnnClassifierOptions {
  /** Neighbours that vote. Default `3`. */
  k?: number;
  /** How a tied vote is broken (see `knnVote`). Default `"decrement"` (lower k until the tie breaks: fair, deterministic). */
  tiePolicy?: Exclude<TiePolicy, "paper" | "random">;
  /** Compressor. Default gzip level 9 (the paper's). */
  compressor?: CompressorSpec;
}

/**
 * A gzip kNN text classifier that answers one query at a time, as a served model would: it keeps
 * the training texts and their compressed lengths, and for a query computes the normalised
 * compression distance (NCD) to every training text, then votes among the k nearest. Every
 * prediction costs one compression per training text, so its latency grows with the training set:
 * the point of including it among production candidates. (For whole test sets use `pairwiseNcd`.)
 *
 * @example
 * const knn = new GzipKnnClassifier(train.map((r) => r.text), train.map((r) => r.label), { k: 3 });
 * knn.predict("Stocks fell sharply on Wall Street"); // "Business"
 */
export class GzipKnnClassifier {
  /** Neighbours that vote. */
  readonly k: number;
  /** Tie policy. */
  readonly tiePolicy: TiePolicy;
  private readonly texts: readonly string[];
  private readonly labels: readonly string[];
  private readonly lengths: Float64Array;
  private readonly compressor: Compressor;

  /**
   * @param texts training texts (kept in memory: they are the model)
   * @param labels their labels, aligned with `texts`
   * @param options k (3), tiePolicy ("decrement"), compressor (gzip 9)
   */
  constructor(texts: readonly string[], labels: readonly string[], options: GzipKnnClassifierOptions = {}) {
    if (texts.length === 0 || texts.length !== labels.length) throw new RangeError(`GzipKnnClassifier: needs as many labels as texts, at least one (got ${texts.length} texts, ${labels.length} labels).`);
    this.k = options.k ?? 3;
    if (!(Number.isInteger(this.k) && this.k >= 1 && this.k <= texts.length)) throw new RangeError(`GzipKnnClassifier: k must be an integer in 1..${texts.length} (the training size), got ${this.k}.`);
    this.tiePolicy = checkTiePolicy(options.tiePolicy ?? "decrement");
    if (this.tiePolicy === "paper" || this.tiePolicy === "random") throw new RangeError(`GzipKnnClassifier: tiePolicy "${this.tiePolicy}" does not give one deterministic answer; use "decrement" or "k1".`);
    this.texts = [...texts];
    this.labels = [...labels];
    this.compressor = createCompressor(options.compressor ?? {});
    this.lengths = Float64Array.from(this.texts, (t) => this.compressor.compressedLength(t));
  }

  /** NCD from `text` to every training text, in training order. */
  distances(text: string): Float64Array {
    const cx = this.compressor.compressedLength(text);
    const out = new Float64Array(this.texts.length);
    for (let i = 0; i < this.texts.length; i++) {
      out[i] = ncdFromLengths(cx, this.lengths[i]!, this.compressor.compressedLength(text + NCD_SEPARATOR + this.texts[i]!));
    }
    return out;
  }

  /** The predicted label of one text. */
  predict(text: string): string {
    const nearest = nearestIndices(this.distances(text), this.k);
    return knnVote(Array.from(nearest, (i) => this.labels[i]!), this.k, this.tiePolicy).label;
  }

  /** Predicted labels of many texts. */
  predictMany(texts: readonly string[]): string[] {
    return texts.map((t) => this.predict(t));
  }

  /** The model's size: the UTF-8 bytes of the training texts it must keep (plus 8 bytes per cached length). */
  sizeBytes(): number {
    let n = 0;
    for (const t of this.texts) n += Buffer.byteLength(t, "utf8");
    return n + this.lengths.length * 8;
  }
}
