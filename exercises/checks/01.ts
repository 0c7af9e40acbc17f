/** Automatic checks for module 01's exercises. */
import { loadTextSplit, stratifiedSample } from "../../lib/data/index";
import { createCompressor, ncd, knnVote, type Compressor } from "../../lib/compress/index";
import { readResults, GZIP_KNN } from "../../lib/results/index";
import { expectThat, expectClose, type ExerciseCheck } from "../../lib/nb/index";
import type { SweepRow } from "../01";

/** The functions a learner writes in exercises/01.ts. */
export interface Module01 {
  ncdFromSizes(cx: number, cy: number, cxy: number): number;
  tieVote(labels: string[], k: number, policy: "paper" | "k1" | "decrement"): string[];
  chooseRerankM(sweep: SweepRow[], target: number): SweepRow | undefined;
  compressionClassify(classContexts: Record<string, string>, text: string, compressor: Compressor): string;
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
    hint: "(cxy - Math.min(cx, cy)) / Math.max(cx, cy); throw a RangeError when cx or cy ≤ 0",
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
    hint: "count labels among the first k; the tied ones are those with the top count, listed in order of first appearance; decrement re-votes with k-1",
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
    },
  },
  {
    id: "01.3",
    title: "chooseRerankM on the committed full-scale R8 sweep",
    hint: "keep rows with fairK1 >= target, then take the one with the fewest compressions",
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
    hint: "cost(label) = compressor.compressedLength(ctx + \"\\n\" + text) - compressor.compressedLength(ctx); return the label with the lowest cost",
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
];
