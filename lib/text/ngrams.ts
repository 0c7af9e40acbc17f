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
   * `"char_wb"` (default): n-grams inside word boundaries only; each word is padded with one space
   * each side, as scikit-learn's `analyzer="char_wb"` does (a padded word shorter than n counts once whole). `"char"`: n-grams over the whole text
   * after collapsing runs of whitespace to one space.
   */
  mode?: "char_wb" | "char";
}

/**
 * Character n-grams of every order from `minN` to `maxN` (code units, after optional lower-casing).
 *
 * @example charNgrams("ab cd", 2, 2) // char_wb: [" a", "ab", "b ", " c", "cd", "d "]
 */
export function charNgrams(text: string, minN = 2, maxN = 4, options: CharNgramOptions = {}): string[] {
  checkRange("charNgrams", minN, maxN);
  const src = (options.lowercase ?? true) ? text.toLowerCase() : text;
  const out: string[] = [];
  const emit = (s: string): void => {
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
    }
  };
  if ((options.mode ?? "char_wb") === "char") {
    emit(src.replace(/\s+/g, " "));
  } else {
    for (const w of src.split(/\s+/)) {
      if (w.length === 0) continue;
      const padded = " " + w + " ";
      for (let n = minN; n <= maxN; n++) {
        // as scikit-learn does: a padded word shorter than n still contributes itself once
        if (padded.length < n) out.push(padded);
        else for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
      }
    }
  }
  return out;
}

function checkRange(fn: string, minN: number, maxN: number): void {
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new RangeError(`${fn}: n-gram range must be integers with 1 <= minN <= maxN, got ${minN}..${maxN}.`);
  }
}
