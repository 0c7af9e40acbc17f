import { describe, it, expect } from "vitest";
import {
  compareWithAnchors,
  GZIP_KNN_ANCHORS,
  findKnnTies,
  rerankSweep,
  ncd,
  createCompressor,
} from "../../lib/compress/index";
import {
  learningCurve,
  learningCurveSubsets,
  gzipKnnCurveMethod,
  tfidfLogRegCurveMethod,
  fastTextCurveMethod,
  type LearningCurveMethod,
} from "../../lib/experiments/index";
import { createRng } from "../../lib/data/random";
import type { LabelledText } from "../../lib/data/load";

/** Two topics with their own vocabularies, so any sensible classifier separates them. */
function toyCorpus(n: number, seed: number): LabelledText[] {
  const rng = createRng(seed);
  const vocab: Record<string, string[]> = {
    sport: ["match", "goal", "team", "season", "coach", "league", "striker", "win", "cup", "score"],
    money: ["shares", "profit", "bank", "market", "stock", "rates", "bond", "earnings", "investor", "fund"],
  };
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2 === 0 ? "sport" : "money";
    const words = Array.from({ length: 12 }, () => vocab[label]![rng.int(10)]!);
    return { label, text: words.join(" ") };
  });
}

describe("compareWithAnchors", () => {
  it("puts fair k=1 and paper k=2 beside the anchors, with status and differences", () => {
    const r8 = { dataset: "r8", complete: true, trainRows: 5485, testRows: 2189, rerankM: null, accuracy: { k1: { "1": 0.9223 }, paper: { "2": 0.9534 } } };
    const r52 = { dataset: "r52", complete: true, trainRows: 6532, testRows: 2568, accuracy: { k1: { "1": 0.8555 }, paper: { "2": 0.8925 } } };
    const rerank = { dataset: "ohsumed", complete: true, rerankM: 100, accuracy: { k1: { "1": 0.1 }, paper: { "2": 0.2 } } };
    const incomplete = { dataset: "ag_news", complete: false, accuracy: null };
    const rows = compareWithAnchors([r8, r52, rerank, incomplete]);
    expect(rows).toHaveLength(2 * GZIP_KNN_ANCHORS.length);
    const r8k1 = rows.find((r) => r.dataset === "r8" && r.metric === "fair k=1")!;
    expect(r8k1.ours).toBe(0.9223);
    expect(r8k1.anchor).toBe(0.913);
    expect(r8k1.diff).toBeCloseTo(0.0093, 10);
    expect(r8k1.status).toBe("match");
    expect(r8k1.rows).toBe("5485 × 2189");
    const r52k2 = rows.find((r) => r.dataset === "r52" && r.metric === "paper counting, k=2")!;
    expect(r52k2.diff).toBeCloseTo(0.0035, 10);
    // re-rank runs and incomplete runs do not count: pending
    expect(rows.filter((r) => r.dataset === "ohsumed").every((r) => r.status === "pending" && r.ours === null)).toBe(true);
    expect(rows.filter((r) => r.dataset === "ag_news").every((r) => r.status === "pending")).toBe(true);
    // a tighter tolerance turns the R8 match into a difference
    expect(compareWithAnchors([r8], { tolerance: 0.005 }).find((r) => r.dataset === "r8")!.status).toBe("differs");
  });

  it("refuses a run that lacks the needed policy, and a negative tolerance", () => {
    expect(() => compareWithAnchors([{ dataset: "r8", complete: true, accuracy: { k1: { "1": 0.9 } } }])).toThrow(/paper/);
    expect(() => compareWithAnchors([], { tolerance: -1 })).toThrow(/tolerance/);
  });
});

