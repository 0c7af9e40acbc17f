// %% [markdown]
// # 02 · Research vs production: the table, row by row
//
// A model that wins a leaderboard is not yet a product. Chip Huyen's *Designing Machine Learning
// Systems* (DMLS, chapter 1) and Stanford's CS 329S sum up the difference in one table, which
// Pooyan Jamshidi's lecture *Machine Learning Systems in Production* (CSCE 585, lecture 5) walks
// through:
//
// | | Research | Production |
// |---|---|---|
// | Objectives | model performance | different stakeholders have different objectives |
// | Computational priority | fast training, high throughput | fast inference, low latency |
// | Data | static | constantly shifting |
// | Fairness | good to have (sadly) | important |
// | Interpretability | good to have | important |
//
// This notebook turns every row into a measurement on real data, then measures the book club's
// breakout scenario (a sentiment model for e-commerce reviews) and ends with DMLS's "should this be
// ML at all?" checklist.
//
// **Goals.** By the end you can (1) score candidate models on accuracy, [p50](../GLOSSARY.md)/p99 latency, throughput,
// cost per million predictions and size, find the [Pareto front](../GLOSSARY.md) and choose under a budget; (2) measure
// the latency/throughput trade-off of batching; (3) show that a model evaluated on a random split
// over-promises on data from later months; (4) compute per-group rates, demographic-parity and
// equalized-odds gaps, and see how a threshold moves them; (5) explain a model globally and locally;
// (6) evaluate a classifier the way the business will use it.
//
// **Prerequisites.** Module 00 (loading data, tables, charts); module 01 helps ([TF-IDF](../GLOSSARY.md), logistic
// regression, gzip [kNN](../GLOSSARY.md)), but each model is introduced again here.
//
// **Time.** About 50 minutes to read and run; the exercises take another 30–60. The defaults run in about 2 minutes on a
// 2-core laptop (mostly training five small models and timing them); set `FULL = true` below to
// evaluate on the whole AG News test set and a larger gzip kNN (about 10 minutes).

// %%
import * as ort from "onnxruntime-node";
import { loadTextSplit, loadRows, stratifiedSample, stratifiedSplit, labelCounts } from "./lib/data/index";
import { TfidfVectorizer, sparseToDense } from "./lib/text/index";
import {
  LogisticRegression,
  FastTextClassifier,
  SparseMlpClassifier,
  GzipKnnClassifier,
  encodeClassLabels,
  TabularClassifier,
  ADULT_INCOME_TASK,
  binaryLabels,
} from "./lib/models/index";
import { buildMlpOnnx, loadOnnxArtifact } from "./lib/onnx/index";
import {
  batchSizeSweep,
  summaryStats,
  fairnessByGroup,
  fairnessThresholdSweep,
  calibrationByGroup,
  costAtThreshold,
  costThresholdSweep,
  minimumCostThreshold,
  precisionAtTopK,
} from "./lib/metrics/index";
import { showTable, showMarkdown, plot, createProgress } from "./lib/viz/index";
import { describeMachine, createSession } from "./lib/compute/index";
import { topNgramsPerClass, permutationImportance, occlusionAttributions, showAttributions } from "./lib/explain/index";
import {
  measureCandidate,
  paretoAnalysis,
  DEFAULT_CANDIDATE_OBJECTIVES,
  chooseUnderLatencyBudget,
  chooseUnderCostBudget,
  pickForEveryStakeholder,
  shouldUseML,
} from "./lib/objectives/index";

/** Evaluate on the whole AG News test set (7,600) and a 2,000-text gzip kNN instead of the fast defaults. */
const FULL = false;
const N_TEST = FULL ? 7600 : 2000; // AG News test texts for accuracy
const KNN_TRAIN = FULL ? 2000 : 500; // training texts the gzip kNN keeps
const KNN_TEST = FULL ? 1000 : 100; // its test texts (each costs KNN_TRAIN compressions)
const t0Notebook = performance.now();
showMarkdown(`Where this notebook runs: ${Object.entries({ ...describeMachine(), FULL }).map(([k, v]) => `${k} ${v}`).join(", ")}.`);

// %% [markdown]
// ## 1 · Objectives: different stakeholders want different models
//
// DMLS chapter 1 describes an app that recommends restaurants. The **ML team** wants the most
// accurate model; **sales** wants the one that recommends expensive restaurants (more fees);
// **product** wants fast answers, because every bit of latency costs orders; the **ML platform** team
// wants to stop shipping updates until the system scales; the **manager** wants the margin (the
// lecture's joke: "maximises profit = laying off ML teams"). There is no single "best model".
//
// To make that concrete we build six candidates for one task, AG News topic classification
// (4 classes, the 12,000-text training subset of module 01), and measure what each stakeholder cares
// about. Every latency is **text in → class out**, vectorising included, one request at a time.
//
// * **gzip kNN**: no training; keeps `KNN_TRAIN` (500) training texts and compresses the query against each (module 01).
// * **TF-IDF + LR, 50k features (ONNX)**: the committed artifact `models/agnews-logreg`, word 1–2-grams, run by onnxruntime.
// * **TF-IDF + LR, 5k features**: unigrams only, run in TypeScript: the "smaller variant".
// * **fastText-style**: averaged embeddings of hashed words and bigrams.
// * **MLP 5k→64→4 (ONNX)**: a small neural network trained here, exported to ONNX, run by onnxruntime.
// * **MLP 5k→16→4**: the same network, narrower, run in TypeScript.

