import type { ModelCandidate } from "./candidate";

/** One objective of a Pareto comparison. */
export interface ParetoObjective<T> {
  /** Name shown in explanations (e.g. `"p99 latency"`). */
  name: string;
  /** The value of an item on this objective. */
  value: (item: T) => number;
  /** `"min"` (lower is better: latency, cost, size) or `"max"` (higher is better: accuracy). */
  goal: "min" | "max";
  /**
   * Differences up to this size count as ties (e.g. `0.05` ms of latency noise). Default `0`
   * (only exactly equal values tie).
   */
  tolerance?: number;
}

/**
 * The default objectives for {@link ModelCandidate}s: maximise accuracy, minimise p99 latency,
 * cost per million predictions and size.
 */
export const DEFAULT_CANDIDATE_OBJECTIVES: readonly ParetoObjective<ModelCandidate>[] = [
  { name: "accuracy", value: (c) => c.accuracy, goal: "max" },
  { name: "p99 latency (ms)", value: (c) => c.latencyP99Ms, goal: "min" },
  { name: "cost per million ($)", value: (c) => c.costPerMillionUsd, goal: "min" },
  { name: "size (bytes)", value: (c) => c.sizeBytes, goal: "min" },
];

function valueOf<T>(o: ParetoObjective<T>, item: T): number {
  const v = o.value(item);
  if (typeof v !== "number" || Number.isNaN(v)) throw new RangeError(`Pareto: objective "${o.name}" gave ${String(v)} for an item; every value must be a number (not NaN).`);
  return v;
}

/** +1 when `a` is better than `b` on `o` (beyond the tolerance), -1 when worse, 0 on a tie. */
function compareOn<T>(o: ParetoObjective<T>, a: number, b: number): number {
  const tol = o.tolerance ?? 0;
  const d = o.goal === "max" ? a - b : b - a;
  return d > tol ? 1 : d < -tol ? -1 : 0;
}

/**
 * Whether `a` Pareto-dominates `b`: at least as good on every objective (ties within tolerance
 * count as equal) and strictly better on at least one. Two items equal on every objective do not
 * dominate each other, so both stay on the front.
 */
export function paretoDominates<T>(a: T, b: T, objectives: readonly ParetoObjective<T>[]): boolean {
  if (objectives.length === 0) throw new RangeError("paretoDominates: give at least one objective.");
  let better = false;
  for (const o of objectives) {
    const c = compareOn(o, valueOf(o, a), valueOf(o, b));
    if (c < 0) return false;
    if (c > 0) better = true;
  }
  return better;
}

/** One item of a {@link paretoAnalysis}. */
export interface ParetoEntry<T> {
  /** The item. */
  item: T;
  /** Its position in the input. */
  index: number;
  /** True when no other item dominates it. */
  onFront: boolean;
  /** Indices of the items that dominate it (empty on the front). */
  dominatedBy: number[];
}

/**
 * Pareto analysis of `items`: for each, whether it is on the front (no other item is at least as
 * good on every objective and better on one) and which items dominate it. O(n²·objectives).
 * @param items candidates (any shape; the objectives read them)
 * @param objectives what to minimise or maximise; default for model candidates {@link DEFAULT_CANDIDATE_OBJECTIVES}
 */
export function paretoAnalysis<T>(items: readonly T[], objectives: readonly ParetoObjective<T>[]): ParetoEntry<T>[] {
  if (objectives.length === 0) throw new RangeError("paretoAnalysis: give at least one objective.");
  const vals = items.map((it) => objectives.map((o) => valueOf(o, it)));
  return items.map((item, i) => {
    const dominatedBy: number[] = [];
    for (let j = 0; j < items.length; j++) {
      if (j === i) continue;
      let better = false, worse = false;
      objectives.forEach((o, k) => {
        const c = compareOn(o, vals[j]![k]!, vals[i]![k]!);
        if (c > 0) better = true;
        else if (c < 0) worse = true;
      });
      if (better && !worse) dominatedBy.push(j);
    }
    return { item, index: i, onFront: dominatedBy.length === 0, dominatedBy };
  });
}

/**
 * The Pareto front: the items no other item dominates, in input order. With the default
 * objectives these are the candidates worth discussing; every other one is beaten on all counts.
 * @param items candidates
 * @param objectives objectives; default {@link DEFAULT_CANDIDATE_OBJECTIVES} (typed for ModelCandidate)
 * @example paretoFront(candidates).map((c) => c.name)
 */
export function paretoFront<T = ModelCandidate>(items: readonly T[], objectives?: readonly ParetoObjective<T>[]): T[] {
  const objs = objectives ?? (DEFAULT_CANDIDATE_OBJECTIVES as unknown as readonly ParetoObjective<T>[]);
  return paretoAnalysis(items, objs).filter((e) => e.onFront).map((e) => e.item);
}
