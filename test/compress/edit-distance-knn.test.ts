import { describe, expect, it } from "vitest";
import { normalizedEditDistance } from "../../lib/compress/edit-distance-knn";
import { editDistanceKnnCurveMethod } from "../../lib/experiments/edit-distance-curve";
import { vocabularyGrowth } from "../../lib/text/vocabulary-growth";

describe("edit-distance kNN", () => {
  it("normalizes Levenshtein distance by the longer string (kitten → sitting = 3 edits)", () => {
    expect(normalizedEditDistance("kitten", "sitting")).toBeCloseTo(3 / 7, 12);
    expect(normalizedEditDistance("", "")).toBe(0);
    expect(normalizedEditDistance("abc", "xyz")).toBe(1);
  });
  it("predicts the label of the closest training text", async () => {
    const train = [
      { label: "sport", text: "the team won the match" },
      { label: "money", text: "stocks fell on wall street" },
    ];
    const m = editDistanceKnnCurveMethod();
    expect(await m.fitPredict(train, [{ label: "?", text: "The team won a match" }, { label: "?", text: "stocks fall on wall st" }])).toEqual(["sport", "money"]);
  });
});

describe("vocabulary growth", () => {
  it("counts the fitted vocabulary per prefix and fits Heaps' law exactly on a constructed corpus", () => {
    // document i brings exactly one new word for i < 4 and none after: V = 1, 2, 4 for n = 1, 2, 4
    const texts = ["w0", "w0 w1", "w1 w2", "w2 w3"];
    const g = vocabularyGrowth(texts, [1, 2, 4]);
    expect(g.points.map((p) => p.vocabulary)).toEqual([1, 2, 4]);
    expect(g.beta).toBeCloseTo(1, 12);
    expect(g.k).toBeCloseTo(1, 12);
    expect(() => vocabularyGrowth(texts, [1])).toThrow(/two sizes/);
    expect(() => vocabularyGrowth(texts, [1, 9])).toThrow(/between 1 and/);
  });
});