// %%
const agTrain = await loadTextSplit("ag_news", "train");
const agTest = stratifiedSample(await loadTextSplit("ag_news", "test"), N_TEST, { seed: 2 });
const { y: yTrain, classes } = encodeClassLabels(agTrain.map((r) => r.label));
const yTest = encodeClassLabels(
  agTest.map((r) => r.label),
  classes,
).y;
const accuracyOf = (pred: number[]): number => pred.filter((p, i) => p === yTest[i]).length / pred.length;

// the smaller vectorizer (5,000 unigrams), shared by the LR-5k and both MLPs
const vec5k = new TfidfVectorizer({ ngramRange: [1, 1], sublinearTf: true, minDf: 2, maxFeatures: 5000 }).fit(agTrain.map((r) => r.text));
const X5k = agTrain.map((r) => vec5k.transform(r.text));
const Xt5k = agTest.map((r) => vec5k.transform(r.text));

const timed = <T,>(f: () => T): [T, number] => {
  const t = performance.now();
  const v = f();
  return [v, (performance.now() - t) / 1000];
};
const [lr5k, lrSec] = timed(() => {
  const m = new LogisticRegression({ epochs: 30, validationFraction: 0.1, patience: 2 });
  m.labels = classes;
  return m.fit(X5k, yTrain, vec5k.dim, 4);
});
const [mlp64, mlp64Sec] = timed(() => new SparseMlpClassifier({ hidden: 64, epochs: 5 }).fit(X5k, yTrain, vec5k.dim, 4));
const [mlp16, mlp16Sec] = timed(() => new SparseMlpClassifier({ hidden: 16, epochs: 5 }).fit(X5k, yTrain, vec5k.dim, 4));
const [ft, ftSec] = timed(() =>
  new FastTextClassifier({ epochs: 5, buckets: 2 ** 18 }).fit(
    agTrain.map((r) => r.text),
    yTrain,
    4,
  ),
);
showTable(
  [
    { model: "TF-IDF 5k + LR", trainSeconds: lrSec, testAccuracy: accuracyOf(lr5k.predictMany(Xt5k)) },
    { model: "MLP 5k→64→4", trainSeconds: mlp64Sec, testAccuracy: accuracyOf(mlp64.predictMany(Xt5k)) },
    { model: "MLP 5k→16→4", trainSeconds: mlp16Sec, testAccuracy: accuracyOf(mlp16.predictMany(Xt5k)) },
    { model: "fastText-style", trainSeconds: ftSec, testAccuracy: accuracyOf(ft.predictMany(agTest.map((r) => r.text))) },
  ],
  {
    caption: `Trained here on ${agTrain.length.toLocaleString("en-US")} texts; accuracy on ${agTest.length.toLocaleString("en-US")} ` +
      `test texts (stratified, seed 2)`,
  },
);

// %% [markdown]
// Two candidates run through onnxruntime, on the provider `createSession` picks (GPU when there is
// one, CPU otherwise). The MLP is exported with `buildMlpOnnx`; before trusting it we check that
// onnxruntime gives the probabilities the TypeScript model gives.

// %%
const mlpOnnx = await createSession(buildMlpOnnx(mlp64.toMlpWeights()));
const art = loadOnnxArtifact("models/agnews-logreg");
const vec50k = TfidfVectorizer.fromJSON(art.readJson("vectorizer.json"));
const lrOnnx = await createSession(art.model);
if (art.meta.labels.join() !== classes.join()) throw new Error(`label order differs: artifact ${art.meta.labels} vs ${classes}`);
const denseBatch = (rows: ReturnType<typeof vec5k.transform>[], dim: number): Float32Array => sparseToDense(rows, dim);
const runMlp = async (rows: ReturnType<typeof vec5k.transform>[]): Promise<Float32Array> =>
  (await mlpOnnx.session.run({ input: new ort.Tensor("float32", denseBatch(rows, vec5k.dim), [rows.length, vec5k.dim]) })).output
    .data as Float32Array;
const runLr50k = async (texts: string[]): Promise<number[]> => {
  const X = texts.map((t) => vec50k.transform(t));
  const out = await lrOnnx.session.run({ features: new ort.Tensor("float32", denseBatch(X, vec50k.dim), [X.length, vec50k.dim]) });
  return Array.from(out.label.data as BigInt64Array, Number);
};
// parity on 200 test rows, then accuracy in batches of 200
const onnxProbs = await runMlp(Xt5k.slice(0, 200));
let maxDiff = 0;
Xt5k.slice(0, 200).forEach((x, i) => mlp64.predictProba(x).forEach((p, c) => (maxDiff = Math.max(maxDiff, Math.abs(p - onnxProbs[i * 4 + c]!)))));
const lr50kPred: number[] = [];
for (let i = 0; i < agTest.length; i += 200) lr50kPred.push(...(await runLr50k(agTest.slice(i, i + 200).map((r) => r.text))));
showTable(
  [
    { model: "MLP 5k→64→4 (ONNX)", provider: mlpOnnx.provider, check: `max |p_onnx − p_ts| = ${maxDiff.toExponential(2)} on 200 rows` },
    {
      model: "TF-IDF 50k + LR (ONNX artifact)",
      provider: lrOnnx.provider,
      check: `test accuracy ${accuracyOf(lr50kPred).toFixed(4)} (artifact's meta.json says ${art.meta.testAccuracy} on all 7,600)`,
    },
  ],
  { caption: "ONNX models: provider and checks" },
);

