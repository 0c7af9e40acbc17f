/** Automatic checks for module 00's exercises. */
import { loadTextSplit, labelCounts, type LabelledText } from "../../lib/data/index";
import { expectThat, expectClose, type ExerciseCheck } from "../../lib/nb/index";

/** The functions a learner writes in exercises/00.ts. */
export interface Module00 {
  majorityShare(rows: LabelledText[]): number;
  sampleForLesson(rows: LabelledText[], n: number, seed: number): LabelledText[];
  r52Summary(): Promise<{ classes: number; largest: string }>;
}

const toy: LabelledText[] = ["a", "b", "a", "c", "a", "b"].map((label, i) => ({ label, text: `doc ${i}` }));

/** The checks `npm run check -- 00` runs. */
export const checks: ExerciseCheck<Module00>[] = [
  {
    id: "00.1",
    title: "majorityShare on a toy list and on R8",
    hint: "count labels (labelCounts does it) and divide the largest count by the number of rows",
    run: async (m) => {
      expectClose(m.majorityShare(toy), 0.5, 1e-12, "majorityShare of a,b,a,c,a,b");
      const r8 = await loadTextSplit("r8", "test");
      expectClose(m.majorityShare(r8), 1083 / 2189, 1e-9, "majorityShare of R8 test");
    },
  },
  {
    id: "00.2",
    title: "sampleForLesson keeps class shares, size and seed",
    hint: "stratifiedSample(rows, n, { seed })",
    run: async (m) => {
      const r8 = await loadTextSplit("r8", "train");
      const s = m.sampleForLesson(r8, 200, 7);
      expectThat(s.length === 200, `expected 200 rows, got ${s.length}`);
      const earn = s.filter((r) => r.label === "earn").length;
      expectThat(Math.abs(earn - 200 * (2840 / 5485)) <= 1, `"earn" should keep its share (≈104 of 200), got ${earn}`);
      const again = m.sampleForLesson(r8, 200, 7);
      expectThat(again.every((r, i) => r === s[i]), "the same seed must give the same sample");
    },
  },
  {
    id: "00.3",
    title: "r52Summary reads the real data",
    hint: "await loadTextSplit(\"r52\", \"test\"), then labelCounts(...)",
    run: async (m) => {
      const got = await m.r52Summary();
      const counts = labelCounts(await loadTextSplit("r52", "test"));
      expectThat(got.classes === counts.length, `expected ${counts.length} classes, got ${got.classes}`);
      expectThat(got.largest === counts[0]!.label, `expected the largest class to be "${counts[0]!.label}", got "${got.largest}"`);
    },
  },
];
