/** Automatic checks for module 01's exercises. */
import { type Compressor, createCompressor, knnVote, ncd } from "../../lib/compress/index";
import { createRng, loadTextSplit, stratifiedSample } from "../../lib/data/index";
import { type ExerciseCheck, expectClose, expectReasoning, expectThat } from "../../lib/nb/index";
import { GZIP_KNN, readResult, readResults } from "../../lib/results/index";
import type { SweepRow } from "../01";

/** The functions a learner writes in exercises/01.ts. */
export interface Module01 {
  ncdFromSizes(cx: number, cy: number, cxy: number): number;
  tieVote(labels: string[], k: number, policy: "paper" | "k1" | "decrement"): string[];
  chooseRerankM(sweep: SweepRow[], target: number): SweepRow | undefined;
  compressionClassify(classContexts: Record<string, string>, text: string, compressor: Compressor): string;
  gzipClaimFlaw(): { flaw: string; honestK2Accuracy: number; why: string };
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The committed R8 runs (full scan and re-rank sweep) as sweep rows. */
function r8Sweep(): SweepRow[] {
  return readResults(GZIP_KNN)
    .filter(({ file }) => /^gzip-knn\/r8-gzip-9(-rerank\d+)?\.json$/.test(file))
    .map(({ value: r }) => ({ m: r.rerankM, compressions: r.compressionsTotal, fairK1: r.accuracy.k1["1"]! }));
}

/** The checks `npm run check -- 01` runs. */
export const checks: ExerciseCheck<Module01>[] = [
  {
    id: "01.1",
    title: "ncdFromSizes on hand values and on real AG News headlines",
    hints: [
      "the formula is in the doc comment: which of cx, cy is the min and which the max?",
      "a compressed length of 0 cannot happen: check cx and cy first and throw new RangeError(…)",
      "(cxy - Math.min(cx, cy)) / Math.max(cx, cy); throw a RangeError when cx or cy ≤ 0",
    ],
    run: async (m) => {
      expectClose(m.ncdFromSizes(40, 50, 60), 0.4, 1e-12, "ncdFromSizes(40, 50, 60)");
      expectClose(m.ncdFromSizes(50, 40, 60), 0.4, 1e-12, "ncdFromSizes is symmetric in cx, cy");
      expectClose(m.ncdFromSizes(30, 30, 30), 0, 1e-12, "identical texts that add nothing");
      let threw = false;
      try {
        m.ncdFromSizes(0, 10, 10);
      } catch (e) {
        threw = e instanceof RangeError;
      }
      expectThat(threw, "ncdFromSizes(0, 10, 10) should throw a RangeError (a compressed length is never 0)");
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 20; t++) {
        const cx = 1 + rng.int(500), cy = 1 + rng.int(500), cxy = Math.max(cx, cy) + rng.int(300);
        const want = (cxy - Math.min(cx, cy)) / Math.max(cx, cy);
        expectClose(m.ncdFromSizes(cx, cy, cxy), want, 1e-12, `ncdFromSizes(${cx}, ${cy}, ${cxy})`);
      }
      const test = (await loadTextSplit("ag_news", "test")).slice(0, 6);
      const gz = createCompressor({ name: "gzip", level: 9 });
      for (let i = 0; i + 1 < test.length; i++) {
        const x = test[i]!.text;
        const y = test[i + 1]!.text;
        expectClose(m.ncdFromSizes(gz.compressedLength(x), gz.compressedLength(y), gz.compressedLength(x + " " + y)), ncd(x, y, gz), 1e-12, `NCD of AG News test items ${i} and ${i + 1}`);
      }
    },
  },
  {
    id: "01.2",
    title: "tieVote on hand-made neighbour lists",
    hints: [
      "only the first k labels vote; count them (a Map from label to count)",
      "the tied labels are those with the top count, in the order they first appear; \"k1\" keeps the first of them",
      "\"decrement\": while more than one label ties and k > 1, vote again with k − 1",
    ],
    run: async (m) => {
      const cases: [string[], number, "paper" | "k1" | "decrement", string[]][] = [
        [["a", "b"], 2, "paper", ["a", "b"]],
        [["a", "b"], 2, "k1", ["a"]],
        [["a", "b"], 2, "decrement", ["a"]],
        [["a", "b", "b"], 3, "paper", ["b"]],
        [["a", "b", "b"], 3, "k1", ["b"]],
        [["b", "a", "a", "b"], 4, "paper", ["b", "a"]],
        [["c", "a", "a", "b", "b"], 5, "k1", ["a"]],
        // k=5 ties a/b; k=4 gives a
        [["c", "a", "b", "a", "b"], 5, "decrement", ["a"]],
        // k=4 ties c/a; k=3 gives a
        [["c", "a", "a", "c", "b"], 4, "decrement", ["a"]],
        [["c", "a", "a", "c", "b"], 4, "k1", ["c"]],
        [["x", "y", "z", "w"], 3, "paper", ["x", "y", "z"]],
      ];
      for (const [labels, k, policy, want] of cases) {
        const got = m.tieVote(labels, k, policy);
        expectThat(same(got, want), `tieVote(${JSON.stringify(labels)}, ${k}, "${policy}") should be ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        // and the library agrees (so the hand values above are the course's semantics)
        const lib = knnVote(labels, k, policy);
        expectThat(same(policy === "paper" ? lib.tied : [lib.label], want), `internal: library disagrees on ${JSON.stringify(labels)}`);
      }
      // random neighbour lists, checked against the library's vote
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 60; t++) {
        const labels = Array.from({ length: 1 + rng.int(9) }, () => "abc"[rng.int(3)]!);
        const k = 1 + rng.int(labels.length);
        const policy = (["paper", "k1", "decrement"] as const)[t % 3]!;
        const lib = knnVote(labels, k, policy);
        const want = policy === "paper" ? lib.tied : [lib.label];
        const got = m.tieVote([...labels], k, policy);
        expectThat(same(got, want), `tieVote(${JSON.stringify(labels)}, ${k}, "${policy}") should be ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      }
    },
  },
  {
    id: "01.3",
    title: "chooseRerankM on the committed full-scale R8 sweep",
    hints: [
      "two steps: which rows are good enough, then which of those is cheapest",
      "keep rows with fairK1 >= target, then take the one with the fewest compressions (higher fairK1 on a tie)",
    ],
    run: async (m) => {
      const sweep = r8Sweep();
      expectThat(sweep.length >= 3, "results/gzip-knn/r8-gzip-9*.json are missing: they are committed with the course");
      for (const target of [0.9, 0.915, 0.92, 0.922, 0.925, 0.99]) {
        const ok = sweep.filter((r) => r.fairK1 >= target);
        const cheapest = ok.length ? Math.min(...ok.map((r) => r.compressions)) : undefined;
        const got = m.chooseRerankM(sweep.map((r) => ({ ...r })), target);
        if (cheapest === undefined) {
          expectThat(got === undefined, `target ${target}: no setting reaches it, expected undefined, got M=${got?.m}`);
        } else {
          expectThat(got !== undefined && got.compressions === cheapest && got.fairK1 >= target, `target ${target}: expected the setting with ${cheapest} compressions, got ${got ? `M=${got.m} (${got.compressions} compressions, accuracy ${got.fairK1.toFixed(4)})` : "undefined"}`);
        }
      }
      // random sweeps (costs not in the order of accuracy), so an answer fitted to the committed file fails
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 50; t++) {
        const rows: SweepRow[] = Array.from({ length: 2 + rng.int(6) }, (_, i) => ({ m: 10 * (i + 1), compressions: 1000 + 100 * rng.int(20), fairK1: 0.8 + rng.int(20) / 100 }));
        const target = 0.8 + rng.int(22) / 100;
        const ok = rows.filter((r) => r.fairK1 >= target).sort((a, b) => a.compressions - b.compressions || b.fairK1 - a.fairK1);
        const got = m.chooseRerankM(rows.map((r) => ({ ...r })), target);
        const want = ok[0];
        expectThat(
          want ? got !== undefined && got.compressions === want.compressions && got.fairK1 === want.fairK1 : got === undefined,
          `sweep ${JSON.stringify(rows.map((r) => [r.m, r.compressions, r.fairK1]))} ([M, compressions, accuracy]) with target ${target}: expected ${want ? `M=${want.m}` : "undefined"}, got ${got ? `M=${got.m}` : "undefined"}`,
        );
      }
      const tie: SweepRow[] = [
        { m: 5, compressions: 100, fairK1: 0.8 },
        { m: 6, compressions: 100, fairK1: 0.9 },
      ];
      expectThat(m.chooseRerankM(tie, 0.5)?.m === 6, "on equal compressions prefer the higher accuracy");
    },
  },
  {
    id: "01.4",
    title: "compressionClassify on AG News (deflate-9, 7 KB of context per class)",
    hints: [
      "the cost of a class is how many bytes the text adds to that class's compressed context",
      "cost(label) = compressor.compressedLength(ctx + \"\\n\" + text) - compressor.compressedLength(ctx); return the label with the lowest cost",
    ],
    run: async (m) => {
      const train = stratifiedSample(await loadTextSplit("ag_news", "train"), 400, { seed: 3 });
      const test = stratifiedSample(await loadTextSplit("ag_news", "test"), 60, { seed: 3 });
      const contexts: Record<string, string> = {};
      for (const label of [...new Set(train.map((r) => r.label))].sort()) {
        contexts[label] = train.filter((r) => r.label === label).map((r) => r.text).join("\n").slice(-7000);
      }
      const c = createCompressor({ name: "deflate", level: 9 });
      const cost = (label: string, text: string): number => c.compressedLength(contexts[label] + "\n" + text) - c.compressedLength(contexts[label]!);
      let agree = 0;
      let correct = 0;
      for (const r of test) {
        const got = m.compressionClassify(contexts, r.text, c);
        const costs = Object.keys(contexts).map((l) => cost(l, r.text));
        const best = Object.keys(contexts)[costs.indexOf(Math.min(...costs))]!;
        if (got === best) agree++;
        if (got === r.label) correct++;
      }
      expectThat(agree === test.length, `${test.length - agree} of ${test.length} predictions differ from the cheapest class by C(context + "\\n" + text) − C(context)`);
      expectThat(correct / test.length > 0.5, `accuracy ${(correct / test.length).toFixed(2)} should beat chance (0.25) by far`);
    },
  },
  {
    id: "01.5",
    title: "find the flaw in a claim about k = 2",
    hints: [
      "at k = 2 the two neighbours either agree or tie 1–1: what does the paper's rule do with a tie?",
      "results/gzip-knn/r8-gzip-9.json has accuracy under four tie rules (paper, k1, random, decrement) for k = 1, 2, 3",
      "the flaw is \"tie-rule\"; the honest k = 2 figure is a rule that picks ONE label: accuracy.k1[\"2\"] (or random / decrement)",
    ],
    run: async (m) => {
      const acc = readResult(GZIP_KNN, "gzip-knn/r8-gzip-9.json").accuracy;
      const a = m.gzipClaimFlaw();
      const flaws = ["tie-rule", "test-leak", "too-few-test-items", "compression-level"];
      expectThat(flaws.includes(a.flaw), `flaw must be one of ${flaws.map((f) => `"${f}"`).join(", ")}, got ${JSON.stringify(a.flaw)}`);
      const why: Record<string, string> = {
        "test-leak": "the test items are never in the training set here (the R8 train/test split is the standard one); look at what the claim compares",
        "too-few-test-items": "2,189 test items: a 3-point gap is far outside the noise of so many items; look at how k = 2 can score more than k = 1",
        "compression-level": "both figures come from the same compressor and level; look at how each k counts a correct answer",
      };
      expectThat(a.flaw === "tie-rule", `not "${a.flaw}": ${why[a.flaw] ?? ""}`);
      expectThat(typeof a.honestK2Accuracy === "number" && Number.isFinite(a.honestK2Accuracy), `honestK2Accuracy must be a number, got ${String(a.honestK2Accuracy)}`);
      expectThat(Math.abs(a.honestK2Accuracy - acc.paper!["2"]!) > 1e-6, `${a.honestK2Accuracy.toFixed(4)} is the claim's own figure (the paper's rule); which rule picks one label?`);
      const honest = ["k1", "random", "decrement"].map((r) => acc[r]!["2"]!);
      expectThat(honest.some((h) => Math.abs(h - a.honestK2Accuracy) <= 0.0005), `honestK2Accuracy ${a.honestK2Accuracy} is not the k = 2 accuracy of a rule that picks one label (read it from results/gzip-knn/r8-gzip-9.json, as a share 0–1)`);
      expectReasoning(a.why, "why the claim is wrong");
      return `k = 2 under the paper's rule: ${acc.paper!["2"]!.toFixed(4)}; picking one label: ${honest.map((h) => h.toFixed(4)).join(" / ")} (k1 / random / decrement), against ${acc.k1!["1"]!.toFixed(4)} at k = 1`;
    },
  },
];
