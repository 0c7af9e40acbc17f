/** Reference solutions for module 02 (kept apart from exercises/; the test suite checks them). */
import { fairnessThresholdSweep } from "../lib/metrics/index";
import type { ModelCandidate, MLFitAnswers } from "../lib/objectives/index";

/** 02.1 */
export function costPerMillion(cpuMsPerPrediction: number, usdPerVcpuHour: number, utilization: number): number {
  const cpuHours = (cpuMsPerPrediction * 1e6) / 3.6e6;
  return (cpuHours * usdPerVcpuHour) / utilization;
}

/** 02.2 */
export function spamFilterChecklist(): MLFitAnswers {
  return {
    learnable: true, // users' "this is spam" clicks are feedback to learn from
    complexPatterns: true, // keyword lists written by hand fail
    existingData: true, // years of clicks are stored
    predictive: true, // spam or not, for each mail
    unseenDataSimilar: true, // tomorrow's mail looks like this month's
    repetitive: true, // two million mails a day
    cheapWrongPredictions: true, // a spam let through is an annoyance; a misfiled mail can be found
    atScale: true, // two million a day
    changingPatterns: true, // spammers change wording every few weeks
  };
}

/** 02.2, second scenario */
export function payrollChecklist(): MLFitAnswers {
  return {
    learnable: true, // past payslips follow from the inputs
    complexPatterns: false, // the rules fit on two pages
    existingData: true, // years of payslips are archived
    predictive: true, // net pay from gross pay
    unseenDataSimilar: true, // next month's payslips follow the same rules
    repetitive: true, // every month
    cheapWrongPredictions: false, // an error is a legal problem
    atScale: false, // 40 a month
    changingPatterns: false, // the law changes once a year and says how
  };
}

/** 02.3 */
export function paretoFrontNames(candidates: readonly ModelCandidate[]): string[] {
  const objectives: [(c: ModelCandidate) => number, 1 | -1][] = [
    [(c) => c.accuracy, 1],
    [(c) => c.latencyP99Ms, -1],
    [(c) => c.costPerMillionUsd, -1],
    [(c) => c.sizeBytes, -1],
  ];
  const dominates = (a: ModelCandidate, b: ModelCandidate): boolean => {
    let better = false;
    for (const [f, sign] of objectives) {
      const d = sign * (f(a) - f(b));
      if (d < 0) return false;
      if (d > 0) better = true;
    }
    return better;
  };
  return candidates.filter((c) => !candidates.some((o) => o !== c && dominates(o, c))).map((c) => c.name);
}

/** 02.4 */
export function thresholdForEqualOpportunity(yTrue: readonly number[], scores: readonly number[], groups: readonly string[], maxGap: number): number | null {
  const thresholds = Array.from({ length: 91 }, (_, i) => (i + 5) / 100);
  const sweep = fairnessThresholdSweep(yTrue, scores, groups, { thresholds });
  let best: (typeof sweep)[number] | null = null;
  for (const p of sweep) {
    if (p.equalOpportunityDifference > maxGap) continue;
    if (!best || p.overall.accuracy > best.overall.accuracy) best = p;
  }
  return best ? best.threshold : null;
}

/** 02.5 */
export function chooseHeadlineModel(): { model: string; why: string } {
  return { model: "tfidf-word-logreg", why: "fastText's download is several times the 4 MB budget; of the two TF-IDF models that fit both budgets (size, and p99 in the committed measurement), the word model is the more accurate, so it is the headline model." };
}