// %% [markdown]
// Now the measurement. `measureCandidate` times one request at a time (warm-up, then at least 200
// calls; 20 for the slow gzip kNN) for p50, p99 and throughput, then reads the process CPU time over
// back-to-back calls to get **CPU ms per prediction** and turns it into **dollars per million
// predictions** at an assumed $0.0425 per vCPU-hour (half of an AWS `c6i.large` on demand; pass your
// own price). Size is what must be loaded to serve: parameters, plus the vectorizer's vocabulary,
// plus, for kNN, the training texts themselves.

// %%
const knnTrain = stratifiedSample(agTrain, KNN_TRAIN, { seed: 3 });
const knn = new GzipKnnClassifier(
  knnTrain.map((r) => r.text),
  knnTrain.map((r) => r.label),
  { k: 3 },
);
const knnTest = agTest.slice(0, KNN_TEST);
const progress = createProgress({ total: KNN_TEST, label: "gzip kNN accuracy", unit: "texts" });
let knnRight = 0;
for (const r of knnTest) {
  if (knn.predict(r.text) === r.label) knnRight++;
  progress.tick();
}
progress.finish();
const vocabBytes = (v: TfidfVectorizer): number => v.vocabulary.reduce((s, t) => s + Buffer.byteLength(t) + 8, 0);
const texts = agTest.map((r) => r.text);
const specs = [
  {
    name: `gzip kNN (${KNN_TRAIN} texts)`,
    accuracy: knnRight / KNN_TEST,
    sizeBytes: knn.sizeBytes(),
    iterations: 20,
    predict: (i: number) => knn.predict(texts[i % texts.length]!),
  },
  {
    name: "TF-IDF 50k + LR (ONNX)",
    accuracy: accuracyOf(lr50kPred),
    sizeBytes: art.model.length + vocabBytes(vec50k),
    iterations: 200,
    predict: (i: number) => runLr50k([texts[i % texts.length]!]),
  },
  {
    name: "TF-IDF 5k + LR",
    accuracy: accuracyOf(lr5k.predictMany(Xt5k)),
    sizeBytes: lr5k.sizeBytes() + vocabBytes(vec5k),
    iterations: 200,
    predict: (i: number) => lr5k.predict(vec5k.transform(texts[i % texts.length]!)),
  },
  {
    name: "fastText-style",
    accuracy: accuracyOf(ft.predictMany(texts)),
    sizeBytes: ft.sizeBytes(),
    iterations: 200,
    predict: (i: number) => ft.predict(texts[i % texts.length]!),
  },
  {
    name: "MLP 64 (ONNX)",
    accuracy: accuracyOf(mlp64.predictMany(Xt5k)),
    sizeBytes: mlp64.sizeBytes() + vocabBytes(vec5k),
    iterations: 200,
    predict: (i: number) => runMlp([vec5k.transform(texts[i % texts.length]!)]),
  },
  {
    name: "MLP 16",
    accuracy: accuracyOf(mlp16.predictMany(Xt5k)),
    sizeBytes: mlp16.sizeBytes() + vocabBytes(vec5k),
    iterations: 200,
    predict: (i: number) => mlp16.predict(vec5k.transform(texts[i % texts.length]!)),
  },
];
const candidates = [];
for (const s of specs)
  candidates.push(
    await measureCandidate(s.predict, {
      name: s.name,
      accuracy: s.accuracy,
      sizeBytes: s.sizeBytes,
      latency: { warmup: 5, iterations: s.iterations },
    }),
  );
const front = paretoAnalysis(candidates, DEFAULT_CANDIDATE_OBJECTIVES);
showTable(
  candidates.map((c, i) => ({
    model: c.name,
    accuracy: c.accuracy,
    p50Ms: c.latencyP50Ms,
    p99Ms: c.latencyP99Ms,
    perSecond: Math.round(c.throughputPerSec),
    cpuMsPerPrediction: c.cpuMsPerPrediction,
    usdPerMillion: c.costPerMillionUsd,
    sizeMB: c.sizeBytes / 1e6,
    paretoFront: front[i]!.onFront ? "yes" : `no (beaten by ${front[i]!.dominatedBy.map((j) => candidates[j]!.name).join(", ")})`,
  })),
  {
    caption: `Six candidates for AG News (accuracy on ${N_TEST} test texts; gzip kNN on ${KNN_TEST}, so ±${(1.96 * Math.sqrt(0.25 / KNN_TEST)).toFixed(2)})`,
  },
);

