import { describe, it, expect, beforeAll } from "vitest";
import { createRng } from "../../lib/data/random";
import { loadTextSplit } from "../../lib/data/index";
import { TfidfVectorizer } from "../../lib/text/index";
import { LogisticRegression, encodeClassLabels } from "../../lib/models/index";
import { TabularClassifier } from "../../lib/models/tabular-classifier";
import {
  topNgramsPerClass,
  permutationImportance,
  permutationImportanceAsync,
  tokenSpans,
  occlusionAttributions,
  occlusionAttributionsAsync,
  attributionHtml,
} from "../../lib/explain/index";

describe("topNgramsPerClass", () => {
  it("binary: weight = W[f,c] − W[f,other]; top and bottom lists", () => {
    // 3 features × 2 classes, feature-major
    const model = { weights: Float32Array.from([1, 3, 2, 0, 0.5, 0.5]), nFeatures: 3, nClasses: 2, labels: ["neg", "pos"] };
    const [neg, pos] = topNgramsPerClass(model, ["good", "bad", "the"], { n: 2 });
    expect(pos!.label).toBe("pos");
    expect(pos!.top).toEqual([{ term: "good", feature: 0, weight: 2 }]);
    expect(pos!.bottom).toEqual([{ term: "bad", feature: 1, weight: -2 }]);
    expect(neg!.top.map((t) => t.term)).toEqual(["bad"]);
  });
  it("multiclass: weights centred per feature", () => {
    const model = { weights: Float32Array.from([3, 0, 0, 1, 1, 1]), nFeatures: 2, nClasses: 3 };
    const r = topNgramsPerClass(model, ["a", "b"]);
    expect(r[0]!.top).toEqual([{ term: "a", feature: 0, weight: 2 }]);
    expect(r[1]!.bottom).toEqual([{ term: "a", feature: 0, weight: -1 }]);
    expect(r[2]!.label).toBe("2");
    expect(() => topNgramsPerClass(model, ["a"])).toThrow(/vocabulary has 1 terms/);
  });
});

describe("permutation importance (synthetic data, labelled as such)", () => {
  // SYNTHETIC: y depends strongly on `signal`, weakly on `weak`, not at all on `noise` or `colour`.
  const rng = createRng(7);
  const make = (n: number) =>
    Array.from({ length: n }, () => {
      const signal = rng.normal(), weak = rng.normal(), noise = rng.normal();
      const colour = ["red", "green", "blue"][rng.int(3)]!;
      const y = 2 * signal + 0.5 * weak + 0.5 * rng.normal() > 0 ? 1 : 0;
      return { signal, weak, noise, colour, y };
    });
  const train = make(2000);
  const test = make(1000);
  const task = { label: "y", positive: 1, numeric: ["signal", "weak", "noise"], categorical: ["colour"] };
  let clf: TabularClassifier;
  beforeAll(() => {
    clf = TabularClassifier.fit(train, task);
  });

  it("finds the planted feature and gives ~0 to noise", () => {
    const y = clf.labelsOf(test);
    const r = permutationImportance(test, y, (rs) => clf.predictMany(rs), { features: ["noise", "signal", "colour", "weak"], repeats: 5, seed: 1 });
    expect(r.baseline).toBeGreaterThan(0.85);
    const imp = Object.fromEntries(r.importances.map((i) => [i.feature, i]));
    expect(r.importances[0]!.feature).toBe("signal");
    expect(imp.signal!.meanDrop).toBeGreaterThan(0.25);
    expect(imp.weak!.meanDrop).toBeGreaterThan(0.01);
    expect(imp.weak!.meanDrop).toBeLessThan(imp.signal!.meanDrop);
    expect(Math.abs(imp.noise!.meanDrop)).toBeLessThan(0.01);
    expect(Math.abs(imp.colour!.meanDrop)).toBeLessThan(0.01);
    expect(imp.signal!.drops).toHaveLength(5);
    const m = imp.signal!.drops.reduce((a, b) => a + b, 0) / 5;
    expect(imp.signal!.meanDrop).toBeCloseTo(m, 12);
    expect(imp.signal!.stdDrop).toBeCloseTo(Math.sqrt(imp.signal!.drops.reduce((a, d) => a + (d - m) ** 2, 0) / 5), 12);
    // seeded: the same seed gives the same drops
    const again = permutationImportance(test, y, (rs) => clf.predictMany(rs), { features: ["noise", "signal", "colour", "weak"], repeats: 5, seed: 1 });
    expect(again).toEqual(r);
  });

  it("a column the model never reads has exactly zero importance; losses use higherIsBetter: false", async () => {
    const rows = test.slice(0, 200);
    const y = rows.map((r) => r.y);
    const predict = (rs: readonly { signal: number }[]) => rs.map((r) => (r.signal > 0 ? 1 : 0));
    const r = permutationImportance(rows, y, predict, { features: ["noise", "signal"], repeats: 3 });
    expect(r.importances.find((i) => i.feature === "noise")!.drops).toEqual([0, 0, 0]);
    const logLoss = (yt: readonly number[], p: readonly number[]) => -yt.reduce((s, t, i) => s + Math.log(t ? p[i]! : 1 - p[i]!), 0) / yt.length;
    const rl = permutationImportance(rows, y, (rs) => clf.predictProbaMany(rs), { features: ["signal"], metric: logLoss, higherIsBetter: false, repeats: 2 });
    expect(rl.importances[0]!.meanDrop).toBeGreaterThan(0.3); // loss rises when signal is shuffled
    const ra = await permutationImportanceAsync(rows, y, async (rs) => predict(rs), { features: ["noise", "signal"], repeats: 3 });
    expect(ra).toEqual(r);
    expect(() => permutationImportance(rows, y, predict, { features: ["nope"] })).toThrow(/no column "nope"/);
  });
});

