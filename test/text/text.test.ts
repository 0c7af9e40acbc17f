import { describe, it, expect } from "vitest";
import {
  tokenizeWords,
  wordNgrams,
  charNgrams,
  fnv1a32,
  hashedNgramIds,
  hashedNgramFeatures,
  TfidfVectorizer,
  TfidfRetriever,
  createTfidfRetriever,
  sparseDot,
  sparseCosine,
  sparseFromMap,
  sparseToDense,
  l2NormalizeSparse,
} from "../../lib/text";

describe("tokenizeWords", () => {
  it("lower-cases and splits on non-word characters", () => {
    expect(tokenizeWords("The U.S. rate, 5%!")).toEqual(["the", "u", "s", "rate", "5"]);
    expect(tokenizeWords("Naïve café_bar")).toEqual(["naïve", "café_bar"]);
    expect(tokenizeWords("A bb ccc", { minTokenLength: 2, lowercase: false })).toEqual(["bb", "ccc"]);
    expect(tokenizeWords("")).toEqual([]);
  });
  it("rejects non-strings with a clear error", () => {
    expect(() => tokenizeWords(42 as unknown as string)).toThrow(/expected a string/);
  });
});

describe("n-grams", () => {
  it("word n-grams in position order", () => {
    expect(wordNgrams(["a", "b", "c"], 1, 2)).toEqual(["a", "a b", "b", "b c", "c"]);
    expect(wordNgrams(["a", "b", "c"], 2, 3)).toEqual(["a b", "a b c", "b c"]);
    expect(() => wordNgrams(["a"], 2, 1)).toThrow(/1 <= minN <= maxN/);
  });
  it("char_wb pads words; a padded word no longer than n is emitted once and ends the word (as scikit-learn)", () => {
    expect(charNgrams("ab cd", 2, 2)).toEqual([" a", "ab", "b ", " c", "cd", "d "]);
    // Reference values: scikit-learn 1.2.1 (Debian python3-sklearn),
    // CountVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()(text)
    expect(charNgrams("a", 2, 4)).toEqual([" a", "a ", " a "]);
    expect(charNgrams("ab", 2, 4)).toEqual([" a", "ab", "b ", " ab", "ab ", " ab "]);
    expect(charNgrams("Ab  cd\tE", 2, 4)).toEqual([" a", "ab", "b ", " ab", "ab ", " ab ", " c", "cd", "d ", " cd", "cd ", " cd ", " e", "e ", " e "]);
    expect(charNgrams("x  yz\u00e9 q", 2, 4)).toEqual([" x", "x ", " x ", " y", "yz", "zé", "é ", " yz", "yzé", "zé ", " yzé", "yzé ", " q", "q ", " q "]);
    expect(charNgrams(" hello, world! ", 2, 4)).toEqual([" h", "he", "el", "ll", "lo", "o,", ", ", " he", "hel", "ell", "llo", "lo,", "o, ", " hel", "hell", "ello", "llo,", "lo, ", " w", "wo", "or", "rl", "ld", "d!", "! ", " wo", "wor", "orl", "rld", "ld!", "d! ", " wor", "worl", "orld", "rld!", "ld! "]);
    expect(charNgrams("", 2, 4)).toEqual([]);
    // Python splits on U+2003 too, and counts an emoji as one character
    expect(charNgrams("ab\u2003c", 2, 4)).toEqual([" a", "ab", "b ", " ab", "ab ", " ab ", " c", "c ", " c "]);
    expect(charNgrams("\u{1F600}a b", 2, 4)).toEqual([" \u{1F600}", "\u{1F600}a", "a ", " \u{1F600}a", "\u{1F600}a ", " \u{1F600}a ", " b", "b ", " b "]);
    // ngram_range=(1, 3)
    expect(charNgrams("a bc", 1, 3)).toEqual([" ", "a", " ", " a", "a ", " a ", " ", "b", "c", " ", " b", "bc", "c ", " bc", "bc "]);
  });
  it("char mode collapses runs of whitespace and runs over the whole text (scikit-learn 1.2.1 analyzer=\"char\")", () => {
    expect(charNgrams("Ab  c", 3, 3, { mode: "char" })).toEqual(["ab ", "b c"]);
    expect(charNgrams("a\tb c", 3, 3, { mode: "char" })).toEqual(["a\tb", "\tb ", "b c"]);
  });
});