// %% [markdown] id=pareto-front
// A candidate is on the **Pareto front** when no other candidate is at least as good on every
// objective (accuracy, p99 latency, cost, size) and better on one. Everything off the front can be
// dropped from the discussion; the choice among the rest is a question of priorities, not of
// measurement. The chart shows accuracy against p99 latency (log scale), bubble size = model size.

// %%
plot(
  candidates.map((c, i) => ({
    type: "scatter",
    mode: "markers+text",
    name: c.name,
    x: [c.latencyP99Ms],
    y: [c.accuracy],
    text: [c.name],
    textposition: "top center",
    marker: {
      size: 10 + 30 * Math.sqrt(c.sizeBytes / Math.max(...candidates.map((d) => d.sizeBytes))),
      symbol: front[i]!.onFront ? "circle" : "circle-open",
    },
  })),
  {
    title: { text: "Accuracy vs p99 latency (filled = Pareto front on accuracy, latency, cost, size)" },
    xaxis: { title: { text: "p99 latency per request, ms (log)" }, type: "log" },
    yaxis: { title: { text: "test accuracy" } },
    showlegend: false,
  },
);

// %% [markdown]
// **Choosing under a budget.** Product says: answer within 1 ms at p99. Finance says: at most
// $0.002 per million predictions. `chooseUnderBudget` keeps the candidates inside the budget and
// takes the most accurate, and says what the budget costs in accuracy.

// %%
const byLatency = chooseUnderLatencyBudget(candidates, 1);
const byCost = chooseUnderCostBudget(candidates, 0.002);
showMarkdown(`**Latency budget (p99 ≤ 1 ms).** ${byLatency.explanation}\n\n**Cost budget (≤ $0.002 per million).** ${byCost.explanation}`);

// %% [markdown]
// **Each stakeholder's pick.** The same six measured candidates, and the rule each stakeholder of
// DMLS's example would apply. Sales needs a business value per prediction, which we do not have for
// news topics, so it falls back to accuracy (and says so); the platform team keeps the model in
// production, here assumed to be the LR-50k ONNX artifact.

// %%
showTable(pickForEveryStakeholder(candidates, { latencyTargetMs: 1, currentModel: "TF-IDF 50k + LR (ONNX)" }).map((p) => ({
  stakeholder: p.stakeholder.title, rule: p.stakeholder.rule, picks: p.choice.name, why: p.explanation.split(". ").slice(1).join(". "),
})), { caption: "Who picks what (latency target 1 ms)" });

// %%
const trainedAcc = candidates.filter((c) => !/gzip/i.test(c.name)).map((c) => c.accuracy);
const p99s = candidates.map((c) => c.latencyP99Ms);
showMarkdown(
  `Read the table against the measurements: in this run the trained models' accuracies span **` +
    `${(100 * (Math.max(...trainedAcc) - Math.min(...trainedAcc))).toFixed(1)} ` +
    `points**, while p99 latency spans **${(Math.max(...p99s) / Math.min(...p99s)).toFixed(0)}×** from the fastest candidate ` +
    `to the slowest.`,
);

// %% [markdown]
// gzip kNN, the model with no training, is the slowest and most expensive to *serve*: every request
// compresses the query against every kept text. Research reports the accuracy column; production
// pays for the others.
//
// ## 2 · Computational priority: latency, throughput and batching
//
// Research optimises training speed and throughput; production serves one user at a time and
// cares about **latency**. The lecture quotes two measurements: Google found that raising search
// latency from 100 to 400 ms reduced searches by 0.2–0.6% (2009), and a 30% increase in latency cost
// 0.5% conversion rate (2019). (We do not reproduce those: they need a search engine and its users.)
//
// What we can measure is the trade-off batching makes. **Real-time** prediction answers each request
// on its own; **batch** prediction groups requests so the fixed cost of a call (feeding tensors,
// launching kernels) is shared. A larger batch gives more predictions per second, and each request
// waits for its whole batch. Below: the MLP's ONNX session, batch size 1 to 256.

// %%
const batchInputs = new Map<number, ort.Tensor>();
const sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256];
for (const b of sizes)
  batchInputs.set(
    b,
    new ort.Tensor(
      "float32",
      sparseToDense(
        Array.from({ length: b }, (_, i) => Xt5k[i % Xt5k.length]!),
        vec5k.dim,
      ),
      [b, vec5k.dim],
    ),
  );
const sweep = await batchSizeSweep((b) => mlpOnnx.session.run({ input: batchInputs.get(b)! }), { batchSizes: sizes, minTimeMs: 150 });
showTable(sweep, { caption: `MLP 5k→64→4 on onnxruntime (${mlpOnnx.provider}): one call per batch` });
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "throughput (predictions/s)",
      x: sweep.map((p) => p.batchSize),
      y: sweep.map((p) => p.throughputPerSec),
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "latency of one batch, p50 (ms)",
      x: sweep.map((p) => p.batchSize),
      y: sweep.map((p) => p.batchP50Ms),
      yaxis: "y2",
    },
  ],
  {
    title: { text: "Batching: more throughput, more latency per request" },
    xaxis: { title: { text: "batch size (log)" }, type: "log" },
    yaxis: { title: { text: "predictions per second" } },
    yaxis2: { title: { text: "ms per batch" }, overlaying: "y", side: "right", type: "log" },
    legend: { x: 0.02, y: 0.98 },
  },
);
const s1 = sweep[0]!,
  s64 = sweep.find((p) => p.batchSize === 64)!;
