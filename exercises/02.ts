/**
 * Module 02 exercises. Replace each `throw new NotImplementedYet(...)` with your code, then run
 * `npm run check -- 02` (or the check cell at the end of notebook 02).
 */
import { NotImplementedYet } from "../lib/nb/index";
import type { ModelCandidate, MLFitAnswers } from "../lib/objectives/index";

/**
 * 02.1 — Dollars per million predictions when one prediction takes `cpuMsPerPrediction` CPU
 * milliseconds, a vCPU-hour costs `usdPerVcpuHour` dollars, and only a fraction `utilization`
 * (0 < u ≤ 1) of the paid CPU time does useful work (the rest is headroom you still pay for).
 * Hint: a million predictions take `cpuMsPerPrediction · 10⁶` ms; an hour is 3.6·10⁶ ms.
 */
export function costPerMillion(cpuMsPerPrediction: number, usdPerVcpuHour: number, utilization: number): number {
  throw new NotImplementedYet("costPerMillion");
}

/**
 * 02.2 — Answer DMLS chapter 1's checklist (the `MLFitAnswers` fields, all nine) for this scenario:
 *
 * > A company mail server receives two million e-mails a day. Users click "this is spam" on some of
 * > them, and years of those clicks are stored. Spammers change their wording every few weeks, so
 * > keyword lists written by the IT team are always out of date. A spam mail let through is an
 * > annoyance; a real mail sent to the spam folder is rarer and users can still find it there.
 * > Tomorrow's mail will look much like this month's.
 *
 * Your answers must make `shouldUseML(spamFilterChecklist()).verdict` come out as the scenario
 * implies, with every answer justified by a sentence of the text.
 */
export function spamFilterChecklist(): MLFitAnswers {
  throw new NotImplementedYet("spamFilterChecklist");
}

/**
 * 02.2 (second scenario) — The same nine answers for this one; `shouldUseML(payrollChecklist())`
 * must come out as the scenario implies:
 *
 * > A company of 40 people pays salaries each month. Net pay follows from the gross salary, the tax
 * > brackets and the social-security rates that the law publishes each January; the rules fit on two
 * > pages. Every payslip must be exactly right: an error is a legal problem. Years of past payslips
 * > are archived.
 */
export function payrollChecklist(): MLFitAnswers {
  throw new NotImplementedYet("payrollChecklist");
}

/**
 * 02.3 — The names of the candidates on the Pareto front, in input order, without calling the
 * library's `paretoFront`: a candidate is on the front when no other candidate is at least as good
 * on all four objectives — accuracy (higher is better), `latencyP99Ms`, `costPerMillionUsd` and
 * `sizeBytes` (lower is better) — and strictly better on at least one. Equal candidates both stay.
 */
export function paretoFrontNames(candidates: readonly ModelCandidate[]): string[] {
  throw new NotImplementedYet("paretoFrontNames");
}

/**
 * 02.4 — Among the thresholds 0.05, 0.06, …, 0.95 (predict positive when score ≥ threshold), return
 * the one with the highest accuracy whose equal-opportunity difference (max − min over groups of the
 * true-positive rate) is at most `maxGap`; ties go to the lower threshold. Return `null` when no
 * threshold meets the gap. `yTrue` holds 0/1. You may use `fairnessThresholdSweep` or
 * `fairnessByGroup` from the library, or compute the rates yourself.
 */
export function thresholdForEqualOpportunity(yTrue: readonly number[], scores: readonly number[], groups: readonly string[], maxGap: number): number | null {
  throw new NotImplementedYet("thresholdForEqualOpportunity");
}

/**
 * 02.5 — Choose and justify (a judgement). A news app classifies headlines on the phone: the model
 * and its vectorizer must download in at most 4 MB together, and a prediction must take at most
 * 1 ms at p99 (as measured in results/baselines/ag_news.json). Which of the AG News baselines do
 * you ship? Return its `name` and one sentence on why. The check reads the numbers your choice
 * implies (its size, its p99, its accuracy against the others that fit).
 */
export function chooseHeadlineModel(): { model: string; why: string } {
  throw new NotImplementedYet("chooseHeadlineModel");
}
