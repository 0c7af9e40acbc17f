/** Plausible wrong answers to module 02's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { type MLFitAnswers, type ModelCandidate, paretoFront } from "../../lib/objectives/index";

import type { Module02 } from "../../exercises/checks/02";
import * as sol from "../../solutions/02";
import type { WrongAnswer } from "./types";

const allTrue = (): MLFitAnswers => ({ learnable: true, complexPatterns: true, existingData: true, predictive: true, unseenDataSimilar: true, repetitive: true, cheapWrongPredictions: true, atScale: true, changingPatterns: true });
const why = "It is the only model that fits both the download budget and the latency budget of the app.";

export const wrong: WrongAnswer<Module02>[] = [
  { id: "02.1", what: "utilization ignored", impl: { costPerMillion: (ms: number, price: number) => ((ms * 1e6) / 3.6e6) * price }, says: /25% utilization|expected \$/ },
  { id: "02.1", what: "multiplied by the utilization", impl: { costPerMillion: (ms: number, price: number, u: number) => ((ms * 1e6) / 3.6e6) * price * u }, says: /25% utilization|divide by the utilization/ },
  { id: "02.1", what: "seconds for milliseconds (wrong units)", impl: { costPerMillion: (ms: number, price: number, u: number) => ((ms * 1e6) / 3600) * price / u }, says: /exactly one CPU-hour\): expected 1/ },
  { id: "02.2", what: "all true without reading", impl: { spamFilterChecklist: allTrue, payrollChecklist: allTrue }, says: /payroll: you gave the same nine answers/ },
  { id: "02.2", what: "payroll: one answer changed, a wrong payslip taken as cheap", impl: { payrollChecklist: () => ({ ...allTrue(), complexPatterns: false }) }, says: /payroll: a wrong payslip is a legal problem/ },
  { id: "02.3", what: "the library's paretoFront instead of one's own", impl: { paretoFrontNames: (cs: readonly ModelCandidate[]) => paretoFront(cs).map((c) => c.name) }, says: /calls paretoFront/ },
  { id: "02.3", what: "equal candidates knock each other out (≥ everywhere counts as dominating)", impl: { paretoFrontNames: (cs: readonly ModelCandidate[]) => cs.filter((c) => !cs.some((o) => o !== c && o.accuracy >= c.accuracy && o.latencyP99Ms <= c.latencyP99Ms && o.costPerMillionUsd <= c.costPerMillionUsd && o.sizeBytes <= c.sizeBytes)).map((c) => c.name) }, says: /toy set: expected big, small, twin, odd/ },
  { id: "02.4", what: "the gap ignored (the most accurate threshold)", impl: { thresholdForEqualOpportunity: (y: readonly number[], s: readonly number[], g: readonly string[]) => sol.thresholdForEqualOpportunity(y, s, g, Infinity) }, says: /toy: expected .*got|maxGap .*: expected/ },
  { id: "02.5", what: "the most accurate-looking large model", impl: { chooseHeadlineModel: () => ({ model: "fasttext-hashed-bigrams", why }) }, says: /MB \(model \+ vectorizer\): over the 4 MB budget/ },
  // whether the character model's p99 is over the budget depends on the committed measurement: either way it is the wrong pick
  { id: "02.5", what: "the smallest model (too slow, or less accurate than another that fits)", impl: { chooseHeadlineModel: () => ({ model: "tfidf-char-logreg", why }) }, says: /p99 .* ms: over the 1 ms budget|another model that fits is .* more accurate/ },
  { id: "02.5", what: "a model that is not in the results", impl: { chooseHeadlineModel: () => ({ model: "bert-base", why }) }, says: /"bert-base" is not a model in results\/baselines\/ag_news\.json/ },
];