showMarkdown(
  `Measured: batch 64 gives **${s64.speedup.toFixed(1)}×** the throughput of batch 1 (${Math.round(s64.throughputPerSec).toLocaleString("en-US")} ` +
    `vs ${Math.round(s1.throughputPerSec).toLocaleString("en-US")} predictions/s), and every request in it waits **${s64.batchP50Ms.toFixed(2)} ` +
    `ms** instead of ${s1.batchP50Ms.toFixed(3)} ms (p50)${
      s64.speedup > 1 ? "" : " — here batching did not pay, which happens when the machine is busy or the model is tiny"
    }. ` +
      `` +
    `A nightly job scoring every product would pick a large batch; a request from a user waiting for a page would not (module ` +
    `03 adds a dynamic batcher to a server, which waits at most a few ms to fill a batch).`,
);

// %% [markdown]
// ## 3 · Data: static in research, shifting in production (deep dive 02b)
// Research evaluates on a clean, static split; production sees data that shifts. The measurement, a
// random split against train-on-the-past on the Electricity stream, is in the deep-dive notebook
// `02b-data-and-breakout`, with the e-commerce review breakout (section 6).

// %% [markdown] id=fairness
// The random split mixes future months into training, so it measures how well the model
// interpolates inside a period it has seen, not how it will do next month. The data itself moves:
// the share of UP half-hours [drifts](../GLOSSARY.md) from month to month (the dotted baseline), and the Victorian
// columns are imputed constants until May 1997 (dataset notes), so a model trained on the first
// months never saw them vary: a shift in the features themselves. Adding `nswprice` raises the
// number, for the wrong reason: the label is computed from it. Module 03 measures this drift and what to do about it.
//
// ## 4 · Fairness: important in production
//
// A model that decides about people must be checked per group. We train the course's tabular
// logistic regression on **UCI Adult** (predict income > $50K; 32,561 training rows, 16,281 test
// rows) with its default columns, which include `sex` and `race`, and compute per-group rates at the
// usual threshold 0.5:
//
// * **selection rate** P(ŷ=1 | group): demographic parity asks it to be equal across groups;
// * **TPR** P(ŷ=1 | y=1, group): equal opportunity asks that;
// * **TPR and FPR**: equalized odds asks both (fairlearn's difference = the larger of the two gaps).

// %%
const adultTrain = await loadRows("adult", "train");
const adultTest = await loadRows("adult", "test");
const adult = TabularClassifier.fit(adultTrain, ADULT_INCOME_TASK);
const adultY = adult.labelsOf(adultTest);
const adultP = adult.predictProbaMany(adultTest);
const adultPred = adultP.map((p) => (p >= 0.5 ? 1 : 0));
const rateRows = (attr: string) => {
  const rep = fairnessByGroup(
    adultY,
    adultPred,
    adultTest.map((r) => String(r[attr])),
  );
  return {
    rep,
    rows: rep.groups.map((g) => ({
      attribute: attr,
      group: g.group,
      count: g.count,
      baseRate: g.baseRate,
      selectionRate: g.selectionRate,
      tpr: g.tpr,
      fpr: g.fpr,
      precision: g.precision,
      accuracy: g.accuracy,
    })),
  };
};
const bySex = rateRows("sex");
const byRace = rateRows("race");
showTable([...bySex.rows, ...byRace.rows], { caption: `Adult test set at threshold 0.5: overall accuracy ${bySex.rep.overall.accuracy.toFixed(4)}` });
showTable(
  [bySex, byRace].map(({ rep }, i) => ({
    attribute: i === 0 ? "sex" : "race",
    demographicParityDifference: rep.demographicParityDifference,
    demographicParityRatio: rep.demographicParityRatio,
    equalOpportunityDifference: rep.equalOpportunityDifference,
    equalizedOddsDifference: rep.equalizedOddsDifference,
  })),
  { caption: "Group gaps (max − min over groups; ratio = min / max)" },
);

// %% [markdown]
// The threshold is a production decision, not a research one, and it moves every metric. Sweeping
// it for `sex`:

