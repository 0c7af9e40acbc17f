/** Automatic checks for module 02's exercises. */
import { createRng, loadRows } from "../../lib/data/index";
import { TabularClassifier, ADULT_INCOME_TASK } from "../../lib/models/index";
import { expectThat, expectClose, type ExerciseCheck } from "../../lib/nb/index";
import { costPerMillionPredictions, paretoFront, shouldUseML, type ModelCandidate, type MLFitAnswers } from "../../lib/objectives/index";

/** The functions a learner writes in exercises/02.ts. */
export interface Module02 {
  costPerMillion(cpuMsPerPrediction: number, usdPerVcpuHour: number, utilization: number): number;
  spamFilterChecklist(): MLFitAnswers;
  paretoFrontNames(candidates: readonly ModelCandidate[]): string[];
  thresholdForEqualOpportunity(yTrue: readonly number[], scores: readonly number[], groups: readonly string[], maxGap: number): number | null;
}

const cand = (name: string, accuracy: number, p99: number, cost: number, size: number): ModelCandidate => ({
  name, accuracy, latencyP50Ms: p99 / 2, latencyP99Ms: p99, throughputPerSec: 1000 / p99, cpuMsPerPrediction: cost, costPerMillionUsd: cost, sizeBytes: size,
});

/** Equal-opportunity threshold search written independently of the library (plain loops). */
function referenceThreshold(y: readonly number[], s: readonly number[], g: readonly string[], maxGap: number): number | null {
  const groups = [...new Set(g)];
  let best: number | null = null, bestAcc = -1;
  for (let k = 5; k <= 95; k++) {
    const t = k / 100;
    let right = 0;
    const tpr: number[] = [];
    for (const grp of groups) {
      let pos = 0, tp = 0;
      for (let i = 0; i < y.length; i++) if (g[i] === grp && y[i] === 1) { pos++; if (s[i]! >= t) tp++; }
      tpr.push(pos ? tp / pos : 0);
    }
    for (let i = 0; i < y.length; i++) if ((s[i]! >= t ? 1 : 0) === y[i]) right++;
    const gap = Math.max(...tpr) - Math.min(...tpr);
    if (gap <= maxGap && right / y.length > bestAcc) { bestAcc = right / y.length; best = t; }
  }
  return best;
}