describe("occlusion", () => {
  it("tokenSpans gives offsets into the original text", () => {
    expect(tokenSpans("Not bad, <b>really</b>!")).toEqual([
      { token: "Not", start: 0, end: 3 },
      { token: "bad", start: 4, end: 7 },
      { token: "b", start: 10, end: 11 },
      { token: "really", start: 12, end: 18 },
      { token: "b", start: 20, end: 21 },
    ]);
  });

  it("hand-made linear bag-of-words model: log-odds attributions equal the weights and sum to logit − bias", () => {
    const w: Record<string, number> = { great: 2, tasty: 1, bad: -1.5, stale: -0.5 };
    const bias = 0.25;
    const proba = (t: string): number[] => {
      const z = bias + tokenSpans(t.toLowerCase()).reduce((s, k) => s + (w[k.token] ?? 0), 0);
      const p = 1 / (1 + Math.exp(-z));
      return [1 - p, p];
    };
    const text = "Great and tasty, a bit stale but not bad";
    const r = occlusionAttributions(text, proba, { classIndex: 1, scale: "logOdds", labels: ["other", "great"] });
    expect(r.label).toBe("great");
    expect(r.calls).toBe(tokenSpans(text).length + 1);
    for (const t of r.tokens) expect(t.attribution).toBeCloseTo(w[t.token.toLowerCase()] ?? 0, 9);
    const z = Math.log(r.probability / (1 - r.probability));
    expect(r.tokens.reduce((s, t) => s + t.attribution, 0)).toBeCloseTo(z - bias, 9);
    // probability scale: same order as the weights
    const rp = occlusionAttributions(text, proba, { classIndex: 1 });
    const order = (xs: number[]) => xs.map((_, i) => i).sort((a, b) => xs[b]! - xs[a]! || a - b);
    expect(order(rp.tokens.map((t) => t.attribution))).toEqual(order(rp.tokens.map((t) => w[t.token.toLowerCase()] ?? 0)));
    expect(rp.tokens[0]!.probabilityWithout).toBeCloseTo(proba(text.slice(5))[1]!, 12);
  });

  describe("trained logistic regression on fine_foods (raw tf·idf, no normalisation)", () => {
    let v: TfidfVectorizer, lr: LogisticRegression;
    beforeAll(async () => {
      const tr = (await loadTextSplit("fine_foods", "train")).slice(0, 1500);
      v = new TfidfVectorizer({ norm: "none", minDf: 2 }).fit(tr.map((r) => r.text));
      const { y, classes } = encodeClassLabels(tr.map((r) => r.label));
      lr = new LogisticRegression({ epochs: 5, seed: 3 }).fit(v.transformMany(tr.map((r) => r.text)), y, v.dim, 2);
      lr.labels = classes;
    });

    it("leave-one-out drops match coefficient × idf (exactly in log-odds, same order in probability)", async () => {
      const text = "This coffee is delicious and the price was great, but shipping took forever";
      const proba = (t: string) => lr.predictProba(v.transform(t));
      const r = occlusionAttributions(text, proba, { scale: "logOdds" });
      const c = r.classIndex;
      const contribution = (tok: string): number => {
        const f = v.featureId(tok.toLowerCase());
        return f === undefined ? 0 : (lr.weights[f * 2 + c]! - lr.weights[f * 2 + 1 - c]!) * v.idf[f]!;
      };
      for (const t of r.tokens) expect(t.attribution).toBeCloseTo(contribution(t.token), 4);
      const rp = occlusionAttributions(text, proba);
      const byAttr = [...rp.tokens].sort((a, b) => b.attribution - a.attribution).map((t) => contribution(t.token));
      for (let i = 1; i < byAttr.length; i++) expect(byAttr[i - 1]!).toBeGreaterThanOrEqual(byAttr[i]! - 1e-6);
      expect(r.tokens.filter((t) => Math.abs(contribution(t.token)) > 0.05).length).toBeGreaterThan(3); // not vacuous
      const terms = topNgramsPerClass(lr, v.vocabulary, { n: 20 });
      expect(terms.map((t) => t.label)).toEqual(["great", "other"]);
      expect(terms[0]!.top).toHaveLength(20);
      // the async, batched form gives the same result
      const ra = await occlusionAttributionsAsync(text, async (ts) => ts.map(proba), {}, 4);
      expect(ra).toEqual(rp);
    });
  });
});

describe("attributionHtml", () => {
  it("colours tokens by sign and size, escapes the text", () => {
    const html = attributionHtml({
      text: "good <b> bad",
      tokens: [
        { start: 0, end: 4, attribution: 0.5 },
        { start: 6, end: 7, attribution: 0 },
        { start: 9, end: 12, attribution: -0.25 },
      ],
      label: "great",
      probability: 0.9,
    });
    expect(html).toContain('<span style="background:rgba(0,160,60,0.8)" title="0.5">good</span>');
    expect(html).toContain('<span style="background:rgba(220,40,40,0.4)" title="-0.25">bad</span>');
    expect(html).toContain("&lt;<span");
    expect(html).toContain("P(great) = 0.9");
    expect(html).not.toContain("<b>");
    expect(() => attributionHtml({ text: "ab", tokens: [{ start: 0, end: 5, attribution: 1 }] })).toThrow(/outside the text/);
  });
});