// %%
const sexGroups = adultTest.map((r) => String(r.sex));
const thresholds = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
const fsweep = fairnessThresholdSweep(adultY, adultP, sexGroups, { thresholds });
plot(
  [
    { name: "accuracy", y: fsweep.map((p) => p.overall.accuracy) },
    { name: "demographic-parity difference", y: fsweep.map((p) => p.demographicParityDifference) },
    { name: "equal-opportunity difference (TPR gap)", y: fsweep.map((p) => p.equalOpportunityDifference) },
    { name: "equalized-odds difference", y: fsweep.map((p) => p.equalizedOddsDifference) },
  ].map((t) => ({ type: "scatter", mode: "lines+markers", x: thresholds, ...t })),
  {
    title: { text: "Adult, by sex: one threshold moves accuracy and every gap" },
    xaxis: { title: { text: "decision threshold on P(income > 50K)" } },
    yaxis: { title: { text: "value" } },
  },
);
const bestAcc = fsweep.reduce((a, b) => (b.overall.accuracy > a.overall.accuracy ? b : a));
const fairest = fsweep
  .filter((p) => p.overall.accuracy >= bestAcc.overall.accuracy - 0.02)
  .reduce((a, b) => (b.equalOpportunityDifference < a.equalOpportunityDifference ? b : a));
showMarkdown(
  `Most accurate threshold: **${bestAcc.threshold}** (accuracy ${bestAcc.overall.accuracy.toFixed(4)}, TPR gap ` +
    `${bestAcc.equalOpportunityDifference.toFixed(3)}, ` +
    `DP gap ${bestAcc.demographicParityDifference.toFixed(3)}). Within 2 points of that accuracy, the smallest TPR gap is ` +
    `at **${fairest.threshold}** (accuracy ${fairest.overall.accuracy.toFixed(4)}, TPR gap ${fairest.equalOpportunityDifference.toFixed(3)}, ` +
    `DP gap ${fairest.demographicParityDifference.toFixed(3)}). One shared threshold cannot close every gap at once; exercise ` +
    `02.4 searches for it.`,
);

// %% [markdown]
// **What cannot be satisfied at once.** When the groups' base rates differ, a classifier that is
// *calibrated* in every group (a score of 0.7 means 70% in every group) and not perfect cannot also
// have equal false-positive and false-negative rates across groups (Chouldechova 2017; Kleinberg,
// Mullainathan & Raghavan 2016). ProPublica's COMPAS analysis (Angwin et al., "Machine Bias", 2016)
// is the classic case; we reproduce it from their data: COMPAS's own risk score, "high risk" meaning
// decile ≥ 5, against re-arrest within two years, with ProPublica's filters (charge within 30 days of
// screening, no ordinary traffic offences, a known outcome).

// %%
const compasAll = await loadRows("compas", "all");
const compas = compasAll
  .filter(
    (r) =>
      r.days_b_screening_arrest !== null &&
      Math.abs(Number(r.days_b_screening_arrest)) <= 30 &&
      Number(r.is_recid) !== -1 &&
      r.c_charge_degree !== "O" &&
      r.score_text !== "N/A",
  )
  .filter((r) => r.race === "African-American" || r.race === "Caucasian");
const compasY = binaryLabels(compas, "two_year_recid", 1);
const compasScore = compas.map((r) => Number(r.decile_score) / 10);
const compasRace = compas.map((r) => String(r.race));
const compasRep = fairnessByGroup(
  compasY,
  compasScore.map((s) => (s >= 0.5 ? 1 : 0)),
  compasRace,
);
const compasCal = calibrationByGroup(compasY, compasScore, compasRace, { bins: 10 });
showTable(
  compasRep.groups.map((g) => ({
    race: g.group,
    defendants: g.count,
    baseRate: g.baseRate,
    labelledHighRisk: g.selectionRate,
    precision: g.precision,
    fpr: g.fpr,
    fnr: g.fnr,
    ece: compasCal.find((c) => c.group === g.group)!.ece,
  })),
  {
    caption: `COMPAS: ${compas.length.toLocaleString("en-US")} African-American and Caucasian defendants of ${compasAll.length.toLocaleString("en-US")} ` +
      `rows, after ProPublica's filters; decile ≥ 5 = "high risk"`,
  },
);
plot(
  compasCal.map((c) => ({
    type: "scatter",
    mode: "lines+markers",
    name: String(c.group),
    x: c.bins.filter((b) => b.count > 0).map((b) => b.meanPredicted),
    y: c.bins.filter((b) => b.count > 0).map((b) => b.fractionPositive),
  })),
  {
    title: { text: "COMPAS: re-arrest rate by decile score, per group" },
    xaxis: { title: { text: "decile score / 10" } },
    yaxis: { title: { text: "share re-arrested within two years" } },
  },
);
const [aa, ca] = [compasRep.groups.find((g) => g.group === "African-American")!, compasRep.groups.find((g) => g.group === "Caucasian")!];
showMarkdown(
  `Measured: base rates **${aa.baseRate.toFixed(2)}** (African-American) vs **${ca.baseRate.toFixed(2)}** (Caucasian); among ` +
    `those labelled high risk, **${(aa.precision * 100).toFixed(0)}%** vs **${(ca.precision * 100).toFixed(0)}%** were re-arrested ` +
    `(similar: the score means about the same thing in both groups), yet the false-positive rate is **${aa.fpr.toFixed(2)}** ` +
    `vs **${ca.fpr.toFixed(2)}** and the false-negative rate **${aa.fnr.toFixed(2)}** vs **${ca.fnr.toFixed(2)}**. ProPublica's ` +
    `article reported 44.9% vs 23.5% and 28.0% vs 47.7%: close to ours, not identical. With base rates this different, equal ` +
    `precision and equal error rates cannot all hold: which one to equalise is a decision about harm, made in production, ` +
    `not by the model.`,
);

