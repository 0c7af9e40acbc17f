/** Plausible wrong answers to module 01's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { Compressor } from "../../lib/compress/index";

import type { Module01 } from "../../exercises/checks/01";
import type { SweepRow } from "../../exercises/01";
import * as sol from "../../solutions/01";
import type { WrongAnswer } from "./types";

const ncdNoGuard = (cx: number, cy: number, cxy: number): number => (cxy - Math.min(cx, cy)) / Math.max(cx, cy);

export const wrong: WrongAnswer<Module01>[] = [
  { id: "01.1", what: "min and max swapped", impl: { ncdFromSizes: (cx: number, cy: number, cxy: number) => (cxy - Math.max(cx, cy)) / Math.min(cx, cy) }, says: /ncdFromSizes\(40, 50, 60\): expected 0\.4/ },
  { id: "01.1", what: "no RangeError for a zero length", impl: { ncdFromSizes: ncdNoGuard }, says: /should throw a RangeError/ },
  { id: "01.2", what: "the paper's rule keeps only the first tied label", impl: { tieVote: (labels: string[], k: number, policy: "paper" | "k1" | "decrement") => (policy === "paper" ? sol.tieVote(labels, k, "k1") : sol.tieVote(labels, k, policy)) }, says: /"paper"\) should be \["a","b"\]/ },
  { id: "01.2", what: "the decrement rule never tested: answered like k1", impl: { tieVote: (labels: string[], k: number, policy: "paper" | "k1" | "decrement") => sol.tieVote(labels, k, policy === "decrement" ? "k1" : policy) }, says: /"decrement"\) should be \["a"\], got \["c"\]/ },
  { id: "01.2", what: "all labels vote, not the first k", impl: { tieVote: (labels: string[], _k: number, policy: "paper" | "k1" | "decrement") => sol.tieVote(labels, labels.length, policy) }, says: /should be .*got/ },
  { id: "01.3", what: "the most accurate setting, not the cheapest", impl: { chooseRerankM: (sweep: SweepRow[], target: number) => sweep.filter((r) => r.fairK1 >= target).sort((a, b) => b.fairK1 - a.fairK1)[0] }, says: /expected (the setting with \d+ compressions|M=)/ },
  { id: "01.3", what: "the tie rule ignored (first of the cheapest)", impl: { chooseRerankM: (sweep: SweepRow[], target: number) => sweep.filter((r) => r.fairK1 >= target).sort((a, b) => a.compressions - b.compressions)[0] }, says: /prefer the higher accuracy|expected M=/ },
  { id: "01.3", what: "the target ignored", impl: { chooseRerankM: (sweep: SweepRow[]) => [...sweep].sort((a, b) => a.compressions - b.compressions)[0] }, says: /expected (undefined|the setting|M=)/ },
  { id: "01.4", what: "the text compressed alone (no class context)", impl: { compressionClassify: (ctx: Record<string, string>, text: string, c: Compressor) => Object.keys(ctx).sort((a, b) => c.compressedLength(a + text) - c.compressedLength(b + text))[0]! }, says: /predictions differ from the cheapest class/ },
  { id: "01.4", what: "the most expensive class (argmax)", impl: { compressionClassify: (ctx: Record<string, string>, text: string, c: Compressor) => Object.keys(ctx).sort((a, b) => c.compressedLength(ctx[b] + "\n" + text) - c.compressedLength(ctx[b]!) - (c.compressedLength(ctx[a] + "\n" + text) - c.compressedLength(ctx[a]!)))[0]! }, says: /predictions differ from the cheapest class/ },
  { id: "01.5", what: "the claim's own number copied", impl: { gzipClaimFlaw: () => ({ flaw: "tie-rule", honestK2Accuracy: 0.9534033805390589, why: "Ties are counted as correct whenever either of the two labels is the truth." }) }, says: /the claim's own figure/ },
  { id: "01.5", what: "the wrong flaw", impl: { gzipClaimFlaw: () => ({ flaw: "too-few-test-items", honestK2Accuracy: 0.9223, why: "A three point gap could be noise on a small test set of news." }) }, says: /not "too-few-test-items"/ },
  { id: "01.5", what: "a percentage (wrong units)", impl: { gzipClaimFlaw: () => ({ flaw: "tie-rule", honestK2Accuracy: 92.23, why: "Ties are counted as correct whenever either of the two labels is the truth." }) }, says: /not the k = 2 accuracy of a rule that picks one label .*share 0–1/ },
];
