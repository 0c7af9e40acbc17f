import { describe, it, expect } from "vitest";
import { loadTrainSet, preferFullTrainRuns, runGzipKnn } from "../../lib/compress/index";
import { getManifest } from "../../lib/data/index";

describe("the AG News train set: full when present, else the shipped subset", () => {
  const hasFull = Boolean(getManifest("ag_news").splits["train_full"]);

  it("auto says which one it uses; subset is the shipped 12,000 rows", async () => {
    const sub = await loadTrainSet("ag_news", "subset");
    expect(sub.split).toBe("train");
    expect(sub.full).toBe(false);
    expect(sub.rows).toHaveLength(12_000);
    expect(sub.note).toMatch(/12,000-row train subset \(asked for\)/);
    const auto = await loadTrainSet("ag_news", "auto");
    if (auto.split === "train_full") {
      expect(auto.rows).toHaveLength(120_000);
      expect(auto.note).toMatch(/complete train set \(120,000 rows/);
    } else {
      expect(auto.rows).toHaveLength(12_000);
      expect(auto.note).toMatch(/12,000-row train subset; the complete train set is not (present|available) here/);
    }
  });

  it("full without the split is a clear error (the gzip-knn job says the same)", async () => {
    if (hasFull) return; // once the data update lands and the file is fetched, "full" loads it
    await expect(loadTrainSet("ag_news", "full")).rejects.toThrow(/no "train_full" split .*npm run data -- fetch ag_news --split train_full/);
    await expect(runGzipKnn({ dataset: "ag_news", trainSplit: "train_full", testLimit: 2, checkpointDir: null, progress: false })).rejects.toThrow(/no "train_full" split .*use the subset/);
  });

  it("other datasets ship their complete train split", async () => {
    const r8 = await loadTrainSet("r8", "auto");
    expect(r8.full).toBe(true);
    expect(r8.split).toBe("train");
    expect(r8.rows).toHaveLength(5485);
  });

  it("preferFullTrainRuns keeps the full-train run where both exist", () => {
    const runs = [
      { dataset: "ag_news", trainSplit: "train", rerankM: null, id: 1 },
      { dataset: "ag_news", trainSplit: "train_full", rerankM: null, id: 2 },
      { dataset: "ag_news", rerankM: 100, id: 3 },
      { dataset: "r8", id: 4 },
    ];
    expect(preferFullTrainRuns(runs).map((r) => r.id)).toEqual([2, 3, 4]);
    expect(preferFullTrainRuns(runs.filter((r) => r.id !== 2)).map((r) => r.id)).toEqual([1, 3, 4]);
  });
});