// %% [markdown] id=interpretability
// ## 5 · Interpretability: global and local explanations
//
// Hinton's provocation in the lecture: would you choose an unexplainable AI surgeon with a 90% cure
// rate over a human with 80%? In production the question is usually humbler: *why did the model do
// that*, asked by a user, a regulator, or an engineer debugging it.
//
// **Global, from the weights.** For the LR-5k news classifier, the words with the largest weight
// towards each class (weights centred across classes, since softmax weights are defined only up to a
// per-feature constant):

// %%
const terms = topNgramsPerClass(lr5k, vec5k.vocabulary, { n: 8 });
showMarkdown(
  "TF-IDF 5k + LR, top words per class:\n\n" +
    terms
      .map((t) => `* **${t.label}**: towards ${t.top.map((x) => x.term).join(", ")}; away ${t.bottom.slice(0, 5).map((x) => x.term).join(", ")}`)
      .join("\n"),
);

// %% [markdown]
// **Global, for any model: permutation importance.** Shuffle one column, keeping the others, and
// see how much accuracy drops: the model relied on that column by that much. On 4,000 Adult test
// rows (stratified), three shuffles per column:

// %%
const adultSample = stratifiedSample(adultTest, 4000, { seed: 4, key: (r) => String(r.income) });
const pi = permutationImportance(adultSample, adult.labelsOf(adultSample), (rows) => adult.predictMany(rows), {
  features: [...ADULT_INCOME_TASK.numeric, ...ADULT_INCOME_TASK.categorical],
  repeats: 3,
  seed: 1,
});
plot(
  [
    {
      type: "bar",
      orientation: "h",
      x: pi.importances.map((f) => f.meanDrop).reverse(),
      y: pi.importances.map((f) => f.feature).reverse(),
      error_x: { type: "data", array: pi.importances.map((f) => f.stdDrop).reverse() },
    },
  ],
  {
    title: { text: `Adult: accuracy drop when a column is shuffled (baseline ${pi.baseline.toFixed(4)})` },
    xaxis: { title: { text: "mean drop in accuracy (± std over 3 shuffles)" } },
    margin: { l: 130 },
  },
);

// %% [markdown]
// Note where `sex` and `race` land: a model can lean on a sensitive attribute or, after it is
// removed, on its proxies (`relationship` carries "Husband" and "Wife"). Importance is about the
// model, not about the world: a correlated column shares credit with its twin.
//
// **Local: occlusion.** Why *this* prediction? Delete one word at a time and see how the predicted
// class's probability changes; green words support the prediction, red ones argue against it.

// %%
const example = agTest.find((r, i) => lr5k.predict(Xt5k[i]!) === yTest[i] && r.text.split(" ").length > 25 && r.label === "Business")!;
const occ = occlusionAttributions(example.text, (t) => lr5k.predictProba(vec5k.transform(t)), { labels: classes });
showAttributions(occ);
const strongest = occ.tokens
  .slice()
  .sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution))
  .slice(0, 6);
showMarkdown(
  `Largest effects on P(${occ.label}) = ${occ.probability.toFixed(3)} (${occ.calls} model calls): ` +
    strongest.map((t) => `"${t.token}" ${t.attribution >= 0 ? "+" : ""}${t.attribution.toFixed(3)} (${t.probabilityWithout.toFixed(3)} without ` +
      `it)`).join(", ") +
    ".",
);

// %% [markdown]
// ## 6 · The breakout: an e-commerce review model (deep dive 02b)
// Research metric against production's costs, on Amazon Fine Food reviews: the breakout runs in
// `02b-data-and-breakout` on its own (its answers are measured there). Run it in the session's
// breakout slot, or afterwards.

// %% [markdown]
// ## 7 · When to use ML at all
//
// DMLS chapter 1 defines ML as an approach to (1) **learn** (2) **complex patterns** from (3)
// **existing data** and use them to make (4) **predictions** on (5) **unseen data**; it pays off more
// when the problem is (6) **repetitive**, (7) **wrong predictions are cheap**, (8) it runs **at
// scale**, and (9) **patterns keep changing**. The book club's slides add the reminder that ML is not
// cheap (their example: Stability AI's ~$99M AWS bill in 2023). `shouldUseML` turns the checklist into
// a verdict with reasons:

