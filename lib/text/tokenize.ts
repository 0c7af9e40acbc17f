/** Options for {@link tokenizeWords}. */
export interface TokenizeOptions {
  /** Lower-case the text first. Default `true`. */
  lowercase?: boolean;
  /** Drop tokens shorter than this many characters (scikit-learn's default pattern keeps 2+). Default `1`. */
  minTokenLength?: number;
}

// A token is a maximal run of Unicode letters, digits or marks (so "naïve" and "u.s." → "naïve", "u", "s").
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/**
 * Splits text into word tokens: maximal runs of letters, digits, marks and underscores, lower-cased
 * by default. Punctuation and whitespace separate tokens and are dropped.
 *
 * @example tokenizeWords("The U.S. rate, 5%!") // ["the", "u", "s", "rate", "5"]
 */
export function tokenizeWords(text: string, options: TokenizeOptions = {}): string[] {
  if (typeof text !== "string") {
    throw new TypeError(`tokenizeWords: expected a string, got ${typeof text}; pass the document text.`);
  }
  const lower = options.lowercase ?? true;
  const minLen = options.minTokenLength ?? 1;
  const src = lower ? text.toLowerCase() : text;
  const out: string[] = [];
  for (const m of src.matchAll(WORD)) {
    if (m[0].length >= minLen) out.push(m[0]);
  }
  return out;
}
