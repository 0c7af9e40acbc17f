/** Automatic checks for module 03's exercises. */
import { type ElectricityRow, type RetrainingRun, cheapestRetrainingCadence, electricityModelSpec, loadElectricityRows, populationStabilityIndex, shiftMonths, simulateRetraining, trainOldTestCurrent } from "../../lib/drift/index";
import { type ExerciseCheck, comparePrediction, expectClose, expectOwnCode, expectReasoning, expectShare, expectThat } from "../../lib/nb/index";
import { startServer } from "../../lib/serving/index";

/** The functions a learner writes in exercises/03.ts. */
export interface Module03 {
  psiByHand(reference: number[], current: number[], bins: number): number;
  validatePredictBody(body: unknown): { status: number; message: string } | null;
  cheapestCadence(runs: RetrainingRun[], minAccuracy: number): RetrainingRun | null;
  staleVsFresh(rows: ElectricityRow[], current: string): { stale: number; fresh: number };
  predictStaleVsFresh(): { stale: number; fresh: number; why: string };
}

/** Bodies sent to the real server, with the field a rejection must name. */
const BODIES: { body: unknown; field?: string }[] = [
  { body: { inputs: ["oil prices fall"] } },
  { body: { inputs: ["a", "b"], model: "noop" } },
  { body: {}, field: "inputs" },
  { body: { inputs: "oil prices fall" }, field: "inputs" },
  { body: { inputs: [] }, field: "inputs" },
  { body: { inputs: ["ok", 42] }, field: "inputs" },
  { body: { inputs: Array.from({ length: 257 }, () => "x") }, field: "inputs" },
  { body: { inputs: ["x".repeat(20_001)] }, field: "inputs" },
  { body: { inputs: ["ok"], model: 3 }, field: "model" },
  { body: { inputs: ["ok"], temperature: 0.2 } },
  { body: [{ inputs: ["ok"] }] },
  { body: "oil prices fall" },
];

let simulation: Promise<RetrainingRun[]> | null = null;
function electricityRuns(): Promise<RetrainingRun[]> {
  simulation ??= loadElectricityRows().then((rows) => simulateRetraining(rows, { ...electricityModelSpec(), initialDays: 90, windowDays: 30, cadencesDays: [7, 30, 91, Infinity] }).runs);
  return simulation;
}

