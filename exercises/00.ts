/**
 * Module 00 exercises. Replace each `throw new NotImplementedYet(...)` with your code, then run
 * `npm run check -- 00` (or the check cell at the end of notebook 00).
 */
import type { LabelledText } from "../lib/data/index";
import { NotImplementedYet } from "../lib/nb/index";

/** 00.1 — The share (0–1) of the most frequent label among `rows`. */
export function majorityShare(rows: LabelledText[]): number {
  throw new NotImplementedYet("majorityShare");
}

/**
 * 00.2 — A seeded stratified sample of `n` rows from `rows` in which every class keeps its share.
 * Use the library (`stratifiedSample`) rather than writing it yourself.
 */
export function sampleForLesson(rows: LabelledText[], n: number, seed: number): LabelledText[] {
  throw new NotImplementedYet("sampleForLesson");
}

/**
 * 00.3 — Load R52's test split and return its number of classes and the label of its largest class.
 * (Use `loadTextSplit` and `labelCounts`.)
 */
export async function r52Summary(): Promise<{ classes: number; largest: string }> {
  throw new NotImplementedYet("r52Summary");
}
