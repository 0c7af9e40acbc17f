/** Automatic checks for module 02's exercises. */
import { createRng, loadRows } from "../../lib/data/index";
import { ADULT_INCOME_TASK, TabularClassifier } from "../../lib/models/index";
import { type ExerciseCheck, expectClose, expectOwnCode, expectReasoning, expectThat } from "../../lib/nb/index";
import { BASELINES, readResult } from "../../lib/results/index";
import { type MLFitAnswers, type ModelCandidate, costPerMillionPredictions, paretoFront, shouldUseML } from "../../lib/objectives/index";

/** The functions a learner writes in exercises/02.ts. */
export interface Module02 {
  costPerMillion(cpuMsPerPrediction: number, usdPerVcpuHour: number, utilization: number): number;
  spamFilterChecklist(): MLFitAnswers;
  payrollChecklist(): MLFitAnswers;
  chooseHeadlineModel(): { model: string; why: string };
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

/** 02.5's business constraint: an app download of at most 4 MB (model + vectorizer) and p99 ≤ 1 ms. */
export const HEADLINE_BUDGET = { bytes: 4e6, p99Ms: 1 };

/** The checks `npm run check -- 02` runs. */
export const checks: ExerciseCheck<Module02>[] = [
  {
    id: "02.1",
    title: "costPerMillion from a CPU time and a price",
    hints: [
      "work in CPU-hours: how many does a million predictions take?",
      "ms per million = cpuMs · 1e6; hours = that / 3.6e6; dollars = hours · price",
      "utilization u < 1 means you pay for 1/u times the busy time: divide by u",
    ],
    run: async (m) => {
      expectClose(m.costPerMillion(3.6, 1, 1), 1, 1e-12, "3.6 CPU-ms each at $1 per vCPU-hour (a million take exactly one CPU-hour)");
      expectClose(m.costPerMillion(0.05, 0.0425, 1), costPerMillionPredictions(0.05), 1e-15, "0.05 ms at the library's default price");
      expectClose(m.costPerMillion(2, 0.1, 0.25), costPerMillionPredictions(2, { usdPerVcpuHour: 0.1, utilization: 0.25 }), 1e-12, "2 ms at $0.10/h and 25% utilization (you pay 4× the busy time)");
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 10; t++) {
        const ms = 0.01 + rng.int(1000) / 100, price = 0.01 + rng.int(100) / 100, u = 0.05 + rng.int(96) / 100;
        const want = (ms * 1e6 / 3.6e6) * price / u;
        const got = m.costPerMillion(ms, price, u);
        const off = got / want;
        const units = Math.abs(off - 1000) < 1 || Math.abs(off - 0.001) < 1e-6 ? " (off by 1000: ms vs seconds?)" : Math.abs(off - u * u) < 1e-9 || Math.abs(off - u) < 1e-9 ? " (divide by the utilization, do not multiply)" : "";
        expectThat(Math.abs(off - 1) < 1e-9, `${ms} ms at $${price}/vCPU-hour and utilization ${u}: expected $${want.toPrecision(6)} per million, got ${got}${units}`);
      }
    },
  },
  {
    id: "02.2",
    title: "the checklist for a spam filter and for a payroll",
    hints: [
      "read each sentence of each scenario against the nine questions; the two scenarios do not get the same answers",
      "payroll: can the rules be written by hand? is a wrong payslip cheap? are 40 a month \"at scale\"?",
    ],
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
      const p = m.payrollChecklist();
      for (const k of keys) expectThat(typeof p[k] === "boolean", `payroll: answer "${k}" with true or false`);
      expectThat(keys.some((k) => p[k] !== a[k]), "payroll: you gave the same nine answers as for the spam filter; read the payroll scenario again");
      expectThat(p.complexPatterns === false, "payroll: the rules fit on two pages and the law publishes them: are the patterns too complex to write by hand?");
      expectThat(p.cheapWrongPredictions === false, "payroll: a wrong payslip is a legal problem: are wrong predictions cheap?");
      expectThat(p.atScale === false, "payroll: 40 payslips a month: is that at scale?");
      expectThat(shouldUseML(p).verdict === "avoid-ml", `payroll: expected the verdict "avoid-ml", got "${shouldUseML(p).verdict}"`);
    },
  },
  {
    id: "02.3",
    title: "paretoFrontNames matches the definition (toy sets and 200 random ones)",
    hints: [
      "write `dominates(a, b)` first, then keep the candidates that no other candidate dominates",
      "a dominates b when a is at least as good on all four objectives (accuracy higher, the rest lower) and strictly better on one",
    ],
    run: async (m) => {
      expectOwnCode(m.paretoFrontNames, ["paretoFront"], "02.3");
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
    hints: [
      "loop over the 91 thresholds; for each you need the accuracy and the gap between the groups' true-positive rates",
      "fairnessThresholdSweep(yTrue, scores, groups, { thresholds }) gives both per threshold",
      "among thresholds with gap ≤ maxGap take the most accurate (the lower threshold on ties); null if none",
    ],
    run: async (m) => {
      const toyY = [1, 1, 0, 0, 1, 1, 0, 0];
      const toyS = [0.9, 0.6, 0.4, 0.1, 0.8, 0.3, 0.7, 0.2];
      const toyG = ["a", "a", "a", "a", "b", "b", "b", "b"];
      expectThat(m.thresholdForEqualOpportunity(toyY, toyS, toyG, 0) === referenceThreshold(toyY, toyS, toyG, 0), `toy: expected ${referenceThreshold(toyY, toyS, toyG, 0)}, got ${m.thresholdForEqualOpportunity(toyY, toyS, toyG, 0)}`);
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 10; t++) {
        const n = 20 + rng.int(60);
        const y = Array.from({ length: n }, () => rng.int(2)), s = y.map((v) => Math.min(0.99, Math.max(0, v * 0.3 + rng.next() * 0.7))), g = y.map(() => "xy"[rng.int(2)]!);
        const gap = [0, 0.1, 0.3][t % 3]!;
        const want = referenceThreshold(y, s, g, gap), have = m.thresholdForEqualOpportunity(y, s, g, gap);
        expectThat(want === null ? have === null : have !== null && Math.abs(have - want) < 1e-9, `random set ${t} (${n} rows, maxGap ${gap}): expected ${want}, got ${have}`);
      }
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
  {
    id: "02.5",
    title: "choose a headline model under a size and latency budget",
    hints: [
      "read results/baselines/ag_news.json: for each model, its download size is sizeBytes + vectorizerBytes and its latency latency.p99Ms",
      "first drop every model that breaks a constraint, then take the most accurate of the rest",
    ],
    run: async (m) => {
      const file = "results/baselines/ag_news.json";
      const models = readResult(BASELINES, file).models;
      const c = m.chooseHeadlineModel();
      const chosen = models.find((x) => x.name === c.model);
      expectThat(chosen !== undefined, `"${c.model}" is not a model in ${file} (have: ${models.map((x) => x.name).join(", ")})`);
      const bytes = (x: (typeof models)[number]): number => x.sizeBytes + (x.vectorizerBytes ?? 0);
      const fits = (x: (typeof models)[number]): boolean => bytes(x) <= HEADLINE_BUDGET.bytes && x.latency.p99Ms <= HEADLINE_BUDGET.p99Ms;
      expectThat(bytes(chosen) <= HEADLINE_BUDGET.bytes, `${chosen.name} downloads ${(bytes(chosen) / 1e6).toFixed(1)} MB (model + vectorizer): over the ${HEADLINE_BUDGET.bytes / 1e6} MB budget`);
      expectThat(chosen.latency.p99Ms <= HEADLINE_BUDGET.p99Ms, `${chosen.name} has p99 ${chosen.latency.p99Ms} ms: over the ${HEADLINE_BUDGET.p99Ms} ms budget`);
      const best = Math.max(...models.filter(fits).map((x) => x.accuracy));
      expectThat(chosen.accuracy >= best - 0.005, `${chosen.name} fits, but another model that fits is ${((best - chosen.accuracy) * 100).toFixed(1)} points more accurate`);
      expectReasoning(c.why, "why this model");
      return `${chosen.name}: ${(bytes(chosen) / 1e6).toFixed(2)} MB, p99 ${chosen.latency.p99Ms} ms, accuracy ${chosen.accuracy}`;
    },
  },
];