describe("fnv1a32 and hashed features", () => {
  it("matches the published FNV-1a 32-bit test vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });
  it("hashes UTF-8 bytes (checked against a byte-wise reference)", () => {
    const ref = (s: string): number => {
      let h = 0x811c9dc5;
      for (const b of Buffer.from(s, "utf8")) h = Math.imul(h ^ b, 0x01000193) >>> 0;
      return h >>> 0;
    };
    for (const s of ["é", "naïve café", "日本語", "emoji 😀 ok"]) expect(fnv1a32(s)).toBe(ref(s));
  });
  it("maps words and bigrams into buckets", () => {
    const ids = hashedNgramIds("A b", { buckets: 1000, maxN: 2 });
    expect(Array.from(ids)).toEqual([fnv1a32("a") % 1000, fnv1a32("a b") % 1000, fnv1a32("b") % 1000]);
    const v = hashedNgramFeatures("x x y", { buckets: 7, maxN: 1 }, false);
    const m = new Map<number, number>();
    for (const [t, c] of [["x", 2], ["y", 1]] as const) m.set(fnv1a32(t) % 7, (m.get(fnv1a32(t) % 7) ?? 0) + c);
    expect(Array.from(sparseToDense([v], 7))).toEqual(Array.from(sparseToDense([sparseFromMap(m)], 7)));
    const n = hashedNgramFeatures("x x y", { buckets: 7, maxN: 1 });
    expect(sparseDot(n, n)).toBeCloseTo(1, 6);
  });
});

describe("sparse vectors", () => {
  const a = { indices: Int32Array.from([0, 2, 5]), values: Float32Array.from([1, 2, 3]) };
  const b = { indices: Int32Array.from([2, 3, 5]), values: Float32Array.from([4, 1, -1]) };
  it("dot, cosine, normalise, dense", () => {
    expect(sparseDot(a, b)).toBe(2 * 4 + 3 * -1);
    expect(sparseCosine(a, b)).toBeCloseTo(5 / (Math.sqrt(14) * Math.sqrt(18)), 7);
    expect(sparseCosine(a, { indices: new Int32Array(0), values: new Float32Array(0) })).toBe(0);
    const n = l2NormalizeSparse(a);
    expect(n.values[2]).toBeCloseTo(3 / Math.sqrt(14), 6);
    expect(Array.from(sparseToDense([a, b], 6))).toEqual([1, 0, 2, 0, 0, 3, 0, 0, 4, 1, 0, -1]);
    expect(() => sparseToDense([a], 4)).toThrow(/feature id 5/);
  });
});

describe("TfidfVectorizer (hand-computed corpus)", () => {
  const docs = ["the cat sat", "the dog sat", "the cat cat"];
  // df: cat 2, dog 1, sat 2, the 3; n = 3; smooth idf = ln((1+n)/(1+df)) + 1
  const idfCat = 1.2876820724517808; // 1 + ln(4/3)
  const idfDog = 1.6931471805599454; // 1 + ln(2)
  it("learns a sorted vocabulary and smooth idf", () => {
    const v = new TfidfVectorizer().fit(docs);
    expect(v.vocabulary).toEqual(["cat", "dog", "sat", "the"]);
    expect(v.idf[0]).toBeCloseTo(idfCat, 12);
    expect(v.idf[1]).toBeCloseTo(idfDog, 12);
    expect(v.idf[2]).toBeCloseTo(idfCat, 12);
    expect(v.idf[3]).toBeCloseTo(1, 12);
  });
  it("raw and sublinear tf, l2-normalised", () => {
    const raw = new TfidfVectorizer().fit(docs).transform("the cat cat");
    const w = [2 * idfCat, 1];
    const n = Math.hypot(...w);
    expect(Array.from(raw.indices)).toEqual([0, 3]);
    expect(raw.values[0]).toBeCloseTo(w[0]! / n, 6);
    expect(raw.values[1]).toBeCloseTo(w[1]! / n, 6);
    const sub = new TfidfVectorizer({ sublinearTf: true }).fit(docs).transform("the cat cat");
    const ws = [(1 + Math.LN2) * idfCat, 1];
    expect(sub.values[0]).toBeCloseTo(ws[0]! / Math.hypot(...ws), 6);
    const un = new TfidfVectorizer({ norm: "none", smoothIdf: false }).fit(docs).transform("dog dog unseen");
    expect(Array.from(un.indices)).toEqual([1]);
    expect(un.values[0]).toBeCloseTo(2 * (1 + Math.log(3)), 5);
  });
  it("minDf, maxDf and maxFeatures prune the vocabulary", () => {
    expect(new TfidfVectorizer({ minDf: 2 }).fit(docs).vocabulary).toEqual(["cat", "sat", "the"]);
    expect(new TfidfVectorizer({ maxDf: 0.9 }).fit(docs).vocabulary).toEqual(["cat", "dog", "sat"]);
    // total counts: the 3, cat 3, sat 2, dog 1 → top 2 by count, ties by term order: cat, the
    expect(new TfidfVectorizer({ maxFeatures: 2 }).fit(docs).vocabulary).toEqual(["cat", "the"]);
    expect(() => new TfidfVectorizer({ minDf: 5 }).fit(docs)).toThrow(/no term survived/);
  });
  it("word bigrams and char n-grams", () => {
    const v = new TfidfVectorizer({ ngramRange: [1, 2] }).fit(docs);
    expect(v.vocabulary).toEqual(["cat", "cat cat", "cat sat", "dog", "dog sat", "sat", "the", "the cat", "the dog"]);
    const c = new TfidfVectorizer({ analyzer: "char_wb", ngramRange: [3, 3] }).fit(["ab", "abc"]);
    expect(c.vocabulary).toEqual([" ab", "ab ", "abc", "bc "]);
  });
  it("round-trips through JSON", () => {
    const v = new TfidfVectorizer({ analyzer: "char_wb", ngramRange: [2, 3], sublinearTf: true }).fit(docs);
    const w = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
    for (const t of ["the cat", "a dog sat on the mat"]) {
      const a = v.transform(t), b = w.transform(t);
      expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
    }
    expect(() => new TfidfVectorizer().transform("x")).toThrow(/fit/);
  });
});

describe("TfidfRetriever", () => {
  const docs = ["oil prices rise", "wheat exports fall", "oil exports rise sharply", "football match tonight"];
  it("returns the top M by cosine, equal to brute force", () => {
    const r = createTfidfRetriever(docs);
    const q = "oil exports";
    const hits = r.search(q, 3);
    const qv = r.vectorizer.transform(q);
    const brute = docs.map((d, i) => ({ index: i, score: sparseCosine(qv, r.vectorizer.transform(d)) })).sort((a, b) => b.score - a.score || a.index - b.index);
    expect(hits.map((h) => h.index)).toEqual(brute.slice(0, 3).map((h) => h.index));
    hits.forEach((h, k) => expect(h.score).toBeCloseTo(brute[k]!.score, 6));
    expect(hits[0]!.index).toBe(2);
  });
  it("fills with score-0 documents in collection order", () => {
    const r = TfidfRetriever.fit(docs);
    const hits = r.search("football", 3);
    expect(hits.map((h) => h.index)).toEqual([3, 0, 1]);
    expect(hits[1]!.score).toBe(0);
    expect(r.search("nothing matches", 10).length).toBe(4);
    expect(() => r.search("x", 0)).toThrow(/positive integer/);
  });
});
