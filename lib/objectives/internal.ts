import type { ModelCandidate } from "./candidate";

/** A sort key: value of a candidate and whether higher is better. */
export type RankKey = [(c: ModelCandidate) => number, "min" | "max"];

/** Candidates sorted best first by `keys` in order, then by name (deterministic on full ties). */
export function rankBy(cands: readonly ModelCandidate[], keys: readonly RankKey[]): ModelCandidate[] {
  return [...cands].sort((a, b) => {
    for (const [f, goal] of keys) {
      const d = goal === "max" ? f(b) - f(a) : f(a) - f(b);
      if (d !== 0) return d;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Tie-break order after the main key: accuracy, then cost, p99 latency, size. */
export const TIE_BREAK: readonly RankKey[] = [
  [(c) => c.accuracy, "max"],
  [(c) => c.costPerMillionUsd, "min"],
  [(c) => c.latencyP99Ms, "min"],
  [(c) => c.sizeBytes, "min"],
];

/** Number formatted with 3 significant digits (integers as they are). */
export function fmt3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  return Number(x.toPrecision(3)).toString();
}

/** Bytes as B / KB / MB (powers of 1000). */
export function fmtBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${fmt3(n / 1e3)} KB`;
  if (n < 1e9) return `${fmt3(n / 1e6)} MB`;
  return `${fmt3(n / 1e9)} GB`;
}

/** Throws a clear error when the candidate list is empty or a candidate lacks a number. */
export function checkCandidates(cands: readonly ModelCandidate[], fn: string): void {
  if (!Array.isArray(cands) || cands.length === 0) throw new RangeError(`${fn}: give at least one candidate.`);
  const fields = ["accuracy", "latencyP50Ms", "latencyP99Ms", "costPerMillionUsd", "sizeBytes"] as const;
  for (const c of cands) {
    for (const f of fields) {
      if (typeof c[f] !== "number" || Number.isNaN(c[f])) throw new RangeError(`${fn}: candidate "${c.name}" has ${f} = ${String(c[f])}; every candidate needs numbers for ${fields.join(", ")}.`);
    }
  }
}