/** The checks `npm run check -- 02` runs. */
export const checks: ExerciseCheck<Module02>[] = [
  {
    id: "02.1",
    title: "costPerMillion from a CPU time and a price",
    hint: "ms per million = cpuMs · 1e6; hours = that / 3.6e6; dollars = hours · price; divide by the utilization",
    run: async (m) => {
      expectClose(m.costPerMillion(3.6, 1, 1), 1, 1e-12, "3.6 CPU-ms each at $1 per vCPU-hour (a million take exactly one CPU-hour)");
      expectClose(m.costPerMillion(0.05, 0.0425, 1), costPerMillionPredictions(0.05), 1e-15, "0.05 ms at the library's default price");
      expectClose(m.costPerMillion(2, 0.1, 0.25), costPerMillionPredictions(2, { usdPerVcpuHour: 0.1, utilization: 0.25 }), 1e-12, "2 ms at $0.10/h and 25% utilization (you pay 4× the busy time)");
    },
  },
  {
    id: "02.2",
    title: "the checklist for a spam filter",
    hint: "read each sentence of the scenario against the nine questions; all nine must be answered true or false",
    run: async (m) => {
      const a = m.spamFilterChecklist();
      const keys: (keyof MLFitAnswers)[] = ["learnable", "complexPatterns", "existingData", "predictive", "unseenDataSimilar", "repetitive", "cheapWrongPredictions", "atScale", "changingPatterns"];
      for (const k of keys) expectThat(typeof a[k] === "boolean", `answer "${k}" with true or false`);
      expectThat(a.existingData === true, "years of users' spam clicks are stored: existingData");
      expectThat(a.changingPatterns === true, "spammers change their wording every few weeks: changingPatterns");
      expectThat(a.complexPatterns === true, "hand-written keyword lists fail: complexPatterns");
      expectThat(a.cheapWrongPredictions === true, "a wrong prediction is an annoyance and a misfiled mail can be found: cheapWrongPredictions");
      expectThat(a.atScale === true && a.repetitive === true, "two million mails a day: atScale and repetitive");
      expectThat(shouldUseML(a).verdict === "use-ml", `expected the verdict "use-ml", got "${shouldUseML(a).verdict}"`);
    },
  },
  {
    id: "02.3",
    title: "paretoFrontNames matches the definition (toy sets and 200 random ones)",
    hint: "a dominates b when a is at least as good on all four objectives and strictly better on one; keep those no one dominates",
    run: async (m) => {
      const toy = [cand("big", 0.9, 10, 5, 1e6), cand("small", 0.85, 1, 1, 1e4), cand("worse", 0.84, 2, 2, 2e4), cand("twin", 0.85, 1, 1, 1e4), cand("odd", 0.95, 50, 1, 1e4)];
      const got = m.paretoFrontNames(toy);
      expectThat(JSON.stringify(got) === JSON.stringify(["big", "small", "twin", "odd"]), `toy set: expected big, small, twin, odd (worse is beaten by small; equal twins both stay), got ${JSON.stringify(got)}`);
      const rng = createRng(2);
      for (let t = 0; t < 200; t++) {
        const cs = Array.from({ length: 3 + rng.int(8) }, (_, i) => cand(`m${i}`, rng.int(5) / 10, 1 + rng.int(4), rng.int(3), 1000 * (1 + rng.int(3))));
        const want = paretoFront(cs).map((c) => c.name);
        const have = m.paretoFrontNames(cs);
        expectThat(JSON.stringify(have) === JSON.stringify(want), `random set ${t}: expected ${JSON.stringify(want)}, got ${JSON.stringify(have)} for ${JSON.stringify(cs.map((c) => [c.name, c.accuracy, c.latencyP99Ms, c.costPerMillionUsd, c.sizeBytes]))}`);
      }
    },
  },
  {
    id: "02.4",
    title: "thresholdForEqualOpportunity on Adult (by sex)",
    hint: "for each threshold 0.05…0.95: TPR per group, gap = max − min; among thresholds with gap ≤ maxGap take the most accurate (lower on ties); null if none",
    run: async (m) => {
      const toyY = [1, 1, 0, 0, 1, 1, 0, 0];
      const toyS = [0.9, 0.6, 0.4, 0.1, 0.8, 0.3, 0.7, 0.2];
      const toyG = ["a", "a", "a", "a", "b", "b", "b", "b"];
      expectThat(m.thresholdForEqualOpportunity(toyY, toyS, toyG, 0) === referenceThreshold(toyY, toyS, toyG, 0), `toy: expected ${referenceThreshold(toyY, toyS, toyG, 0)}, got ${m.thresholdForEqualOpportunity(toyY, toyS, toyG, 0)}`);
      const clf = TabularClassifier.fit(await loadRows("adult", "train"), ADULT_INCOME_TASK);
      const test = await loadRows("adult", "test");
      const y = clf.labelsOf(test), s = clf.predictProbaMany(test), g = test.map((r) => String(r.sex));
      for (const gap of [0.05, 0.1, 0.2]) {
        const want = referenceThreshold(y, s, g, gap);
        const have = m.thresholdForEqualOpportunity(y, s, g, gap);
        expectThat(have !== null && want !== null && Math.abs(have - want) < 1e-9, `maxGap ${gap}: expected ${want}, got ${have}`);
      }
      expectThat(m.thresholdForEqualOpportunity(y, s, g, -1) === null, "a negative maxGap cannot be met: return null");
    },
  },
];
