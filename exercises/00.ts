/**
 * Module 00 exercises. Replace each `throw new NotImplementedYet(...)` with your code, then run
 * `npm run check -- 00` (or the check cell at the end of notebook 00). Stuck? `npm run check -- 00 --hint 1`.
 */
import type { LabelledText } from "../lib/data/index";
import { NotImplementedYet } from "../lib/nb/index";

/** 00.1 — The share (0–1) of the most frequent label among `rows` (0 for no rows). */
export function majorityShare(rows: LabelledText[]): number {
  throw new NotImplementedYet("majorityShare");
}

/**
 * 00.2 — A seeded stratified sample of `n` rows from `rows` in which every class keeps its share,
 * drawn with the given `seed` (the same seed gives the same sample, a different seed another).
 * Use the library (`stratifiedSample`) rather than writing it yourself.
 */
export function sampleForLesson(rows: LabelledText[], n: number, seed: number): LabelledText[] {
  throw new NotImplementedYet("sampleForLesson");
}

/**
 * 00.3 — Load a split of a text dataset (e.g. `"r52"`, `"test"`) and return its number of classes
 * and the label of its largest class. (Use `loadTextSplit` and `labelCounts`.)
 */
export async function splitSummary(dataset: string, split: string): Promise<{ classes: number; largest: string }> {
  throw new NotImplementedYet("splitSummary");
}

/**
 * 00.4 — Predict, then compare (a judgement: do it BEFORE running the notebook's label-count cell).
 * A "model" that always answers R8's most frequent class: what accuracy does it get on R8's test
 * split? Give your guess as a share (0–1) and one sentence on how you reasoned (what you know about
 * news topics, how many classes R8 has, …). The check shows how far off you were.
 */
export function predictMajorityBaseline(): { accuracy: number; why: string } {
  throw new NotImplementedYet("predictMajorityBaseline");
}
