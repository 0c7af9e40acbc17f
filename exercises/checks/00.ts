/** Automatic checks for module 00's exercises. */
import { type LabelledText, createRng, labelCounts, loadTextSplit, stratifiedSample } from "../../lib/data/index";
import { type ExerciseCheck, comparePrediction, expectClose, expectReasoning, expectShare, expectThat } from "../../lib/nb/index";

/** The functions a learner writes in exercises/00.ts. */
export interface Module00 {
  majorityShare(rows: LabelledText[]): number;
  sampleForLesson(rows: LabelledText[], n: number, seed: number): LabelledText[];
  splitSummary(dataset: string, split: string): Promise<{ classes: number; largest: string }>;
  predictMajorityBaseline(): { accuracy: number; why: string };
}

const toy: LabelledText[] = ["a", "b", "a", "c", "a", "b"].map((label, i) => ({ label, text: `doc ${i}` }));

/** A fresh seed each run, so an answer written for fixed inputs fails. */
const freshRng = () => createRng(Date.now() % 2 ** 31);

/** The checks `npm run check -- 00` runs. */
export const checks: ExerciseCheck<Module00>[] = [
  {
    id: "00.1",
    title: "majorityShare on a toy list, random lists and R8",
    hints: [
      "a share is a count divided by the number of rows: which count?",
      "labelCounts(rows) lists the labels by count, largest first, each with its share",
      "return labelCounts(rows)[0]?.share ?? 0",
    ],
    run: async (m) => {
      expectClose(m.majorityShare(toy), 0.5, 1e-12, "majorityShare of a,b,a,c,a,b");
      expectClose(m.majorityShare([]), 0, 0, "majorityShare of no rows");
      const rng = freshRng();
      for (let t = 0; t < 20; t++) {
        const rows = Array.from({ length: 1 + rng.int(40) }, (_, i) => ({ label: "abcde"[rng.int(1 + rng.int(5))]!, text: `${i}` }));
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
        const want = Math.max(...counts.values()) / rows.length;
        const got = m.majorityShare(rows);
        expectThat(Math.abs(got - want) < 1e-12, `a random list of ${rows.length} labels (${rows.map((r) => r.label).join("")}): expected ${want}, got ${got}${got > 1 ? " (a share is between 0 and 1, not a count)" : ""}`);
      }
      const r8 = await loadTextSplit("r8", "test");
      expectClose(m.majorityShare(r8), 1083 / 2189, 1e-9, "majorityShare of R8 test");
    },
  },
  {
    id: "00.2",
    title: "sampleForLesson keeps class shares, size and uses the seed it is given",
    hints: [
      "the library already draws seeded stratified samples: which option takes the seed?",
      "stratifiedSample(rows, n, { seed }) — pass the seed you are given, not a constant",
    ],
    run: async (m) => {
      const r8 = await loadTextSplit("r8", "train");
      const rng = freshRng();
      const n = 150 + rng.int(100), seed = 1 + rng.int(1_000_000);
      const s = m.sampleForLesson(r8, n, seed);
      expectThat(s.length === n, `expected ${n} rows, got ${s.length}`);
      const earn = s.filter((r) => r.label === "earn").length;
      expectThat(Math.abs(earn - n * (2840 / 5485)) <= 1, `"earn" should keep its share (≈${Math.round(n * (2840 / 5485))} of ${n}), got ${earn}`);
      const again = m.sampleForLesson(r8, n, seed);
      expectThat(again.every((r, i) => r === s[i]), "the same seed must give the same sample");
      const other = m.sampleForLesson(r8, n, seed + 1);
      expectThat(other.some((r, i) => r !== s[i]), `seeds ${seed} and ${seed + 1} gave the same sample: is the seed you are given used?`);
      const want = stratifiedSample(r8, n, { seed });
      expectThat(want.every((r, i) => r === s[i]), `with seed ${seed} the sample differs from the library's stratified sample: pass the seed through`);
    },
  },
  {
    id: "00.3",
    title: "splitSummary reads the real data (four splits)",
    hints: [
      "two library calls: one loads the rows, one counts the labels",
      "const counts = labelCounts(await loadTextSplit(dataset, split)); classes = counts.length, largest = counts[0].label",
    ],
    run: async (m) => {
      for (const [dataset, split] of [["r52", "test"], ["r8", "train"], ["r52", "train"], ["ag_news", "test"]] as const) {
        const got = await m.splitSummary(dataset, split);
        const counts = labelCounts(await loadTextSplit(dataset, split));
        expectThat(got.classes === counts.length, `${dataset}/${split}: expected ${counts.length} classes, got ${got.classes}`);
        expectThat(got.largest === counts[0]!.label, `${dataset}/${split}: expected the largest class to be "${counts[0]!.label}", got "${got.largest}"`);
      }
    },
  },
  {
    id: "00.4",
    title: "predict the majority baseline of R8, then compare",
    hints: [
      "no code to run: think about what Reuters news is mostly about, and how many of R8's eight classes there are",
      "if the eight classes were equal the answer would be 1/8; are they?",
    ],
    run: async (m) => {
      const p = m.predictMajorityBaseline();
      expectShare(p.accuracy, "your predicted accuracy");
      expectReasoning(p.why, "your reasoning");
      const measured = labelCounts(await loadTextSplit("r8", "test"))[0]!.share;
      return comparePrediction(p.accuracy, measured);
    },
  },
];