describe("learning curves", () => {
  const train = toyCorpus(60, 1);
  const test = toyCorpus(16, 2);

  it("stratified subsets are nested for balanced classes and keep the class shares", () => {
    const subs = learningCurveSubsets(train, [10, 20, 40]);
    expect(subs.map((s) => s.length)).toEqual([10, 20, 40]);
    for (const s of subs) expect(s.filter((r) => r.label === "sport").length).toBe(s.length / 2);
    expect(subs[0]!.every((r) => subs[1]!.includes(r))).toBe(true);
    expect(subs[1]!.every((r) => subs[2]!.includes(r))).toBe(true);
    expect(() => learningCurveSubsets(train, [61])).toThrow(/train size 61/);
  });

  it("gzip kNN method equals 1-NN by ncd() computed pair by pair, and only pays for new rows", async () => {
    const method = gzipKnnCurveMethod({ workers: 0 });
    const pts = await learningCurve(train, test, [method], { sizes: [10, 30] });
    const subs = learningCurveSubsets(train, [10, 30]);
    const gz = createCompressor({ name: "gzip", level: 9 });
    subs.forEach((sub, s) => {
      const pred = test.map((t) => {
        let best = 0;
        sub.forEach((r, j) => {
          if (ncd(t.text, r.text, gz) < ncd(t.text, sub[best]!.text, gz)) best = j;
        });
        return sub[best]!.label;
      });
      const acc = pred.filter((p, i) => p === test[i]!.label).length / test.length;
      expect(pts[s]!.accuracy).toBeCloseTo(acc, 12);
      expect(pts[s]!.trainSize).toBe(sub.length);
    });
    // nested: the 30-row subset only added 20 new columns
    expect(method.pairsComputed()).toBe(30 * test.length);
    expect(() => gzipKnnCurveMethod({ policy: "paper" as never })).toThrow(/paper/);
    // seeding the memory from a full pairwiseNcd run: nothing is recomputed, same accuracy
    const { pairwiseNcd } = await import("../../lib/compress/index");
    const seeded = gzipKnnCurveMethod({ workers: 0 });
    const full = await pairwiseNcd(test.map((t) => t.text), subs[1]!.map((t) => t.text), { topK: Infinity, workers: 0 });
    seeded.remember(subs[1]!, test, full.neighbours);
    const again = await learningCurve(train, test, [seeded], { sizes: [10, 30] });
    expect(again.map((p) => p.accuracy)).toEqual(pts.map((p) => p.accuracy));
    expect(seeded.pairsComputed()).toBe(0);
    expect(() => seeded.remember(subs[1]!, test, [])).toThrow(/rows/);
  });

  it("learned baselines separate the toy topics; a wrong-length prediction is refused", async () => {
    const pts = await learningCurve(train, test, [tfidfLogRegCurveMethod(), fastTextCurveMethod({ seed: 1, buckets: 1 << 12, epochs: 10 })], { sizes: [40] });
    for (const p of pts) expect(p.accuracy).toBeGreaterThanOrEqual(0.9);
    const bad: LearningCurveMethod = { name: "bad", fitPredict: () => ["sport"] };
    await expect(learningCurve(train, test, [bad], { sizes: [10] })).rejects.toThrow(/returned 1 predictions/);
  });
});

describe("findKnnTies and rerankSweep", () => {
  it("finds items whose two nearest neighbours disagree, paper-only wins first", () => {
    const trainLabels = ["a", "b", "a", "c"];
    const neighbours = [
      [0, 2], // a a: no tie
      [0, 1], // a b, truth b: paper correct, fair wrong
      [1, 0], // b a, truth b: both correct
      [3, 1], // c b, truth a: both wrong
    ];
    const ties = findKnnTies(neighbours, trainLabels, ["a", "b", "b", "a"]);
    expect(ties.map((t) => t.i)).toEqual([1, 2, 3]);
    expect(ties[0]).toMatchObject({ truth: "b", labels: ["a", "b"], paperCorrect: true, fairCorrect: false });
    expect(ties[1]).toMatchObject({ paperCorrect: true, fairCorrect: true });
    expect(ties[2]).toMatchObject({ paperCorrect: false, fairCorrect: false });
    expect(() => findKnnTies([[0]], trainLabels, ["a"])).toThrow(/two neighbours/);
  });

  it("re-rank with M = all train items gives the full scan's accuracy; compressions are counted", async () => {
    const train = toyCorpus(30, 3);
    const test = toyCorpus(8, 4);
    const rows = await rerankSweep(train, test, { ms: [5, 30], workers: 0 });
    expect(rows.map((r) => r.m)).toEqual([5, 30, null]);
    expect(rows.map((r) => r.compressions)).toEqual([30 + 8 + 5 * 8, 30 + 8 + 30 * 8, 30 + 8 + 30 * 8]);
    expect(rows[1]!.fairK1).toBe(rows[2]!.fairK1);
    expect(rows[1]!.paperK2).toBe(rows[2]!.paperK2);
    await expect(rerankSweep(train, test, { ms: [1], workers: 0 })).rejects.toThrow(/M must be/);
  });
});

describe("createNcdNearestNeighbour", () => {
  it("predicts the label of the train row with the smallest ncd(), computed pair by pair", async () => {
    const { createNcdNearestNeighbour } = await import("../../lib/compress/index");
    const train = toyCorpus(20, 5);
    const test = toyCorpus(6, 6);
    const gz = createCompressor({ name: "gzip", level: 9 });
    const nn = createNcdNearestNeighbour(train);
    for (const t of test) {
      const d = train.map((r) => ncd(t.text, r.text, gz));
      const best = d.indexOf(Math.min(...d));
      expect(nn.nearest(t.text).index).toBe(best);
      expect(nn.nearest(t.text).distance).toBeCloseTo(d[best]!, 12);
      expect(nn.predict(t.text)).toBe(train[best]!.label);
    }
    expect(nn.sizeBytes()).toBe(train.reduce((a, r) => a + Buffer.byteLength(r.text), 0) + 8 * train.length);
    nn.close();
    expect(() => createNcdNearestNeighbour([])).toThrow(/empty/);
  });
});
