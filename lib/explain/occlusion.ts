/** A token of a text and where it sits, so that it can be removed or highlighted in place. */
export interface TokenSpan {
  /** The token as written in the text. */
  token: string;
  /** Start offset in the text (UTF-16 code units). */
  start: number;
  /** End offset (exclusive). */
  end: number;
}

// the same token definition as lib/text tokenizeWords: maximal runs of letters, digits, marks, "_"
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/**
 * Word tokens of `text` with their offsets (maximal runs of letters, digits, marks and `_`, the
 * tokens `tokenizeWords` yields, before lower-casing).
 * @example tokenSpans("Not bad!") // [{token: "Not", start: 0, end: 3}, {token: "bad", start: 4, end: 7}]
 */
export function tokenSpans(text: string): TokenSpan[] {
  if (typeof text !== "string") throw new TypeError(`tokenSpans: expected a string, got ${typeof text}.`);
  return [...text.matchAll(WORD)].map((m) => ({ token: m[0], start: m.index!, end: m.index! + m[0].length }));
}

/** Options of {@link occlusionAttributions}. */
export interface OcclusionOptions {
  /** Class to explain. Default: the class the model predicts for the whole text. */
  classIndex?: number;
  /** Class labels by id, for the result's `label`. Default none. */
  labels?: readonly string[];
  /** What replaces an occluded token. Default `""` (delete it; the surrounding spaces stay). */
  replacement?: string;
  /**
   * Scale of the attribution: `"probability"` (default): p(class | text) − p(class | text without
   * the token); `"logOdds"`: the same drop in ln(p / (1 − p)), which for a linear model over
   * token counts is additive (it equals the token's weight contribution).
   */
  scale?: "probability" | "logOdds";
  /** Occlude at most this many tokens (the first ones); the rest get attribution 0. Default `1000`. */
  maxTokens?: number;
}

/** One token's attribution. */
export interface TokenAttribution extends TokenSpan {
  /** Drop in the explained class's score when this token is removed (positive: the token supports the class). */
  attribution: number;
  /** Probability of the class without this token. */
  probabilityWithout: number;
}

/** What {@link occlusionAttributions} returns. */
export interface OcclusionResult {
  /** The explained text. */
  text: string;
  /** Explained class id. */
  classIndex: number;
  /** Its label, when labels were given. */
  label?: string;
  /** Probability of the class for the whole text. */
  probability: number;
  /** Scale of the attributions. */
  scale: "probability" | "logOdds";
  /** Every token in text order with its attribution. */
  tokens: TokenAttribution[];
  /** Model calls made (tokens occluded + 1). */
  calls: number;
}

interface Plan {
  spans: TokenSpan[];
  occluded: number;
  variants: string[];
  replacement: string;
  scale: "probability" | "logOdds";
}

function plan(text: string, options: OcclusionOptions, fn: string): Plan {
  const spans = tokenSpans(text);
  const maxTokens = options.maxTokens ?? 1000;
  if (!(Number.isInteger(maxTokens) && maxTokens >= 0)) throw new RangeError(`${fn}: maxTokens must be a non-negative integer, got ${maxTokens}.`);
  const scale = options.scale ?? "probability";
  if (scale !== "probability" && scale !== "logOdds") throw new RangeError(`${fn}: scale must be "probability" or "logOdds", got ${String(scale)}.`);
  const replacement = options.replacement ?? "";
  const occluded = Math.min(spans.length, maxTokens);
  const variants = spans.slice(0, occluded).map((s) => text.slice(0, s.start) + replacement + text.slice(s.end));
  return { spans, occluded, variants, replacement, scale };
}

const logOdds = (p: number): number => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

function assemble(text: string, p: Plan, full: ArrayLike<number>, without: readonly ArrayLike<number>[], options: OcclusionOptions, fn: string): OcclusionResult {
  let c = options.classIndex;
  if (c === undefined) {
    c = 0;
    for (let k = 1; k < full.length; k++) if (full[k]! > full[c]!) c = k;
  }
  if (!(Number.isInteger(c) && c >= 0 && c < full.length)) throw new RangeError(`${fn}: classIndex ${c} is outside 0..${full.length - 1}.`);
  const cls = c;
  const f = p.scale === "logOdds" ? logOdds : (x: number): number => x;
  const base = full[cls]!;
  const tokens = p.spans.map((s, i) => {
    if (i >= p.occluded) return { ...s, attribution: 0, probabilityWithout: base };
    const q = without[i]![cls]!;
    return { ...s, attribution: f(base) - f(q), probabilityWithout: q };
  });
  return {
    text,
    classIndex: cls,
    ...(options.labels ? { label: options.labels[cls] } : {}),
    probability: base,
    scale: p.scale,
    tokens,
    calls: p.occluded + 1,
  };
}

/**
 * Local explanation by occlusion (leave one token out): the text's class probability is compared
 * with the probability after deleting each token in turn; a token's attribution is the drop. Works
 * with any model that maps a text to class probabilities (n + 1 calls for n tokens). Removing a
 * token also changes the n-grams around it and a normalised vector's length, so for TF-IDF models
 * attributions are not exactly additive; with `scale: "logOdds"` and raw counts they are.
 * @param text the text to explain
 * @param predictProba class probabilities for one text
 * @param options classIndex (predicted), labels, replacement (""), scale ("probability"), maxTokens (1000)
 * @example occlusionAttributions(review, (t) => lr.predictProba(vectorizer.transform(t)), { labels: ["great", "other"] })
 */
export function occlusionAttributions(text: string, predictProba: (text: string) => ArrayLike<number>, options: OcclusionOptions = {}): OcclusionResult {
  const p = plan(text, options, "occlusionAttributions");
  const full = predictProba(text);
  const without = p.variants.map((v) => predictProba(v));
  return assemble(text, p, full, without, options, "occlusionAttributions");
}

/**
 * {@link occlusionAttributions} with a batched, asynchronous model (e.g. an onnxruntime session):
 * `predictProbaBatch` receives the whole text followed by every occluded variant, in chunks of
 * at most `batchSize` texts.
 * @param batchSize texts per call; default 64
 */
export async function occlusionAttributionsAsync(
  text: string,
  predictProbaBatch: (texts: readonly string[]) => Promise<readonly ArrayLike<number>[]>,
  options: OcclusionOptions = {},
  batchSize = 64,
): Promise<OcclusionResult> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`occlusionAttributionsAsync: batchSize must be a positive integer, got ${batchSize}.`);
  const p = plan(text, options, "occlusionAttributionsAsync");
  const all = [text, ...p.variants];
  const out: ArrayLike<number>[] = [];
  for (let i = 0; i < all.length; i += batchSize) {
    const chunk = all.slice(i, i + batchSize);
    const res = await predictProbaBatch(chunk);
    if (res.length !== chunk.length) throw new RangeError(`occlusionAttributionsAsync: the model returned ${res.length} results for ${chunk.length} texts.`);
    out.push(...res);
  }
  return assemble(text, p, out[0]!, out.slice(1), options, "occlusionAttributionsAsync");
}
