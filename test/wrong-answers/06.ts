/** Plausible wrong answers to module 06's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { type AbLook, type CanarySweepRow, cohenKappa, sampleSizeTwoProportions } from "../../lib/ops/index";
import { normalQuantile } from "../../lib/stats/index";

import type { Module06, StopDecision } from "../../exercises/checks/06";
import * as sol from "../../solutions/06";
import type { WrongAnswer } from "./types";

const why = "A bigger share shows the defect to more users, a smaller one rarely catches it, so this is the balance.";
const whyStop = "Interim looks each spend part of the false-alarm budget, so only a crossing of that look's boundary counts.";

/** The sample-size formula with chosen z values and variances (to make the classic slips). */
function sampleSize(p1: number, p2: number, zAlpha: number, pooled: boolean, round: (x: number) => number): number {
  const pBar = (p1 + p2) / 2;
  const h0 = pooled ? 2 * pBar * (1 - pBar) : p1 * (1 - p1) + p2 * (1 - p2);
  const n = (zAlpha * Math.sqrt(h0) + normalQuantile(0.8) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2;
  return round(n);
}

/** A canary pick from a filter and an order of the rows. */
const canary = (keep: (r: CanarySweepRow, max: number, min: number) => boolean, pick: (shares: number[]) => number | undefined) => (rows: CanarySweepRow[], max: number, min: number): { share: number | null; why: string } => ({ share: pick(rows.filter((r) => keep(r, max, min)).map((r) => r.share)) ?? null, why });

/** A stop rule: stop at the first look `crosses` accepts. */
const stopWhen = (crosses: (l: AbLook) => boolean, lookOf = (i: number) => i + 1) => (looks: AbLook[]): StopDecision => {
  const i = looks.findIndex(crosses);
  return i < 0 ? { look: null, decision: "no difference", why: whyStop } : { look: lookOf(i), decision: looks[i]!.z > 0 ? "B better" : "A better", why: whyStop };
};

/** Kappa with another chance agreement. */
const kappaWith = (chance: (a: (string | number)[], b: (string | number)[]) => number) => (a: (string | number)[], b: (string | number)[]): number => {
  const po = a.filter((x, i) => x === b[i]).length / a.length;
  const pe = chance(a, b);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
};
const share = (xs: (string | number)[], c: string | number): number => xs.filter((x) => x === c).length / xs.length;

export const wrong: WrongAnswer<Module06>[] = [
  { id: "06.1", what: "the library call the exercise asks to write by hand", impl: { requestsPerArm: (p1: number, p2: number) => sampleSizeTwoProportions(p1, p2) }, says: /calls sampleSizeTwoProportions/ },
  { id: "06.1", what: "one-sided z_{0.95} = 1.645 instead of two-sided z_{0.975}", impl: { requestsPerArm: (p1: number, p2: number) => sampleSize(p1, p2, normalQuantile(0.95), true, Math.ceil) }, says: /should need 388 users per arm/ },
  { id: "06.1", what: "rounded to nearest, not up", impl: { requestsPerArm: (p1: number, p2: number) => sampleSize(p1, p2, normalQuantile(0.975), true, Math.round) }, says: /should need 388 users per arm.*got 387/ },
  { id: "06.1", what: "unpooled variance under H0", impl: { requestsPerArm: (p1: number, p2: number) => sampleSize(p1, p2, normalQuantile(0.975), false, Math.ceil) }, says: /users per arm.*got \d+/ },
  { id: "06.1", what: "hard-coded textbook value", impl: { requestsPerArm: () => 388 }, says: /expected \d+ users per arm, got 388/ },
  { id: "06.2", what: "the first row that qualifies, not the smallest share (rows are unsorted)", impl: { pickCanary: canary((r, max, min) => r.rollbackRate >= min && r.p90UsersExposed <= max, (s) => s[0]) }, says: /meets both limits, but share [\d.]+ does too/ },
  { id: "06.2", what: "the exposure limit ignored (the smallest share that catches the defect)", impl: { pickCanary: canary((r, _max, min) => r.rollbackRate >= min, (s) => (s.length ? Math.min(...s) : undefined)) }, says: /in 1 run of 10 more than \d+ users see the defect/ },
  { id: "06.2", what: "the rollback limit ignored (the smallest share within the exposure)", impl: { pickCanary: canary((r, max) => r.p90UsersExposed <= max, (s) => (s.length ? Math.min(...s) : undefined)) }, says: /rolls a defect back in only/ },
  { id: "06.2", what: "strict limits (> and < instead of ≥ and ≤)", impl: { pickCanary: canary((r, max, min) => r.rollbackRate > min && r.p90UsersExposed < max, (s) => (s.length ? Math.min(...s) : undefined)) }, says: /meets both limits/ },
  { id: "06.2", what: "the biggest share, to be safe", impl: { pickCanary: canary(() => true, (s) => Math.max(...s)) }, says: /users see the defect|meets both limits, but/ },
  { id: "06.2", what: "hard-coded share of the measured sweep", impl: { pickCanary: () => ({ share: 0.25, why }) }, says: /share 0\.25 is not one of the measured shares/ },
  { id: "06.2", what: "a bare number, no reasoning", impl: { pickCanary: ((rows: CanarySweepRow[], max: number, min: number) => sol.pickCanary(rows, max, min).share) as unknown as Module06["pickCanary"] }, says: /return \{ share, why \}/ },
  { id: "06.2", what: "no reasoning", impl: { pickCanary: (rows: CanarySweepRow[], max: number, min: number) => ({ share: sol.pickCanary(rows, max, min).share, why: "smallest" }) }, says: /say why in a sentence/ },
  { id: "06.3", what: "naive peeking: stop at the first |z| ≥ 1.96", impl: { mayStop: stopWhen((l) => Math.abs(l.z) >= 1.96) }, says: /below that look's boundary/ },
  { id: "06.3", what: "fixed horizon: only the last look counts", impl: { mayStop: (looks: AbLook[]) => { const l = looks[looks.length - 1]!; return Math.abs(l.z) >= l.boundary ? { look: looks.length, decision: l.z > 0 ? "B better" : "A better", why: whyStop } : { look: null, decision: "no difference", why: whyStop }; } }, says: /the test may stop there/ },
  { id: "06.3", what: "a crossing must be strict (> instead of ≥)", impl: { mayStop: stopWhen((l) => Math.abs(l.z) > l.boundary) }, says: /≥ its boundary [\d.]+: the test may stop there/ },
  { id: "06.3", what: "only B can win (z ≥ boundary, sign ignored)", impl: { mayStop: stopWhen((l) => l.z >= l.boundary) }, says: /the test may stop there/ },
  { id: "06.3", what: "0-based look numbers (off-by-one)", impl: { mayStop: stopWhen((l) => Math.abs(l.z) >= l.boundary, (i) => i) }, says: /no look 0|numbered from 1/ },
  { id: "06.3", what: "the winner's sign swapped", impl: { mayStop: (looks: AbLook[]) => { const r = sol.mayStop(looks); return { ...r, decision: r.decision === "B better" ? "A better" : r.decision === "A better" ? "B better" : r.decision }; } }, says: /means "(A|B) better", you said/ },
  { id: "06.3", what: "hard-coded answer of the measured test", impl: { mayStop: () => ({ look: 4, decision: "B better", why: whyStop }) }, says: /below that look's boundary|there is no look 4/ },
  { id: "06.3", what: "no reasoning", impl: { mayStop: (looks: AbLook[]) => ({ ...sol.mayStop(looks), why: "" }) }, says: /say why in a sentence/ },
  { id: "06.4", what: "the library call the exercise asks to write by hand", impl: { kappa: (a: (string | number)[], b: (string | number)[]) => cohenKappa(a, b) }, says: /calls cohenKappa/ },
  { id: "06.4", what: "raw agreement p_o, chance not removed", impl: { kappa: (a: (string | number)[], b: (string | number)[]) => a.filter((x, i) => x === b[i]).length / a.length }, says: /kappa of the 20\/5\/10\/15 example: expected 0\.4/ },
  { id: "06.4", what: "chance agreement 1/k (uniform grades)", impl: { kappa: kappaWith((a, b) => 1 / new Set([...a, ...b]).size) }, says: /kappa of (two rubric gradings|random grades)/ },
  { id: "06.4", what: "Scott's pi: pooled shares squared", impl: { kappa: kappaWith((a, b) => [...new Set([...a, ...b])].reduce<number>((s, c) => s + ((share(a, c) + share(b, c)) / 2) ** 2, 0)) }, says: /kappa of (the 20\/5\/10\/15 example|two rubric gradings|random grades)/ },
  { id: "06.4", what: "no guard for p_e = 1 (0/0)", impl: { kappa: (a: (string | number)[], b: (string | number)[]) => { const po = a.filter((x, i) => x === b[i]).length / a.length; const pe = [...new Set([...a, ...b])].reduce<number>((s, c) => s + share(a, c) * share(b, c), 0); return (po - pe) / (1 - pe); } }, says: /kappa when both give one grade to everything: expected 1/ },
];
