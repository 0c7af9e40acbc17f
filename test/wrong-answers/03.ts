/** Plausible wrong answers to module 03's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { type ElectricityRow, type RetrainingRun, populationStabilityIndex, quantileBinEdges } from "../../lib/drift/index";

import type { Module03 } from "../../exercises/checks/03";
import * as sol from "../../solutions/03";
import type { WrongAnswer } from "./types";

/** PSI by hand with a value on an edge put in the lower bin (x > edge instead of x ≥ edge). */
function psiEdgeOffByOne(reference: number[], current: number[], bins: number): number {
  const edges = quantileBinEdges(reference, bins);
  const shares = (xs: number[]): number[] => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const x of xs) {
      let b = 0;
      while (b < edges.length && x > edges[b]!) b++;
      counts[b]!++;
    }
    return counts.map((c) => (c === 0 ? 1e-4 : c / xs.length));
  };
  const r = shares(reference), c = shares(current);
  return r.reduce((s, ri, i) => s + (c[i]! - ri) * Math.log(c[i]! / ri), 0);
}

const firstCheapest = (runs: RetrainingRun[], min: number): RetrainingRun | null => runs.filter((r) => r.accuracy >= min).sort((a, b) => a.totalCost - b.totalCost)[0] ?? null;
const why = "Electricity prices change with the seasons so the fresh model should win by a few points.";

export const wrong: WrongAnswer<Module03>[] = [
  { id: "03.1", what: "the library's PSI instead of one's own", impl: { psiByHand: (r: number[], c: number[], bins: number) => populationStabilityIndex(r, c, { bins }).psi }, says: /calls populationStabilityIndex/ },
  { id: "03.1", what: "a value on a bin edge in the lower bin (off-by-one)", impl: { psiByHand: psiEdgeOffByOne }, says: /PSI of (the toy samples|nswdemand).*: expected/ },
  { id: "03.2", what: "accepts every body", impl: { validatePredictBody: () => null }, says: /but you accepted it/ },
  { id: "03.2", what: "rejects without naming the field", impl: { validatePredictBody: (b: unknown) => (sol.validatePredictBody(b) ? { status: 400, message: "bad request" } : null) }, says: /should name the field "inputs"/ },
  { id: "03.3", what: "the tie rule untested: first of the cheapest", impl: { cheapestCadence: firstCheapest }, says: /on a tie take the one that retrains less often/ },
  { id: "03.3", what: "strictly above the floor (> instead of ≥)", impl: { cheapestCadence: (runs: RetrainingRun[], min: number) => sol.cheapestCadence(runs, min + 1e-9) }, says: /counts 0\.80 itself/ },
  { id: "03.4", what: "stale and fresh swapped", impl: { staleVsFresh: (rows: ElectricityRow[], month: string) => { const r = sol.staleVsFresh(rows, month); return { stale: r.fresh, fresh: r.stale }; } }, says: /1997-09: stale accuracy: expected/ },
  { id: "03.5", what: "percentages instead of shares (wrong units)", impl: { predictStaleVsFresh: () => ({ stale: 68, fresh: 74, why }) }, says: /looks like a percentage/ },
  { id: "03.5", what: "no reasoning", impl: { predictStaleVsFresh: () => ({ stale: 0.7, fresh: 0.7, why: "" }) }, says: /say why in a sentence/ },
];
