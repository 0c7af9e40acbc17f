// %% [markdown]
// # 03b · Deep dive: many models and scale
//
// Notebook 03 ended four deployment myths with measurements. This deep dive holds the parts its core
// path leaves out: many models in one process within a memory budget (an LRU pool with cold starts),
// per-slice models and an ensemble on the electricity stream, and myth 5, "most ML engineers don't
// need to worry about scale": throughput against server processes, memory per model, cold starts,
// and the arithmetic of a fleet of thousands of models.
//
// **Prerequisites.** Notebook 03 (the course server, the registry, the Elec2 task). **Time.** About
// 25 minutes to read and run; the cells run in about a minute on a 2-core laptop.

// %%
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { loadTextSplit } from "./lib/data/index";
import { loadTextClassifier, createTempRegistry, spawnServerProcess, runLoadTest, type LoadTestResult, type ProcessServerOptions } from "./lib/serving/index";
import { summaryStats } from "./lib/metrics/index";
import { readResult } from "./lib/results/index";
import { loadElectricityRows, electricityModelSpec, temporalSplit } from "./lib/drift/index";
import * as os from "node:os";
/** `true`: longer load levels and 3 rounds, as notebook 03's FULL. */
const FULL = false;
const LEVEL_SECONDS = FULL ? 3 : 1;
const ROUNDS = FULL ? 3 : 2;
const agnews = await loadTextClassifier("models/agnews-logreg", { name: "agnews", version: "1" });
const newsTexts = (await loadTextSplit("ag_news", "test")).slice(0, 256).map((r) => r.text);
const elec = await loadElectricityRows();
const spec = electricityModelSpec();
const monthRows = (from: string, to: string) => temporalSplit(elec, "date_seq", { trainStart: from, trainEnd: to }).train;
const servingRegistry = await createTempRegistry({ artifact: "models/agnews-logreg", prefix: "nb03b-serving-" });
const base: ProcessServerOptions = { registry: servingRegistry.dir, defaultModel: "agnews", providers: { providers: ["cpu"] }, maxQueueSize: 4096,
  processMetrics: false };
showMarkdown(`Loaded: AG News model (${(agnews.sizeBytes / 1e6).toFixed(1)} MB), ${newsTexts.length} test texts, ` +
  `${elec.length.toLocaleString("en-US")} Elec2 rows.`);

// %% [markdown]
// ## Many models in one process, within a memory budget
// One process can hold more models than it has memory for, if it loads them on demand and unloads
// the least recently used. Here 6 "customer" copies of the AG News model (about 5.7 MB each)
// share a budget of 3 models, then of 6, with skewed traffic (customer 1 gets most requests, as real
// traffic does). Each miss is a **cold start** (read, parse, create the [ONNX](../GLOSSARY.md)
// session).

// %%
import { createRng } from "./lib/data/index";
import { ModelPool } from "./lib/serving/index";
const runPool = async (budgetModels: number) => {
  const pool = new ModelPool((key) => loadTextClassifier("models/agnews-logreg", { name: key, providers: ["cpu"] }),
    { memoryBudgetBytes: budgetModels * agnews.sizeBytes + 1 });
  const rng = createRng(7);
  const weights = [1, 2, 3, 4, 5, 6].map((k) => 1 / k); // Zipf-like: customer k gets ∝ 1/k of the traffic
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < 80; i++) {
    let u = rng.next() * total, k = 0;
    while (u > weights[k]) u -= weights[k++];
    await pool.use(`customer-${k + 1}`, (m) => m.predictBatch([newsTexts[i]]));
  }
  const s = pool.stats;
  await pool.clear();
  return { "budget (models)": budgetModels, requests: 80, hits: s.hits, "cold starts": s.loads, evictions: s.evictions,
    "cold start p50 ms": summaryStats(s.coldStartMs).p50, "cold start max ms": Math.max(...s.coldStartMs), "resident at end (MB)": s.residentBytes / 1e6 };
};
const poolRows = [await runPool(3), await runPool(6)];
showTable(poolRows, { caption: "6 models, 80 requests with Zipf-like traffic, LRU within a memory budget" });

// %% [markdown]
// ## Per-slice models and an ensemble, measured
// Slices need data where the relation between features and label plausibly differs by slice. AG
// News' classes are the *label*, so "a model per class" is meaningless there; electricity prices
// behave differently by **day of week** (weekends have low demand) and by **time of day**, so we
// slice by those. We train on May–Oct 1997 and test on Nov 1997–Nov 1998 (both after the Victoria
// data became real; see the dataset notes): one global model, one model per slice, and an ensemble
// that averages the slice model's and the global model's probabilities.

// %%
import { compareSliceModels } from "./lib/drift/index";
const sliceTrain = monthRows("1997-05", "1997-11");
const sliceTest = monthRows("1997-11", "1998-12");
const slicings = { "day of week (7)": (r) => `day ${r.day}`,
  "time of day (4 × 6 h)": (r) => `${String(Math.floor(Number(r.period_index) / 12) * 6).padStart(2, "0")}:00–` } as Record<string,
  (r: (typeof elec)[number]) => string>;
const sliceResults = Object.entries(slicings).map(([name, sliceOf]) => ({ name, ...compareSliceModels(sliceTrain, sliceTest, { sliceOf,
  fit: spec.fit, predictProba: (m, rows) => m.predictProbaMany(rows), label: (r) => (r.class === "UP" ? 1 : 0) }) }));
showTable(sliceResults.map((s) => ({ slicing: s.name, models: s.models, "global model": s.globalAccuracy, "per-slice models": s.sliceAccuracy,
  "ensemble (mean)": s.ensembleAccuracy })), { caption: `Accuracy on ${sliceTest.length.toLocaleString("en-US")} later rows` });
