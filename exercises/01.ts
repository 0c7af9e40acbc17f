/**
 * Module 01 exercises: compression is learning. Replace each `throw new NotImplementedYet(...)`
 * with your code, then run `npm run check -- 01` (or the check cell at the end of notebook 01).
 */
import type { Compressor } from "../lib/compress/index";
import { NotImplementedYet } from "../lib/nb/index";

/**
 * 01.1 — Normalized compression distance from three compressed lengths (bytes):
 * `(C(xy) − min(C(x), C(y))) / max(C(x), C(y))`. Throw a `RangeError` when `cx` or `cy` is not
 * positive (a compressed length is never 0), so a caller passing raw text lengths by mistake hears
 * about it.
 */
export function ncdFromSizes(cx: number, cy: number, cxy: number): number {
  throw new NotImplementedYet("ncdFromSizes");
}

/**
 * 01.2 — A kNN vote under a tie policy. `labels` are the neighbours' labels, nearest first
 * (at least `k` of them). Return the labels the vote counts as correct:
 * - `"paper"`: every label tied for the most votes among the first k, nearest-first order
 *   (the official gzip code counts the item correct if the truth is any of them);
 * - `"k1"`: one label, the tied label whose first occurrence is nearest;
 * - `"decrement"`: one label: while several labels tie and k > 1, lower k by one and vote again.
 * @example tieVote(["b", "a", "a", "b"], 4, "paper") // ["b", "a"]
 */
export function tieVote(labels: string[], k: number, policy: "paper" | "k1" | "decrement"): string[] {
  throw new NotImplementedYet("tieVote");
}

/** One setting of a retrieve + re-rank sweep: M candidates (`null`: the full scan), its cost and accuracy. */
export interface SweepRow {
  m: number | null;
  compressions: number;
  fairK1: number;
}

/**
 * 01.3 — Of the rows whose `fairK1` is at least `target`, return the one with the fewest
 * compressions (the cheapest setting that meets the accuracy target); `undefined` when none does.
 * On equal compressions prefer the higher accuracy.
 */
export function chooseRerankM(sweep: SweepRow[], target: number): SweepRow | undefined {
  throw new NotImplementedYet("chooseRerankM");
}

/**
 * 01.4 — A compression classifier. `classContexts` maps each label to that class's training text
 * (its documents joined). Classify `text` by the class whose context makes it cheapest to add:
 * the label minimizing `C(context + "\n" + text) − C(context)` with the given compressor (use
 * `compressor.compressedLength`). Ties: the label that comes first in `Object.keys(classContexts)`.
 * (Deflate only looks back 32 KB, so keep contexts shorter than that: the check does.)
 */
export function compressionClassify(classContexts: Record<string, string>, text: string, compressor: Compressor): string {
  throw new NotImplementedYet("compressionClassify");
}

/**
 * 01.5 — Find the flaw (a judgement). A blog post says: "On R8, gzip + kNN scores 95.3% with k = 2
 * against 92.2% with k = 1, so use k = 2." Both numbers come from results/gzip-knn/r8-gzip-9.json.
 * Name the flaw — `"tie-rule"`, `"test-leak"`, `"too-few-test-items"` or `"compression-level"` —
 * give the honest k = 2 accuracy (a share 0–1, from the results file, under a rule that counts one
 * predicted label) and say why in a sentence.
 */
export function gzipClaimFlaw(): { flaw: string; honestK2Accuracy: number; why: string } {
  throw new NotImplementedYet("gzipClaimFlaw");
}
