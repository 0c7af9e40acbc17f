/** Reference solutions for module 00 (kept apart from exercises/; the test suite checks them). */
import { labelCounts, stratifiedSample, loadTextSplit, type LabelledText } from "../lib/data/index";

/** 00.1 */
export function majorityShare(rows: LabelledText[]): number {
  return labelCounts(rows)[0]?.share ?? 0;
}

/** 00.2 */
export function sampleForLesson(rows: LabelledText[], n: number, seed: number): LabelledText[] {
  return stratifiedSample(rows, n, { seed });
}

/** 00.3 */
export async function splitSummary(dataset: string, split: string): Promise<{ classes: number; largest: string }> {
  const counts = labelCounts(await loadTextSplit(dataset, split));
  return { classes: counts.length, largest: counts[0]!.label };
}

/** 00.4 (one reasonable prediction; any well-formed one passes) */
export function predictMajorityBaseline(): { accuracy: number; why: string } {
  return { accuracy: 0.4, why: "Reuters news is dominated by earnings reports, so one of the eight classes probably holds close to half of the articles." };
}
