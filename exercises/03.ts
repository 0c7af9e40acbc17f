/**
 * Module 03 exercises ("Deployment myths"). Replace each `throw new NotImplementedYet(...)` with your
 * code, then run `npm run check -- 03` (or the check cell at the end of notebook 03).
 */
import type { ElectricityRow, RetrainingRun } from "../lib/drift/index";
import { NotImplementedYet } from "../lib/nb/index";

/**
 * 03.1 — Population stability index of a numeric feature, by hand. Cut the bins at the reference's
 * quantiles with the library's `quantileBinEdges(reference, bins)` (inner edges; the outer bins are
 * open-ended, bin i is [e_i, e_{i+1})), count the share of each sample in each bin, replace an empty
 * share by 1e-4, and sum (c − r)·ln(c / r). The check compares with `populationStabilityIndex`.
 */
export function psiByHand(reference: number[], current: number[], bins: number): number {
  throw new NotImplementedYet("psiByHand");
}

/**
 * 03.2 — Input validation, as the model server does it. Return `null` when `body` is a valid
 * `POST /v1/predict` body, otherwise `{ status: 400, message }` with a message that names the field
 * at fault ("inputs" or "model", or "body" when it is not an object). Valid: a JSON object with
 * `inputs`, an array of 1–256 strings of at most 20,000 characters each, an optional string
 * `model`, and no other field. The check sends the same bodies to the real server and compares.
 */
export function validatePredictBody(body: unknown): { status: number; message: string } | null {
  throw new NotImplementedYet("validatePredictBody");
}

/**
 * 03.3 — The cheapest retraining cadence that keeps accuracy at or above `minAccuracy`: among the
 * runs with `accuracy >= minAccuracy`, the one with the lowest `totalCost` (on a tie, the one that
 * retrains less often, i.e. the larger `cadenceDays`); `null` when none qualifies. The check runs a
 * real simulation on the electricity data.
 */
export function cheapestCadence(runs: RetrainingRun[], minAccuracy: number): RetrainingRun | null {
  throw new NotImplementedYet("cheapestCadence");
}

/**
 * 03.4 — Chip Huyen's tip: "train on data from six months ago, test on current data". For the
 * electricity rows and a current month `current` ("YYYY-MM"), train one model on the 6 months that
 * end 6 months before `current` (stale) and one on the 6 months just before `current` (fresh), and
 * return both accuracies on the rows of `current`. Use `temporalSplit` and `shiftMonths` for the
 * windows and `electricityModelSpec()` for fit/predict/label.
 */
export function staleVsFresh(rows: ElectricityRow[], current: string): { stale: number; fresh: number } {
  throw new NotImplementedYet("staleVsFresh");
}

/**
 * 03.5 — Predict, then compare (a judgement: do it BEFORE running 03.4 or the notebook's
 * "train on old data" cell). On the electricity data, for the current month 1998-11: what accuracy
 * will the model trained on six-month-old data (stale) get, and the one trained on the latest six
 * months (fresh)? Shares 0–1, and one sentence on your reasoning. The check shows the measurement.
 */
export function predictStaleVsFresh(): { stale: number; fresh: number; why: string } {
  throw new NotImplementedYet("predictStaleVsFresh");
}