// %%
const scenarios = {
  "flag unhappy reviews (section 6)": {
    learnable: true,
    complexPatterns: true,
    existingData: true,
    predictive: true,
    unseenDataSimilar: true,
    repetitive: true,
    cheapWrongPredictions: true,
    atScale: true,
    changingPatterns: true,
  },
  "compute VAT on an invoice": {
    learnable: true,
    complexPatterns: false,
    existingData: true,
    predictive: false,
    unseenDataSimilar: true,
    repetitive: true,
    cheapWrongPredictions: false,
    atScale: true,
    changingPatterns: false,
  },
  "pick the venue of a one-off company party": {
    learnable: false,
    complexPatterns: true,
    existingData: false,
    predictive: true,
    unseenDataSimilar: false,
    repetitive: false,
    cheapWrongPredictions: true,
    atScale: false,
  },
  "price mortgages for a small local bank": {
    learnable: true,
    complexPatterns: true,
    existingData: true,
    predictive: true,
    unseenDataSimilar: true,
    repetitive: true,
    cheapWrongPredictions: false,
    atScale: false,
    changingPatterns: true,
  },
};
showMarkdown(
  "The checklist on four scenarios:\n\n" +
    Object.entries(scenarios)
      .map(([scenario, a]) => {
        const v = shouldUseML(a);
        return `* **${scenario}**: ${v.verdict}. ${v.summary}${v.reasons[0] ? ` First reason: ${v.reasons[0]}` : ""}`;
      })
      .join("\n"),
);

// %% [markdown]
// ## Summary
// * **Objectives.** The AG News models' accuracies are close (section 1 computes the spread in this run),
//   their latency, cost and size far apart (the sixth, gzip kNN, is both the least accurate and the
//   costliest to serve); the Pareto front removes the dominated ones, and the choice
//   among the rest depends on who is asking (and on the budget they set).
// * **Computational priority.** Batching raises throughput and every request's latency; real-time
//   serving picks small batches, offline scoring large ones.
// * **Data** (deep dive 02b). A random split over-promises on a stream: train on the past, test on the future.
// * **Fairness.** Per-group rates differ; the threshold moves every gap; with different base rates,
//   calibration and equal error rates cannot all hold, so choosing which to equalise is a decision.
// * **Interpretability.** Weights and permutation importance explain the model; occlusion explains one
//   prediction.
// * **Evaluation** (the breakout, deep dive 02b). The research metric (accuracy on a clean split) is not what the business pays
//   for: measure the cost at the operating threshold, precision where people act, and slices that
//   look like production.

// %%
showMarkdown(`This notebook ran in **${((performance.now() - t0Notebook) / 1000).toFixed(0)} s** on ${describeMachine().cores} cores (FULL = ${FULL}).`);

// %% [markdown]
// ## Exercises
// Open `exercises/02.ts`, replace each `throw new NotImplementedYet(…)` with your code, and run the
// cell below (or `npm run check -- 02` in a terminal). Reference solutions are in `solutions/02.ts`.
// 1. **02.1** `costPerMillion(cpuMsPerPrediction, usdPerVcpuHour, utilization)`: dollars per million
//    predictions from a measured CPU time (check it against the table in section 1).
// 2. **02.2** `spamFilterChecklist()`: answer DMLS's checklist for the scenario in the doc comment, so
//    that `shouldUseML` gives the right verdict.
// 3. **02.3** `paretoFrontNames(candidates)`: the Pareto front on accuracy, p99 latency, cost and
//    size, written yourself (checked against the library on many random candidate sets).
// 4. **02.4** `thresholdForEqualOpportunity(yTrue, scores, groups, maxGap)`: the most accurate
//    threshold whose equal-opportunity difference is at most `maxGap` (checked on Adult, by sex).
// 5. **02.5** `chooseHeadlineModel()` (a judgement): which AG News baseline ships in a 4 MB, 1 ms
//    app? The check reads the numbers your choice implies. Hints: `npm run check -- 02 --hint 5`.

// %%
import * as mine from "./exercises/02";
import { checks as checks02 } from "./exercises/checks/02";
import { runChecks, showCheckReport } from "./lib/nb/index";
showCheckReport(await runChecks(checks02, mine));

// %% [markdown]
// ## Further reading
// * Chip Huyen, *Designing Machine Learning Systems* (O'Reilly, 2022), chapter 1 "Overview of Machine
//   Learning Systems"; the MLOps Learners book-club slides on it (group "Chad SHAPLV": Shivam Rana,
//   Harpreet Sahota, Andrei Fajardo, Prakul Agarwal, Vern Liang; April 2024), with the breakout scenario used in section 6.
// * Pooyan Jamshidi, CSCE 585 *Machine Learning Systems*, lecture 5 "Machine Learning Systems in
//   Production" (adapted from Stanford CS 329S, Chip Huyen): the research-vs-production table.
// * Chip Huyen's thread on misperceptions about ML in production ("train on data from six months ago
//   and test on current data").
// * Ethayarajh & Jurafsky, "Utility is in the Eye of the User: A Critique of NLP Leaderboards", EMNLP
//   2020 (aclanthology.org/2020.emnlp-main.393).
// * Angwin, Larson, Mattu & Kirchner, "Machine Bias", ProPublica 2016, and its data
//   (github.com/propublica/compas-analysis); Chouldechova, "Fair prediction with disparate impact",
//   Big Data 2017; Kleinberg, Mullainathan & Raghavan, "Inherent Trade-Offs in the Fair Determination
//   of Risk Scores", ITCS 2017; fairlearn's metric definitions (fairlearn.org).
// * Gama, Medas, Castillo & Rodrigues, "Learning with drift detection", SBIA 2004 (the Electricity data).
// * Eugene Yan, "System design for discovery" (eugeneyan.com/writing/system-design-for-discovery), the
//   book club's recsys case study.
