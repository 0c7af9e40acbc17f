import { describe, it, expect } from "vitest";
import { knnVote, knnAccuracy, knnEvaluate, nearestIndices, checkTiePolicy } from "../../lib/compress";
import { createRng } from "../../lib/data";

describe("knnVote tie policies on hand-made neighbour lists", () => {
  it("no tie: every policy agrees", () => {
    for (const p of ["paper", "k1", "random", "decrement"] as const) {
      expect(knnVote(["a", "b", "a"], 3, p).label).toBe("a");
      expect(knnVote(["a", "b", "a"], 3, p).tied).toEqual(["a"]);
    }
  });

  it("paper counting at k=2 is top-2: both tied labels count", () => {
    const v = knnVote(["earn", "acq"], 2, "paper");
    expect(v.tied).toEqual(["earn", "acq"]);
    // item with true label acq, nearest is earn: paper counts it correct, fair k=1 does not
    const trainLabels = ["earn", "acq", "crude"];
    const neighbours = [[0, 1, 2]];
    expect(knnAccuracy(neighbours, trainLabels, ["acq"], 2, "paper")).toBe(1);
    expect(knnAccuracy(neighbours, trainLabels, ["acq"], 1, "paper")).toBe(0);
    expect(knnAccuracy(neighbours, trainLabels, ["acq"], 2, "k1")).toBe(0);
    expect(knnAccuracy(neighbours, trainLabels, ["acq"], 2, "decrement")).toBe(0);
  });

  it("paper counting at k=2 equals top-2 accuracy over many lists", () => {
    const rng = createRng(7);
    const labels = ["a", "b", "c", "d"];
    const trainLabels = Array.from({ length: 50 }, () => labels[rng.int(4)]!);
    const neighbours = Array.from({ length: 300 }, () => rng.shuffle(Array.from({ length: 50 }, (_, i) => i)).slice(0, 5));
    const testLabels = Array.from({ length: 300 }, () => labels[rng.int(4)]!);
    const top2 = neighbours.filter((nb, i) => trainLabels[nb[0]!] === testLabels[i] || trainLabels[nb[1]!] === testLabels[i]).length / 300;
    expect(knnAccuracy(neighbours, trainLabels, testLabels, 2, "paper")).toBeCloseTo(top2, 12);
    // and fair k=2 (k1 or decrement) equals 1-NN
    const nn1 = neighbours.filter((nb, i) => trainLabels[nb[0]!] === testLabels[i]).length / 300;
    expect(knnAccuracy(neighbours, trainLabels, testLabels, 2, "k1")).toBeCloseTo(nn1, 12);
    expect(knnAccuracy(neighbours, trainLabels, testLabels, 2, "decrement")).toBeCloseTo(nn1, 12);
    expect(knnAccuracy(neighbours, trainLabels, testLabels, 1, "paper")).toBeCloseTo(nn1, 12);
  });

  it("k1 picks the tied label held by the nearest neighbour", () => {
    // k=4: b,a,a,b -> a:2 b:2, nearest is b
    expect(knnVote(["b", "a", "a", "b"], 4, "k1").label).toBe("b");
    expect(knnVote(["b", "a", "a", "b"], 4, "k1").tied).toEqual(["b", "a"]);
  });

  it("decrement lowers k until the tie breaks", () => {
    // k=4 tie 2-2 -> k=3: b1 a2 -> a
    const v = knnVote(["b", "a", "a", "b"], 4, "decrement");
    expect(v.label).toBe("a");
    expect(v.k).toBe(3);
    // k=3 three-way tie -> k=2 still tied -> k=1: c
    expect(knnVote(["c", "a", "b"], 3, "decrement")).toEqual({ label: "c", tied: ["c"], k: 1 });
    // differs from k1 on the first list
    expect(knnVote(["b", "a", "a", "b"], 4, "k1").label).toBe("b");
  });

  it("random tie-break is seeded and picks among the tied labels only", () => {
    const draws = (seed: number): string[] => {
      const rng = createRng(seed);
      return Array.from({ length: 200 }, () => knnVote(["a", "b", "c", "a", "b", "c"], 6, "random", rng).label);
    };
    const d1 = draws(1);
    expect(draws(1)).toEqual(d1);
    expect(new Set(d1)).toEqual(new Set(["a", "b", "c"]));
    // roughly uniform
    for (const l of ["a", "b", "c"]) expect(d1.filter((x) => x === l).length).toBeGreaterThan(40);
    // with no tie the generator is not consulted
    expect(knnVote(["a", "a", "b"], 3, "random", createRng(1)).label).toBe("a");
  });

  it("knnEvaluate fills the policy × k table and random accuracy is reproducible", () => {
    const trainLabels = ["a", "b", "a", "b"];
    const neighbours = [
      [0, 1, 2, 3],
      [1, 0, 3, 2],
      [3, 2, 1, 0],
    ];
    const t = knnEvaluate(neighbours, trainLabels, ["b", "a", "b"], { ks: [1, 2], policies: ["paper", "k1", "random", "decrement"] });
    expect(t.k1!["1"]).toBeCloseTo(1 / 3, 12);
    expect(t.paper!["2"]).toBe(1);
    expect(t.decrement!["2"]).toBeCloseTo(1 / 3, 12);
    expect(knnEvaluate(neighbours, trainLabels, ["b", "a", "b"], { ks: [2], policies: ["random"], seed: 3 })).toEqual(
      knnEvaluate(neighbours, trainLabels, ["b", "a", "b"], { ks: [2], policies: ["random"], seed: 3 }),
    );
  });

  it("nearestIndices sorts by distance, ties by index", () => {
    expect([...nearestIndices([0.5, 0.2, 0.5, 0.1], 3)]).toEqual([3, 1, 0]);
  });

  it("rejects bad input with a clear message", () => {
    expect(() => checkTiePolicy("majority")).toThrow(/Unknown tie policy "majority": use one of paper, k1, random, decrement/);
    expect(() => knnVote(["a"], 2, "k1")).toThrow(/only 1 neighbours/);
    expect(() => knnAccuracy([[0]], ["a"], ["a", "b"], 1, "k1")).toThrow(/1 neighbour lists but 2 test labels/);
  });
});
