import type { ModelCandidate } from "./candidate";
import { rankBy, TIE_BREAK, fmt3, fmtBytes, checkCandidates } from "./internal";

/** Limits a candidate must meet; leave a field out for no limit. */
export interface CandidateBudget {
  /** Largest allowed latency, ms, at `latencyPercentile`. */
  maxLatencyMs?: number;
  /** Which latency the limit applies to: `"p99"` (default: the tail users feel) or `"p50"`. */
  latencyPercentile?: "p50" | "p99";
  /** Largest allowed cost per million predictions, $. */
  maxCostPerMillionUsd?: number;
  /** Largest allowed model size, bytes. */
  maxSizeBytes?: number;
  /** Smallest acceptable accuracy. */
  minAccuracy?: number;
}

/** A candidate that failed the budget, with why. */
export interface RejectedCandidate<T extends ModelCandidate = ModelCandidate> {
  /** The candidate. */
  candidate: T;
  /** One line per limit it breaks. */
  reasons: string[];
}

/** What {@link chooseUnderBudget} returns. */
export interface BudgetChoice<T extends ModelCandidate = ModelCandidate> {
  /** The most accurate candidate within budget, or `null` when none fits. */
  choice: T | null;
  /** Every candidate within budget, best first. */
  feasible: T[];
  /** Candidates outside the budget and why. */
  rejected: RejectedCandidate<T>[];
  /** One paragraph saying what was chosen and why. */
  explanation: string;
}

function describeBudget(b: CandidateBudget): string {
  const p = b.latencyPercentile ?? "p99";
  const parts: string[] = [];
  if (b.maxLatencyMs !== undefined) parts.push(`${p} latency ≤ ${fmt3(b.maxLatencyMs)} ms`);
  if (b.maxCostPerMillionUsd !== undefined) parts.push(`cost ≤ $${fmt3(b.maxCostPerMillionUsd)} per million`);
  if (b.maxSizeBytes !== undefined) parts.push(`size ≤ ${fmtBytes(b.maxSizeBytes)}`);
  if (b.minAccuracy !== undefined) parts.push(`accuracy ≥ ${fmt3(b.minAccuracy)}`);
  return parts.length ? parts.join(", ") : "no limits";
}

/**
 * Chooses the most accurate candidate that meets every limit of the budget (ties broken by lower
 * cost, then lower p99 latency, smaller size, name), and explains the choice and each rejection.
 * @param candidates scored candidates (measured with `measureCandidate` or written by hand)
 * @param budget maxLatencyMs (with latencyPercentile, default p99), maxCostPerMillionUsd, maxSizeBytes, minAccuracy
 * @example chooseUnderBudget(candidates, { maxLatencyMs: 5 }).explanation
 */
export function chooseUnderBudget<T extends ModelCandidate>(candidates: readonly T[], budget: CandidateBudget): BudgetChoice<T> {
  checkCandidates(candidates, "chooseUnderBudget");
  const p = budget.latencyPercentile ?? "p99";
  if (p !== "p50" && p !== "p99") throw new RangeError(`chooseUnderBudget: latencyPercentile must be "p50" or "p99", got ${String(p)}.`);
  for (const k of ["maxLatencyMs", "maxCostPerMillionUsd", "maxSizeBytes", "minAccuracy"] as const) {
    const v = budget[k];
    if (v !== undefined && (typeof v !== "number" || Number.isNaN(v))) throw new RangeError(`chooseUnderBudget: budget.${k} must be a number, got ${String(v)}.`);
  }
  const lat = (c: ModelCandidate): number => (p === "p50" ? c.latencyP50Ms : c.latencyP99Ms);
  const feasible: T[] = [];
  const rejected: RejectedCandidate<T>[] = [];
  for (const c of candidates) {
    const reasons: string[] = [];
    if (budget.maxLatencyMs !== undefined && lat(c) > budget.maxLatencyMs) reasons.push(`${p} latency ${fmt3(lat(c))} ms > ${fmt3(budget.maxLatencyMs)} ms`);
    if (budget.maxCostPerMillionUsd !== undefined && c.costPerMillionUsd > budget.maxCostPerMillionUsd) reasons.push(`cost $${fmt3(c.costPerMillionUsd)} per million > $${fmt3(budget.maxCostPerMillionUsd)}`);
    if (budget.maxSizeBytes !== undefined && c.sizeBytes > budget.maxSizeBytes) reasons.push(`size ${fmtBytes(c.sizeBytes)} > ${fmtBytes(budget.maxSizeBytes)}`);
    if (budget.minAccuracy !== undefined && c.accuracy < budget.minAccuracy) reasons.push(`accuracy ${fmt3(c.accuracy)} < ${fmt3(budget.minAccuracy)}`);
    if (reasons.length) rejected.push({ candidate: c, reasons });
    else feasible.push(c);
  }
  const ranked = rankBy(feasible, TIE_BREAK) as T[];
  const choice = ranked[0] ?? null;
  const rej = rejected.map((r) => `"${r.candidate.name}" (${r.reasons.join("; ")})`).join(", ");
  let explanation: string;
  if (choice) {
    explanation = `Budget: ${describeBudget(budget)}. ${feasible.length} of ${candidates.length} candidates fit; "${choice.name}" has the best accuracy among them (${fmt3(choice.accuracy)}, ${p} ${fmt3(lat(choice))} ms, $${fmt3(choice.costPerMillionUsd)} per million, ${fmtBytes(choice.sizeBytes)}).`;
    const best = rankBy(candidates, TIE_BREAK)[0]!;
    if (best.accuracy > choice.accuracy) explanation += ` The most accurate overall, "${best.name}" (${fmt3(best.accuracy)}), is out: the budget costs ${fmt3((best.accuracy - choice.accuracy) * 100)} points of accuracy.`;
    if (rej) explanation += ` Rejected: ${rej}.`;
  } else {
    explanation = `Budget: ${describeBudget(budget)}. No candidate fits: ${rej}. Relax the budget or find a cheaper/faster model.`;
  }
  return { choice, feasible: ranked, rejected, explanation };
}

/**
 * The most accurate candidate whose latency at `percentile` is at most `maxLatencyMs`.
 * @param percentile `"p99"` (default) or `"p50"`
 */
export function chooseUnderLatencyBudget<T extends ModelCandidate>(candidates: readonly T[], maxLatencyMs: number, percentile: "p50" | "p99" = "p99"): BudgetChoice<T> {
  return chooseUnderBudget(candidates, { maxLatencyMs, latencyPercentile: percentile });
}

/** The most accurate candidate costing at most `maxCostPerMillionUsd` dollars per million predictions. */
export function chooseUnderCostBudget<T extends ModelCandidate>(candidates: readonly T[], maxCostPerMillionUsd: number): BudgetChoice<T> {
  return chooseUnderBudget(candidates, { maxCostPerMillionUsd });
}