/** The checks `npm run check -- 03` runs. */
export const checks: ExerciseCheck<Module03>[] = [
  {
    id: "03.1",
    title: "psiByHand matches populationStabilityIndex (toy data and electricity's nswdemand)",
    hints: [
      "three steps: the bin edges from the reference, the share of each sample in each bin, then the sum",
      "edges = quantileBinEdges(reference, bins); a value x goes to the first bin whose upper edge is > x (the last bin has none)",
      "shares = counts / n, an empty share becomes 1e-4; PSI = Σ (c − r)·ln(c / r)",
    ],
    run: async (m) => {
      expectOwnCode(m.psiByHand, ["populationStabilityIndex", "psiOf", "driftReport"], "03.1");
      const ref = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      const cur = [1, 1, 2, 2, 3, 8, 9, 10, 11, 12];
      expectClose(m.psiByHand(ref, cur, 4), populationStabilityIndex(ref, cur, { bins: 4 }).psi, 1e-9, "PSI of the toy samples with 4 bins");
      const rows = await loadElectricityRows();
      const first = rows.filter((r) => r.date_seq < "1996-11").map((r) => Number(r.nswdemand));
      const last = rows.filter((r) => r.date_seq >= "1998-06").map((r) => Number(r.nswdemand));
      const want = populationStabilityIndex(first, last).psi;
      expectClose(m.psiByHand(first, last, 10), want, 1e-9, "PSI of nswdemand, first 6 months vs the last 6");
      return `PSI = ${want.toFixed(4)} (${want >= 0.1 ? "≥ 0.1: drift" : "< 0.1: no drift"})`;
    },
  },
  {
    id: "03.2",
    title: "validatePredictBody agrees with the real server on 12 bodies",
    hints: [
      "the server answers 400 for any body it rejects: which checks, in which order?",
      "check in order: an object (not an array), no unknown fields, inputs an array of 1–256 strings of ≤ 20,000 chars, model a string when present",
    ],
    run: async (m) => {
      const server = await startServer({ noopModel: {}, processMetrics: false, warmup: false });
      try {
        for (const { body, field } of BODIES) {
          const res = await server.app.inject({ method: "POST", url: "/v1/predict", headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });
          const mine = m.validatePredictBody(JSON.parse(JSON.stringify(body)));
          const shown = JSON.stringify(body).slice(0, 60);
          if (res.statusCode === 200) expectThat(mine === null, `the server accepts ${shown} but you rejected it: ${mine?.message}`);
          else {
            expectThat(mine !== null, `the server answers ${res.statusCode} to ${shown} (${res.json().error.message}) but you accepted it`);
            expectThat(mine.status === res.statusCode, `status for ${shown}: server ${res.statusCode}, yours ${mine.status}`);
            if (field) expectThat(mine.message.includes(field), `your message for ${shown} should name the field "${field}": "${mine.message}"`);
          }
        }
      } finally {
        await server.close();
      }
    },
  },
  {
    id: "03.3",
    title: "cheapestCadence on a real retraining simulation (electricity)",
    hints: [
      "two steps: which runs are accurate enough, then the cheapest of those",
      "filter runs with accuracy >= minAccuracy, take the lowest totalCost; on equal cost the larger cadenceDays; null when none is left",
    ],
    run: async (m) => {
      // the tie rule, on hand-made runs in every order
      const hand = [
        { name: "weekly", cadenceDays: 7, accuracy: 0.8, totalCost: 100 },
        { name: "monthly", cadenceDays: 30, accuracy: 0.75, totalCost: 60 },
        { name: "quarterly", cadenceDays: 91, accuracy: 0.72, totalCost: 60 },
        { name: "never", cadenceDays: Infinity, accuracy: 0.6, totalCost: 10 },
      ] as unknown as RetrainingRun[];
      for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 2, 0, 3], [2, 1, 3, 0]]) {
        const runs = order.map((i) => hand[i]!);
        const got = m.cheapestCadence(runs, 0.7);
        expectThat(got?.name === "quarterly", `monthly and quarterly both cost 60 and reach ≥ 0.70 (runs in order ${runs.map((r) => r.name).join(", ")}): on a tie take the one that retrains less often (quarterly), got ${got?.name ?? "null"}`);
      }
      expectThat(m.cheapestCadence(hand, 0.81) === null, "no run reaches 0.81: expected null");
      expectThat(m.cheapestCadence(hand, 0.8)?.name === "weekly", "accuracy ≥ 0.80 counts 0.80 itself: expected weekly");
      const runs = await electricityRuns();
      for (const floor of [0, 0.65, 0.69, 0.7, 0.99]) {
        const want = cheapestRetrainingCadence(runs, { minAccuracy: floor });
        const got = m.cheapestCadence(runs, floor);
        expectThat((got?.name ?? null) === (want?.name ?? null), `accuracy ≥ ${floor}: expected ${want?.name ?? "null"}, got ${got?.name ?? "null"}`);
      }
      return runs.map((r) => `${r.name}: ${(r.accuracy * 100).toFixed(1)}%, cost ${r.totalCost}`).join("; ");
    },
  },
  {
    id: "03.4",
    title: "staleVsFresh: six-month-old data vs the latest, on two current months",
    hints: [
      "three temporal windows: the test month, a training window ending 6 months before it, and one ending at it",
      "test = rows of the month; stale window = [current − 12 months, current − 6 months); fresh = [current − 6 months, current)",
    ],
    run: async (m) => {
      const rows = await loadElectricityRows();
      const spec = electricityModelSpec();
      const notes: string[] = [];
      for (const month of ["1997-09", "1998-11"]) {
        const want = trainOldTestCurrent(rows, { ...spec, ageMonths: 6, trainMonths: 6, currentMonths: 1, currentEnd: shiftMonths(month, 1) });
        const got = m.staleVsFresh(rows, month);
        expectClose(got.stale, want.stale.accuracy, 1e-9, `${month}: stale accuracy`);
        expectClose(got.fresh, want.fresh.accuracy, 1e-9, `${month}: fresh accuracy`);
        notes.push(`${month}: stale ${want.stale.accuracy.toFixed(3)}, fresh ${want.fresh.accuracy.toFixed(3)}`);
      }
      return notes.join("; ");
    },
  },
  {
    id: "03.5",
    title: "predict stale vs fresh on 1998-11, then compare",
    hints: [
      "no code: electricity prices follow seasons and the market rules changed over 1996–1998; how much can six months change?",
      "the \"never\" run of 03.3 is the extreme of stale data: how far below the weekly run did it end?",
    ],
    run: async (m) => {
      const p = m.predictStaleVsFresh();
      expectShare(p.stale, "your predicted stale accuracy");
      expectShare(p.fresh, "your predicted fresh accuracy");
      expectReasoning(p.why, "your reasoning");
      const rows = await loadElectricityRows();
      const r = trainOldTestCurrent(rows, { ...electricityModelSpec(), ageMonths: 6, trainMonths: 6, currentMonths: 1, currentEnd: shiftMonths("1998-11", 1) });
      const sign = (x: number): string => (x > 0.005 ? "fresh better" : x < -0.005 ? "stale better" : "about equal");
      return `stale: ${comparePrediction(p.stale, r.stale.accuracy)}; fresh: ${comparePrediction(p.fresh, r.fresh.accuracy)}; you expected ${sign(p.fresh - p.stale)}, measured ${sign(r.fresh.accuracy - r.stale.accuracy)}`;
    },
  },
];