plot(sliceResults.flatMap((s) => (["globalAccuracy", "sliceAccuracy", "ensembleAccuracy"] as const).map((k) => ({ type: "bar", name: `${s.name}: ` +
  `${k.replace("Accuracy", "")}`, x: s.slices.map((x) => x.slice), y: s.slices.map((x) => x[k]) }))), { title: { text: "Accuracy per slice: global vs " +
  "per-slice vs ensemble" }, barmode: "group", yaxis: { title: { text: "accuracy" }, range: [0.5, 0.9] } });

// %% [markdown]
// Per-slice models are **not** automatically better: each sees a seventh (or a quarter) of the data,
// and the global model already has day and time-of-day features. The ensemble is the safer bet. The
// point of the myth stands either way: even this one prediction task, done carefully, gives a dozen
// models to version, test and serve.
//

// %% [markdown]
// ## Myth 5 · "Most ML engineers don't need to worry about scale"
// The lecture slides answer with company sizes from a developer survey (71,791 responses): most
// engineers work at companies large enough for scale to matter. Throughput against server processes on this machine: the recorded benchmark (`npm run bench:serving`,
// `results/serving/bench.json`) and a short live run. On a 2-core box the load generator needs a
// core too, so two server processes fight it and each other.

// %%
import { SERVING_BENCH } from "./lib/results/index";
const bench = readResult(SERVING_BENCH, "serving/bench.json");
const recorded = ["one", "two"].map((k) => ({ source: `recorded (${bench.machine.cores} cores, ${bench.machine.at.slice(0, 10)})`,
  processes: k === "one" ? 1 : 2, "req/s per round": bench.processes[k].map((r) => r.throughput).join(", "),
  "p99 ms per round": bench.processes[k].map((r) => r.p99Ms).join(", ") }));
const live: Record<number, LoadTestResult[]> = { 1: [], 2: [] };
const byWorkers = { 1: await spawnServerProcess({ ...base, maxBatchSize: 32, maxWaitMs: 0, workers: 1 }), 2: await spawnServerProcess({ ...base,
  maxBatchSize: 32, maxWaitMs: 0, workers: 2 }) };
for (let r = 0; r < ROUNDS; r++) for (const workers of [1, 2]) live[workers].push(await runLoadTest({ url: byWorkers[workers].url, connections: 32,
  durationSeconds: LEVEL_SECONDS * 1.5, texts: newsTexts }));
await Promise.all([byWorkers[1].close(), byWorkers[2].close()]);
const liveRows = [1, 2].map((w) => ({ source: "live, this run", processes: w, "req/s per round": live[w].map((x) => x.throughput.toFixed(0)).join(", " +
  ""), "p99 ms per round": live[w].map((x) => x.p99Ms.toFixed(1)).join(", ") }));
showTable([...recorded, ...liveRows], { caption: `Throughput against server processes at 32 connections (this machine: ${os.cpus().length} cores)` });
plot([1, 2].map((w) => ({ type: "box", name: `${w} process${w > 1 ? "es" : ""}`, y: [...live[w].map((x) => x.throughput),
  ...bench.processes[w === 1 ? "one" : "two"].map((x) => x.throughput)], boxpoints: "all" })), { title: { text: "Throughput by server processes (live " +
  "+ recorded rounds)" }, yaxis: { title: { text: "requests/s" } } });

// %% [markdown]
// More processes only help when there are idle cores for them: on a laptop with 2 cores, one
// process plus the load generator already fills the machine. On a server with 16 cores the same
// code scales until the cores (or memory) run out. Which brings the arithmetic of thousands of
// models: memory per model and cold starts, measured here, then multiplied.

// %%
import { measureModelFootprint, fleetArithmetic } from "./lib/serving/index";
const footprint = await measureModelFootprint(() => loadTextClassifier("models/agnews-logreg", { providers: ["cpu"] }), { copies: 3 });
const perModel = Math.max(footprint.rssPerModelBytes, footprint.declaredBytes);
const perProcess = Math.max(...live[1].map((x) => x.throughput));
showTable([{ "declared size (MB)": footprint.declaredBytes / 1e6, "RSS growth per model (MB)": footprint.rssPerModelBytes / 1e6,
  "cold start p50 ms": footprint.coldStart.p50, "cold start max ms": footprint.coldStart.max,
  "recorded RSS/model (MB)": bench.footprint.rssPerModelBytes / 1e6, "recorded cold starts ms": bench.footprint.coldStartMs.join(", ") }],
  { caption: "One more model in this process (3 copies loaded)" });
const fleet = [100, 1_000, 10_000, 100_000].flatMap((models) => [1, 0.1].map((resident) => {
  const p = fleetArithmetic({ models, memoryPerModelBytes: perModel, coldStartMs: footprint.coldStart.p50, requestsPerSecond: 5000,
    throughputPerProcess: perProcess, residentFraction: resident });
  return { models, resident: `${resident * 100}%`, "resident GB": p.residentModelBytes / 1e9, "models/process": p.modelsPerProcess,
    processes: p.processes, "machines (16 GB, 2 proc)": p.machines, "bound by": p.boundBy, "cold restart, all in parallel (s)": p.coldFleetSeconds,
    "cold restart, one process (min)": p.coldSerialSeconds / 60 };
}));
showTable(fleet, { caption: `Fleet arithmetic at 5,000 req/s total, ${perProcess.toFixed(0)} req/s per process (measured), ` +
  `${(perModel / 1e6).toFixed(1)} MB and ${footprint.coldStart.p50.toFixed(0)} ms per model (measured)` });

// %%
await agnews.release();
servingRegistry.remove();
showMarkdown("Model released and the temporary registry removed.");
