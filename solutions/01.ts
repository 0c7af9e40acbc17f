/** Reference solutions for module 01 (kept apart from exercises/; the test suite checks them). */
import type { Compressor } from "../lib/compress/index";
import { GZIP_KNN, readResult } from "../lib/results/index";
import type { SweepRow } from "../exercises/01";

/** 01.1 */
export function ncdFromSizes(cx: number, cy: number, cxy: number): number {
  if (!(cx > 0) || !(cy > 0)) throw new RangeError(`compressed lengths must be positive, got ${cx} and ${cy}`);
  return (cxy - Math.min(cx, cy)) / Math.max(cx, cy);
}

/** 01.2 */
export function tieVote(labels: string[], k: number, policy: "paper" | "k1" | "decrement"): string[] {
  const tied = (kk: number): string[] => {
    const count = new Map<string, number>();
    for (const l of labels.slice(0, kk)) count.set(l, (count.get(l) ?? 0) + 1);
    const max = Math.max(...count.values());
    return [...new Set(labels.slice(0, kk))].filter((l) => count.get(l) === max);
  };
  if (policy === "paper") return tied(k);
  if (policy === "k1") return [tied(k)[0]!];
  let kk = k;
  let t = tied(kk);
  while (t.length > 1 && kk > 1) t = tied(--kk);
  return [t[0]!];
}

/** 01.3 */
export function chooseRerankM(sweep: SweepRow[], target: number): SweepRow | undefined {
  return sweep
    .filter((r) => r.fairK1 >= target)
    .sort((a, b) => a.compressions - b.compressions || b.fairK1 - a.fairK1)[0];
}

/** 01.4 */
export function compressionClassify(classContexts: Record<string, string>, text: string, compressor: Compressor): string {
  let best = "";
  let bestCost = Infinity;
  for (const [label, ctx] of Object.entries(classContexts)) {
    const cost = compressor.compressedLength(ctx + "\n" + text) - compressor.compressedLength(ctx);
    if (cost < bestCost) {
      bestCost = cost;
      best = label;
    }
  }
  return best;
}

/** 01.5 */
export function gzipClaimFlaw(): { flaw: string; honestK2Accuracy: number; why: string } {
  const acc = readResult(GZIP_KNN, "gzip-knn/r8-gzip-9.json").accuracy;
  return {
    flaw: "tie-rule",
    honestK2Accuracy: acc.k1!["2"]!,
    why: "With two neighbours that disagree, the paper's rule counts the item correct if either label is the truth, an oracle no deployed classifier has.",
  };
}
