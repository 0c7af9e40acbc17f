/**
 * Answers to the "should this be ML?" checklist of Designing Machine Learning Systems, chapter 1:
 * "Machine learning is an approach to (1) learn (2) complex patterns from (3) existing data and use
 * these patterns to make (4) predictions on (5) unseen data", and it pays off more when the problem
 * is (6) repetitive, (7) wrong predictions are cheap, (8) it is at scale and (9) patterns change.
 * The first five are required; the last four are optional (leave one out when you do not know).
 */
export interface MLFitAnswers {
  /** (1) There are patterns a system can learn (outcomes are not random, and feedback exists to learn from). */
  learnable: boolean;
  /** (2) The patterns are complex: hard to write down as rules (if simple rules work, use them). */
  complexPatterns: boolean;
  /** (3) Data exists, or can be collected, to learn from. */
  existingData: boolean;
  /** (4) The problem is predictive: the answer can be framed as a prediction (a label, a score, a ranking). */
  predictive: boolean;
  /** (5) Future (unseen) data will look like the training data (same distribution, more or less). */
  unseenDataSimilar: boolean;
  /** (6) The task repeats many times, so there are many examples of the pattern. */
  repetitive?: boolean;
  /** (7) A wrong prediction is cheap (or caught by a human or fallback before it does harm). */
  cheapWrongPredictions?: boolean;
  /** (8) It runs at scale: many predictions justify the cost of data, compute and people. */
  atScale?: boolean;
  /** (9) The patterns keep changing, so hand-written rules would go stale and need rewriting. */
  changingPatterns?: boolean;
}

/** One checklist item's outcome. */
export interface MLFitCriterion {
  /** The field of {@link MLFitAnswers}. */
  key: keyof MLFitAnswers;
  /** Short label, e.g. "complex patterns". */
  label: string;
  /** Required for ML to make sense (items 1–5) or a sign it pays off (6–9). */
  required: boolean;
  /** The answer, or `undefined` when not given. */
  answer: boolean | undefined;
  /** What this answer means for the decision. */
  reason: string;
}

/** What {@link shouldUseML} concludes. */
export interface MLFitVerdict {
  /**
   * `"use-ml"`: every requirement holds and at least 3 of the 4 favourable conditions do;
   * `"ml-possible"`: every requirement holds but the payoff is less clear;
   * `"avoid-ml"`: a requirement fails, so a non-ML solution (rules, lookup, a human) fits better.
   */
  verdict: "use-ml" | "ml-possible" | "avoid-ml";
  /** Whether ML is worth building (`verdict !== "avoid-ml"`). */
  useML: boolean;
  /** Every checklist item with its reason, in the book's order. */
  criteria: MLFitCriterion[];
  /** The reasons that decided the verdict (failed requirements, or the favourable/unfavourable conditions). */
  reasons: string[];
  /** One-line summary. */
  summary: string;
}

interface Item {
  key: keyof MLFitAnswers;
  label: string;
  required: boolean;
  yes: string;
  no: string;
}

const ITEMS: readonly Item[] = [
  { key: "learnable", label: "learn", required: true, yes: "there are patterns to learn", no: "there is nothing to learn: outcomes look random or there is no feedback; ML cannot help" },
  { key: "complexPatterns", label: "complex patterns", required: true, yes: "the patterns are too complex to write by hand", no: "the patterns are simple: write the rules (or a lookup table) instead of training a model" },
  { key: "existingData", label: "existing data", required: true, yes: "data is available or can be collected", no: "there is no data yet: collect it first (or start with rules and log outcomes)" },
  { key: "predictive", label: "predictions", required: true, yes: "the problem can be framed as a prediction", no: "the problem is not predictive: ML produces predictions, so reframe it or solve it otherwise" },
  { key: "unseenDataSimilar", label: "unseen data like training data", required: true, yes: "future data should resemble the training data", no: "future data will not resemble the past: a model learnt today will not generalise" },
  { key: "repetitive", label: "repetitive", required: false, yes: "the task repeats, giving many examples", no: "the task is rare: few examples to learn from, and little to automate" },
  { key: "cheapWrongPredictions", label: "cheap wrong predictions", required: false, yes: "mistakes are cheap or caught", no: "mistakes are costly: you need a human in the loop, a fallback, or a very high bar" },
  { key: "atScale", label: "at scale", required: false, yes: "many predictions pay for the investment", no: "few predictions: the cost of data, compute and people may not pay off" },
  { key: "changingPatterns", label: "changing patterns", required: false, yes: "the patterns change, so hand-written rules would go stale while a model can be retrained", no: "the patterns are stable: rules written once may stay good" },
];

/**
 * DMLS chapter 1's "when to use machine learning" checklist as a function: nine questions, a
 * verdict and the reasons. A failed requirement (items 1–5) means "avoid ML"; otherwise the four
 * favourable conditions (6–9) decide between "use ML" (at least 3 hold) and "ML possible".
 * @param answers the nine answers; items 6–9 may be left out when unknown
 * @example shouldUseML({ learnable: true, complexPatterns: false, existingData: true, predictive: true, unseenDataSimilar: true }).verdict // "avoid-ml"
 */
export function shouldUseML(answers: MLFitAnswers): MLFitVerdict {
  if (answers === null || typeof answers !== "object") throw new TypeError("shouldUseML: pass an object with the checklist answers (learnable, complexPatterns, existingData, predictive, unseenDataSimilar, …).");
  const criteria: MLFitCriterion[] = ITEMS.map((it) => {
    const a = answers[it.key];
    if (it.required && typeof a !== "boolean") throw new TypeError(`shouldUseML: "${it.key}" (${it.label}) is required and must be true or false, got ${String(a)}.`);
    if (a !== undefined && typeof a !== "boolean") throw new TypeError(`shouldUseML: "${it.key}" must be true, false or left out, got ${String(a)}.`);
    const reason = a === undefined ? `${it.label}: not answered` : a ? it.yes : it.no;
    return { key: it.key, label: it.label, required: it.required, answer: a, reason };
  });
  const failed = criteria.filter((c) => c.required && c.answer === false);
  const favourable = criteria.filter((c) => !c.required && c.answer === true);
  const unfavourable = criteria.filter((c) => !c.required && c.answer === false);
  const unknown = criteria.filter((c) => !c.required && c.answer === undefined);
  let verdict: MLFitVerdict["verdict"];
  let reasons: string[];
  let summary: string;
  if (failed.length > 0) {
    verdict = "avoid-ml";
    reasons = failed.map((c) => c.reason);
    summary = `Avoid ML: ${failed.length} of 5 requirements fail (${failed.map((c) => c.label).join(", ")}).`;
  } else {
    verdict = favourable.length >= 3 ? "use-ml" : "ml-possible";
    reasons = [...favourable.map((c) => c.reason), ...unfavourable.map((c) => c.reason), ...unknown.map((c) => c.reason)];
    summary = verdict === "use-ml"
      ? `Use ML: all 5 requirements hold and ${favourable.length} of 4 favourable conditions do.`
      : `ML is possible but the payoff is unclear: all 5 requirements hold, only ${favourable.length} of 4 favourable conditions do${unknown.length ? ` (${unknown.length} not answered)` : ""}.`;
  }
  return { verdict, useML: verdict !== "avoid-ml", criteria, reasons, summary };
}
