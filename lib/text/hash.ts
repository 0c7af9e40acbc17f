import { tokenizeWords, type TokenizeOptions } from "./tokenize";
import { wordNgrams } from "./ngrams";
import { sparseFromMap, l2NormalizeSparse, type SparseVector } from "./sparse";

/**
 * 32-bit FNV-1a hash of a string's UTF-8 bytes, as an unsigned integer. Same value as the reference
 * FNV-1a over the encoded bytes in any language (e.g. `fnv1a32("a") === 0xe40c292c`).
 */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    // encode the code point as UTF-8 and hash each byte
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    const bytes =
      c < 0x800
        ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
        : c < 0x10000
          ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
          : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return h >>> 0;
}

/** Options for {@link hashedNgramIds} and {@link hashedNgramFeatures}. */
export interface HashedNgramOptions {
  /** Number of hash buckets (the feature dimension). Default `2 ** 20`. */
  buckets?: number;
  /** Highest word n-gram order (1 = words only, 2 = words and bigrams, as fastText's `-wordNgrams 2`). Default `2`. */
  maxN?: number;
  /** Tokenizer options. Default: lower-case, every token. */
  tokenize?: TokenizeOptions;
}

/**
 * Maps a text to the bucket ids of its word n-grams (1..maxN), one id per occurrence, in order:
 * `fnv1a32(ngram) % buckets`. This is the "hashing trick" of fastText and Vowpal Wabbit: no
 * vocabulary to store, collisions traded for a fixed size.
 */
export function hashedNgramIds(text: string, options: HashedNgramOptions = {}): Int32Array {
  const buckets = options.buckets ?? 2 ** 20;
  if (!Number.isInteger(buckets) || buckets < 1) {
    throw new RangeError(`hashedNgramIds: buckets must be a positive integer, got ${buckets}.`);
  }
  const grams = wordNgrams(tokenizeWords(text, options.tokenize), 1, options.maxN ?? 2);
  const ids = new Int32Array(grams.length);
  for (let i = 0; i < grams.length; i++) ids[i] = fnv1a32(grams[i]!) % buckets;
  return ids;
}

/**
 * Hashed bag of n-grams as a sparse vector of counts (optionally l2-normalised), for linear models
 * that want a fixed-size input with no fitted vocabulary.
 * @param normalize scale to unit l2 norm. Default `true`.
 */
export function hashedNgramFeatures(text: string, options: HashedNgramOptions = {}, normalize = true): SparseVector {
  const counts = new Map<number, number>();
  for (const id of hashedNgramIds(text, options)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const v = sparseFromMap(counts);
  return normalize ? l2NormalizeSparse(v) : v;
}
