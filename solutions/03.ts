/** Reference solutions for module 03 (kept apart from exercises/; the test suite checks them). */
import { quantileBinEdges, temporalSplit, shiftMonths, electricityModelSpec, accuracyOfModel, type ElectricityRow, type RetrainingRun } from "../lib/drift/index";

/** 03.1 */
export function psiByHand(reference: number[], current: number[], bins: number): number {
  const edges = quantileBinEdges(reference, bins);
  const shares = (xs: number[]): number[] => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const x of xs) {
      let b = 0;
      while (b < edges.length && x >= edges[b]!) b++;
      counts[b]!++;
    }
    return counts.map((c) => (c === 0 ? 1e-4 : c / xs.length));
  };
  const r = shares(reference);
  const c = shares(current);
  return r.reduce((s, ri, i) => s + (c[i]! - ri) * Math.log(c[i]! / ri), 0);
}

/** 03.2 */
export function validatePredictBody(body: unknown): { status: number; message: string } | null {
  const bad = (message: string) => ({ status: 400, message });
  if (body === null || typeof body !== "object" || Array.isArray(body)) return bad("body: must be a JSON object like {\"inputs\": [\"some text\"]}");
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => k !== "inputs" && k !== "model");
  if (extra.length) return bad(`body: unknown field(s) ${extra.join(", ")}`);
  if (!("inputs" in b)) return bad('inputs: the field "inputs" is required');
  if (!Array.isArray(b.inputs)) return bad("inputs: must be an array of strings");
  if (b.inputs.length < 1 || b.inputs.length > 256) return bad("inputs: must hold 1 to 256 texts");
  const i = b.inputs.findIndex((t) => typeof t !== "string" || t.length > 20_000);
  if (i >= 0) return bad(`inputs[${i}]: must be a string of at most 20000 characters`);
  if ("model" in b && typeof b.model !== "string") return bad('model: must be a string like "agnews@2"');
  return null;
}

/** 03.3 */
export function cheapestCadence(runs: RetrainingRun[], minAccuracy: number): RetrainingRun | null {
  let best: RetrainingRun | null = null;
  for (const r of runs) {
    if (r.accuracy < minAccuracy) continue;
    if (!best || r.totalCost < best.totalCost || (r.totalCost === best.totalCost && r.cadenceDays > best.cadenceDays)) best = r;
  }
  return best;
}

/** 03.4 */
export function staleVsFresh(rows: ElectricityRow[], current: string): { stale: number; fresh: number } {
  const spec = electricityModelSpec();
  const start = shiftMonths(current, 0);
  const test = temporalSplit(rows, "date_seq", { trainEnd: start, testEnd: shiftMonths(start, 1) }).test;
  const window = (end: Date) => temporalSplit(rows, "date_seq", { trainStart: shiftMonths(end, -6), trainEnd: end }).train;
  const acc = (train: ElectricityRow[]) => accuracyOfModel(spec, spec.fit(train), test);
  return { stale: acc(window(shiftMonths(start, -6))), fresh: acc(window(start)) };
}

/** 03.5 (one reasonable prediction; any well-formed one passes) */
export function predictStaleVsFresh(): { stale: number; fresh: number; why: string } {
  return { stale: 0.68, fresh: 0.74, why: "Prices drift with the seasons and the market, so a model that saw the last six months should beat one that stopped six months earlier by a few points." };
}
