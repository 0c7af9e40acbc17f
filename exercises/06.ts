/**
 * Module 06 exercises ("Operating ML"). Replace each `throw new NotImplementedYet(...)` with your
 * code, then run `npm run check -- 06` (or the check cell at the end of notebook 06).
 */
import { NotImplementedYet } from "../lib/nb/index";
import { type AbLook, type CanarySweepRow } from "../lib/ops/index";


/**
 * 06.1 — Users needed in EACH arm of an A/B test to detect a change of an acceptance rate from `p1`
 * to `p2` with a two-sided two-proportion z-test at level 0.05 and power 0.8 (pooled variance under
 * H0, no continuity correction), rounded up:
 * n = (z_{0.975}·√(2·p̄(1−p̄)) + z_{0.8}·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)², p̄ = (p1 + p2)/2.
 * You may use the library's `normalQuantile(p)` for z, but write the formula yourself: the check
 * compares with the textbook 388 for 0.5 → 0.6, the module's own rates and random ones, and fails
 * if you call `sampleSizeTwoProportions`.
 */
export function requestsPerArm(p1: number, p2: number): number {
  throw new NotImplementedYet("requestsPerArm");
}

/**
 * 06.2 — Judgement: pick the canary share for a stated risk. `rows` is a measured canary sweep
 * (one row per share, as `canarySweep` returns it, for a DEFECTIVE candidate). Your release policy:
 * the guardrail must roll a defect back in at least `minRollbackRate` of runs, and in 9 runs out
 * of 10 no more than `maxUsersExposed` users may see the defect (`p90UsersExposed`). Return the
 * SMALLEST share meeting both, or `null` when no share does (then the release needs shadow mode
 * or a longer canary, not a bigger one), with one sentence on why that is the right share for this
 * risk. The check reads the numbers your choice implies, on toy, random and measured sweeps.
 */
export function pickCanary(rows: CanarySweepRow[], maxUsersExposed: number, minRollbackRate: number): { share: number | null; why: string } {
  throw new NotImplementedYet("pickCanary");
}

/**
 * 06.3 — Judgement: decide when an A/B test may stop. `looks` are the interim looks of a
 * group-sequential test in order (each with its z of B − A and its critical `boundary`). The test may
 * stop at the FIRST look where |z| ≥ boundary. Return that look's 1-based number and the decision
 * ("B better" when z > 0, "A better" when z < 0), or `{ look: null, decision: "no difference" }` when
 * no look crosses, with one sentence on why (a TA reads it). Careful: crossing 1.96 at an early look
 * is not a reason to stop. The check uses hand-made, random and measured tests.
 */
export function mayStop(looks: AbLook[]): { look: number | null; decision: "B better" | "A better" | "no difference"; why: string } {
  throw new NotImplementedYet("mayStop");
}

/**
 * 06.4 — Cohen's kappa of two scorers' grades of the same outputs: (p_o − p_e) / (1 − p_e), where
 * p_o is the share of items they grade alike and p_e = Σ_c (share of c in a)·(share of c in b).
 * Return 1 when p_e is 1 (both gave one and the same grade to everything). Write it yourself; use the
 * library's `cohenKappa` only to test yours.
 */
export function kappa(a: (string | number)[], b: (string | number)[]): number {
  throw new NotImplementedYet("kappa");
}
