/**
 * Word n-grams of every order from `minN` to `maxN`, joined by a single space, in order of
 * position then order (for each start position: the 1-gram, then the 2-gram, ...), the same set
 * scikit-learn's `ngram_range=(minN, maxN)` produces.
 *
 * @example wordNgrams(["a", "b", "c"], 1, 2) // ["a", "a b", "b", "b c", "c"]
 */
export function wordNgrams(tokens: readonly string[], minN = 1, maxN = 1): string[] {
  checkRange("wordNgrams", minN, maxN);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let gram = "";
    for (let n = 1; n <= maxN && i + n <= tokens.length; n++) {
      gram = n === 1 ? tokens[i]! : gram + " " + tokens[i + n - 1]!;
      if (n >= minN) out.push(gram);
    }
  }
  return out;
}

/** Options for {@link charNgrams}. */
export interface CharNgramOptions {
  /** Lower-case the text first. Default `true`. */
  lowercase?: boolean;
  /**
   * `"char_wb"` (default): n-grams inside word boundaries only, as scikit-learn's
   * `analyzer="char_wb"`: each word is padded with one space each side, and a padded word no longer
   * than n is emitted once whole and ends that word (so `"a"` at n = 2..4 gives `" a"`, `"a "`, `" a "`).
   * `"char"`: n-grams over the whole text after collapsing runs of two or more whitespace characters
   * to one space (a single tab stays a tab, as in scikit-learn).
   */
  mode?: "char_wb" | "char";
}

/**
 * Python's whitespace (`str.split()` and `re`'s `\s` on str), which differs from JavaScript's `\s`:
 * it includes U+001C–U+001F and U+0085 and excludes U+FEFF.
 */
const PY_SPACE = "\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
const PY_SPACE_RUN = new RegExp(`[${PY_SPACE}]{2,}`, "g");
const PY_SPLIT = new RegExp(`[${PY_SPACE}]+`);
const SURROGATE = /[\ud800-\udfff]/;

/** Code points of `s` (one element per character, as a Python str indexes), or `s` itself when it has no surrogate pair. */
function codePoints(s: string): string | string[] {
  return SURROGATE.test(s) ? Array.from(s) : s;
}

function sliceJoin(s: string | string[], start: number, end: number): string {
  return typeof s === "string" ? s.slice(start, end) : s.slice(start, end).join("");
}

/**
 * Character n-grams of every order from `minN` to `maxN` (characters as code points, as Python
 * counts them, after optional lower-casing), in scikit-learn's order: a port of
 * `CountVectorizer._char_wb_ngrams` and `_char_ngrams` (scikit-learn 1.2, sklearn/feature_extraction/text.py),
 * checked against scikit-learn 1.2.1's analyzer in the tests.
 *
 * @example charNgrams("ab cd", 2, 2) // char_wb: [" a", "ab", "b ", " c", "cd", "d "]
 * @example charNgrams("a", 2, 4) // char_wb: [" a", "a ", " a "]
 */
export function charNgrams(text: string, minN = 2, maxN = 4, options: CharNgramOptions = {}): string[] {
  checkRange("charNgrams", minN, maxN);
  const src = ((options.lowercase ?? true) ? text.toLowerCase() : text).replace(PY_SPACE_RUN, " ");
  const out: string[] = [];
  if ((options.mode ?? "char_wb") === "char") {
    const s = codePoints(src);
    for (let n = minN; n <= Math.min(maxN, s.length); n++) {
      for (let i = 0; i + n <= s.length; i++) out.push(sliceJoin(s, i, i + n));
    }
    return out;
  }
  for (const word of src.split(PY_SPLIT)) {
    if (word.length === 0) continue;
    const w = codePoints(" " + word + " ");
    for (let n = minN; n <= maxN; n++) {
      let offset = 0;
      out.push(sliceJoin(w, offset, offset + n));
      while (offset + n < w.length) {
        offset++;
        out.push(sliceJoin(w, offset, offset + n));
      }
      if (offset === 0) break; // a short word (length <= n) is counted only once
    }
  }
  return out;
}

function checkRange(fn: string, minN: number, maxN: number): void {
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new RangeError(`${fn}: n-gram range must be integers with 1 <= minN <= maxN, got ${minN}..${maxN}.`);
  }
}
