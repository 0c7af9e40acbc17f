// %% [markdown]
// # 03 · Deployment myths, measured
//
// Chip Huyen listed the misperceptions she keeps hearing from people who have not deployed ML
// models yet (Twitter thread, 2020): deploying is hard, you only have a few models, performance
// stays the same if nothing happens, you won't need to update models much. The course's lecture
// slides ("ML production myths", CSCCE 585 *Machine Learning Systems*) add a fifth: most ML
// engineers don't need to worry about scale. This notebook takes each myth and ends it with a
// measurement on this machine and real data.
//
// **Goals.** (1) Serve a model over HTTP in a few lines, then see what *reliable* serving needs:
// load at rising concurrency, [micro-batching](../GLOSSARY.md), validation, [back-pressure](../GLOSSARY.md), metrics, graceful shutdown.
// (2) Manage many models: a registry with hashes, promote and rollback. (3) Watch a model decay month by month
// and compare [drift](../GLOSSARY.md) scores with the accuracy drop. (4) Price retraining cadences. Deep dive 03b adds
// many models in one process, per-slice models and an ensemble, and the arithmetic of scale (myth 5).
//
// **Prerequisites.** Notebook 00; module 01 built `models/agnews-logreg` ([TF-IDF](../GLOSSARY.md) + logistic
// regression exported to [ONNX](../GLOSSARY.md)). **Time.** About 50 minutes to read and run; the defaults run in about
// 2–3 minutes on a 2-core laptop (load levels last 1 s each). Set `FULL = true` for longer load
// levels, more rounds and daily retraining (about 3× longer).

// %%
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { describeMachine } from "./lib/compute/index";
/** `true`: 3 s load levels, 3 rounds, daily retraining too. */
const FULL = false;
const LEVEL_SECONDS = FULL ? 3 : 1;
const ROUNDS = FULL ? 3 : 2;
const machine = describeMachine();
showMarkdown(`This machine: ${Object.entries(machine).map(([k, v]) => `${k} ${v}`).join(", ")} (FULL = ${FULL}).`);

// %% [markdown]
// ## Myth 1 · "Deploying ML models is hard"
// *"Deploying a model for friends to play with is easy. Export trained model, create an endpoint,
// build a simple app. 30 mins. Deploying it reliably is hard."* Here is the easy part: the AG News
// classifier from module 01, behind HTTP on 127.0.0.1, in three lines.

// %%
import { loadTextClassifier, startServer } from "./lib/serving/index";
const agnews = await loadTextClassifier("models/agnews-logreg", { name: "agnews", version: "1" });
const server: { url: string; close(): Promise<void>; isReady(): boolean } = await startServer({ classifiers: [agnews] });
showMarkdown(`Serving **${agnews.name}@${agnews.version}** (${agnews.labels.join(", ")}) at ${server.url}, ready: ${server.isReady()}`);

// %%
/** The parts of a fetch Response we use (naming the type keeps the notebook kernel's declarations simple). */
type HttpReply = { status: number; headers: { get(name: string): string | null }; json(): Promise<any> };
const post = (url: string, body: unknown): Promise<HttpReply> => fetch(`${url}/v1/predict`, { method: "POST",
  headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
showMarkdown("Our helper `post(url, body)` sends a JSON body to `/v1/predict`.");

// %%
const firstReply = await post(server.url, { inputs: ["Stocks fall as oil prices climb to a record", "Red Sox beat the Yankees in extra innings"] });
const answer = await firstReply.json();
showMarkdown(`**POST ${server.url}/v1/predict** (model on ${agnews.provider}) →\n\n\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\``);

// %% [markdown]
// ### Reliably is hard: what a bad request gets
// A server that trusts its input crashes or, worse, answers nonsense. Every body is validated
// (zod) and a bad one gets a 4xx that names the field and says what to send instead.

// %%
const badBodies: [string, unknown][] = [
  ["not JSON", "{inputs: [oops"],
  ["missing field", {}],
  ["wrong type", { inputs: "one text, not a list" }],
  ["a number in the list", { inputs: ["fine", 42] }],
  ["unknown field", { inputs: ["fine"], temperature: 0.2 }],
  ["unknown model", { inputs: ["fine"], model: "sentiment@3" }],
];
const badRows = [];
for (const [what, body] of badBodies) {
  const res = await post(server.url, body);
  const j = await res.json();
  badRows.push({ request: what, status: res.status, code: j.error?.code, message: j.error?.message });
}
showTable(badRows, { caption: "Malformed requests get clear 4xx answers" });

// %% [markdown] id=under-load
// ### Under load: throughput and tail latency at rising concurrency
// Now a load generator ([autocannon](https://github.com/mcollina/autocannon), closed loop: each
// connection sends its next request when the previous is answered) at 1, 8 and 64 concurrent
// connections. The servers run in child processes so they do not share this notebook's event loop
// (they do share the machine's cores with the load generator). Three configurations of the same
// model: one text per model call, **micro-batching** (a batch waits up to 2 ms to fill), and
// **greedy** batching (take whatever queued while the model was busy, never wait). Levels alternate
// between configurations, `ROUNDS` times; we show the median and the range.

// %%
import { loadTextSplit } from "./lib/data/index";
import { spawnServerProcess, runLoadTest, ModelRegistry, createTempRegistry, spawnServers, runServingSweep, type LoadTestResult,
  type ProcessServerOptions } from "./lib/serving/index";
import { summaryStats } from "./lib/metrics/index";
import { createProgress } from "./lib/viz/index";
const newsTest = await loadTextSplit("ag_news", "test");
const newsTexts = newsTest.slice(0, 256).map((r) => r.text);
import * as os from "node:os";
import * as fs from "node:fs";
import * as path from "node:path";
const servingRegistry = await createTempRegistry({ artifact: "models/agnews-logreg",
  prefix: "nb03-serving-" }); // agnews@1 in production, as a deployment would
const base: ProcessServerOptions = { registry: servingRegistry.dir, defaultModel: "agnews", providers: { providers: ["cpu"] }, maxQueueSize: 4096,
  processMetrics: false };
const configs: Record<string, ProcessServerOptions> = { "one text per call": { ...base, batching: false }, "micro-batching (≤ 2 ms wait)": { ...base,
  maxBatchSize: 32, maxWaitMs: 2 }, "greedy batching (no wait)": { ...base, maxBatchSize: 32, maxWaitMs: 0 } };
const children = await spawnServers(configs);
const LEVELS = [1, 8, 64];
const bar = createProgress({ total: LEVELS.length * ROUNDS * 3, label: "load test", unit: "levels" });
const sweep = await runServingSweep({ targets: children.urls, levels: LEVELS, rounds: ROUNDS, secondsPerLevel: LEVEL_SECONDS, texts: newsTexts,
  onLevel: () => bar.tick() });
bar.finish();
await children.closeAll();
const sweepRows = sweep.map((r) => ({ config: r.target, connections: r.connections, "req/s (median)": r.throughput,
  "req/s range": `${r.throughputRange[0].toFixed(0)}–${r.throughputRange[1].toFixed(0)}`, "p50 ms": r.p50Ms, "p99 ms": r.p99Ms, "non-2xx": r.non2xx,
  errors: r.errors }));
showTable(sweepRows, { caption: `Load test: ${LEVEL_SECONDS} s per level, ${ROUNDS} rounds, median and range` });

// %%
const line = (y: (r: (typeof sweepRows)[number]) => number) => Object.keys(configs).map((k) => ({ type: "scatter", mode: "lines+markers", name: k,
  x: LEVELS, y: sweepRows.filter((r) => r.config === k).map(y) }));
plot([...line((r) => r["req/s (median)"]), ...line((r) => r["p99 ms"]).map((t) => ({ ...t, xaxis: "x2", yaxis: "y2", showlegend: false }))], {
  title: { text: "Throughput (left) and p99 latency (right) against concurrency" }, grid: { rows: 1, columns: 2, pattern: "independent" },
  xaxis: { title: { text: "concurrent connections" }, type: "log" }, yaxis: { title: { text: "requests/s (median)" } },
  xaxis2: { title: { text: "concurrent connections" }, type: "log" }, yaxis2: { title: { text: "p99 ms (median of rounds)" }, type: "log" },
});
const at64 = (k: string) => sweepRows.find((r) => r.config === k && r.connections === 64)!;
const ratio = at64("greedy batching (no wait)")["req/s (median)"] / at64("one text per call")["req/s (median)"];
const load = os.loadavg().map((x) => x.toFixed(1)).join(", ");
showMarkdown(`At 64 connections greedy batching served **${ratio.toFixed(2)}×** the requests of one-text-per-call in this run (load average now: ` +
  `${load} on ${os.cpus().length} cores). ` +
  `The recorded bench (\`results/serving/bench.json\`, quiet machine, 3 s levels) measured **2.56×** for 2 ms batching at 32 connections, and greedy ` +
    `batching best at every level (2,324 vs 281 req/s at 1 connection: a batch that waits 2 ms for company that never comes is slower). ` +
  (ratio > 1.2 ? "This run agrees: batching pays under load." : "This run does not show it clearly: short levels on a busy machine are noisy (look at " +
    "the ranges); rerun with FULL = true on a quiet machine.") +
  " Note also the p99 column: tail latency grows much faster than the median as connections pile up.");

// %% [markdown]
// ### Overload: back-pressure instead of a melt-down
// A server with an unbounded queue accepts work it can never finish: latency grows without limit and
// every client times out. Ours bounds the queue per model and answers **429 Too Many Requests** with
// `Retry-After` when it is full. To make overload easy to reach we serve a stand-in model that takes
// 20 ms per batch (a timer, no CPU), with a queue of 8, and send 60 requests at once.

// %%
const slowServer: { url: string; close(): Promise<void> } = await startServer({ noopModel: { delayMs: 20 }, maxQueueSize: 8, maxBatchSize: 4,
  processMetrics: false });
const burst = await Promise.all(Array.from({ length: 60 }, () => post(slowServer.url, { inputs: ["burst"] })));
const statusCounts: Record<string, number> = {};
for (const r of burst) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
const rejected = burst.find((r) => r.status === 429);
const rejectedBody = rejected ? await rejected.json() : null;
showMarkdown(`60 simultaneous requests, queue of 8: ${Object.entries(statusCounts).map(([status, n]) => `**${n}** answered ${status}`).join(", ")}. ` +
  (rejected ? `A rejected request gets \`Retry-After: ${rejected.headers.get("retry-after")}\` and: *${rejectedBody.error.message}*` : "No request " +
    "was rejected (the machine kept up)."));

// %% [markdown]
// ### Shedding must be cheap
// A 429 only protects the server if saying no costs much less than serving. A server that reads,
// parses and validates a request before it notices that the queue is full spends most of its CPU on
// refusals once the offered load is a few times its capacity, and the texts it serves per second
// collapse. Ours decides before the body is read: admission control on the raw request (requests in
// progress, texts queued) answers a precomputed 429, and the body is discarded unread. The serving
// bench measures both variants with the real model: the unshed capacity (a closed loop within the
// limits), then 1×, 6× and 10× that load offered open-loop (Poisson arrivals that do not slow down
// when the server does), with server and load generator each pinned to one core.

// %%
import { overloadRows } from "./lib/serving/index";
import { readResult, listResults, SERVING_OVERLOAD, OVERLOAD_COMMAND } from "./lib/results/index";
if (listResults(SERVING_OVERLOAD).length > 0) {
  const overload = readResult(SERVING_OVERLOAD, "serving/overload.json");
  const rows = overloadRows(overload);
  showTable(rows.map((r) => ({ server: r.server, offered: r.offered, "offered texts/s": Math.round(r.offeredTextsPerSecond),
    "served texts/s": Math.round(r.servedTextsPerSecond), "served / capacity": r.servedOverCapacity.toFixed(2),
    "429 share": `${(100 * r.share429).toFixed(0)}%`, "accepted p99 ms": r.acceptedP99Ms === null ? "–" : r.acceptedP99Ms.toFixed(1) })),
    { caption: `Overload (results/serving/overload.json: ${overload.settings.textsPerRequest} texts per request, ${overload.settings.seconds} s per ` +
      `step, ${overload.settings.pinned ? "pinned" : "not pinned"}, load average ${overload.loadAverage.start.join(", ")} at the start)` });
  plot(["admission control", "refuse after parsing"].map((server) => ({ type: "bar", name: server,
    x: rows.filter((r) => r.server === server).map((r) => r.offered), y: rows.filter((r) => r.server === server).map((r) => r.servedOverCapacity) })),
    { title: { text: "Texts served per second, as a share of the unshed capacity" }, xaxis: { title: { text: "offered load" } },
      yaxis: { title: { text: "served / capacity" } } });
  const at6 = (server: string) => rows.find((r) => r.server === server && r.offered === "6×");
  const early = at6("admission control");
  const late = at6("refuse after parsing");
  if (early && late) showMarkdown(`At 6× the capacity, refusing before the body is read kept **${(100 * early.servedOverCapacity).toFixed(0)}%** of ` +
    `the capacity served (${(100 * early.share429).toFixed(0)}% of answers were 429); refusing after parsing kept ` +
    `**${(100 * late.servedOverCapacity).toFixed(0)}%**. Look at the "served / capacity" bars as the offered load grows: cheap refusal keeps them flat.`);
} else {
  showMarkdown(`No overload results are committed yet. Produce them on a quiet machine (two free cores) with \`${OVERLOAD_COMMAND}\`; a run on a busy ` +
    `machine measures the neighbours, not the server.`);
}

// %% [markdown]
// ### Observability and a graceful stop
// `/metrics` speaks Prometheus: requests by route and status, latency histograms, batch sizes,
// queue depth, model loads. An excerpt from the server we have been calling:

// %%
const metricsReply = await fetch(`${server.url}/metrics`);
const metricsText = await metricsReply.text();
const excerpt = /^serving_(requests_total|batch_size_(sum|count)|models_loaded|model_loads_total)/;
showMarkdown("```\n" + metricsText.split("\n").filter((l) => excerpt.test(l)).join("\n") + "\n```");

// %% [markdown]
// Graceful shutdown: `close()` flips `/readyz` to 503 (a load balancer stops sending traffic),
// stops accepting connections, lets in-flight requests finish, then unloads the models. We start a
// request on a server whose stand-in model takes 500 ms, close the server while the request waits,
// and try another request afterwards.

// %%
await slowServer.close();
const stopping: { url: string; close(): Promise<void>; isReady(): boolean } = await startServer({ noopModel: { delayMs: 500 }, processMetrics: false });
const inFlight = post(stopping.url, { inputs: ["started before the shutdown"] });
await new Promise((r) => setTimeout(r, 150)); // the request is now inside the server, waiting for its 500 ms model
const closing = stopping.close();
const readyDuringClose = stopping.isReady();
const finished = await inFlight;
await closing;
let after = "";
try {
  await post(stopping.url, { inputs: ["after"] });
  after = "answered (unexpected)";
} catch (e) {
  after = `refused: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`;
}
const finishedBody = await finished.json();
showMarkdown(`**Graceful stop.** The request in flight during close(): ${finished.status} ${finishedBody.predictions ? "with predictions" : ""}; ` +
  `a request after close(): ${after}; readiness during close(): ${readyDuringClose ? "ready" : "not ready (/readyz answers 503)"}.`);

// %% [markdown] id=registry
// ## Myth 2 · "You only have a few ML models in production"
// *"Booking, eBay have 100s models in prod. Google has 10000s. An app has multiple features, each
// might have one or multiple models for different data slices."* (the lecture slides: Booking.com
// 150+ models, Uber thousands). Many models need three things:
// a **registry** (which artifact is in production, with what hash, and how to go back), a way to
// keep **many models in one process**, and a reason to have them: **per-slice models** and ensembles.
// The registry is here; the other two are in deep dive 03b.
//
// ### A registry: versions, hashes, promote and rollback
// We train two versions of a model on the electricity data (used in myths 3 and 4; see below): v1 on
// May–Oct 1997, v2 on May–Oct 1998. Each version is an immutable folder with its files' SHA-256 and
// one artifact hash; stages move by promote and rollback, every change logged.

// %%
import { loadElectricityRows, electricityModelSpec, temporalSplit, accuracyOfModel, ELECTRICITY_UPDOWN_TASK } from "./lib/drift/index";
const elec = await loadElectricityRows();
const spec = electricityModelSpec();
const monthRows = (from: string, to: string) => temporalSplit(elec, "date_seq", { trainStart: from, trainEnd: to }).train;
const nov98 = monthRows("1998-11", "1998-12");
const registry = new ModelRegistry(fs.mkdtempSync(path.join(os.tmpdir(), "nb03-registry-")));
for (const [from, to] of [["1997-05", "1997-11"], ["1998-05", "1998-11"]]) {
  const model = spec.fit(monthRows(from, to));
  await registry.register("elec-updown", { files: { "model.json": JSON.stringify(model.toJSON()) }, metrics: { accuracyNov1998: accuracyOfModel(spec,
    model, nov98) }, metadata: { trainedOn: `${from} … ${to} (exclusive)` } });
}
await registry.promote("elec-updown", "1", "production");
await registry.promote("elec-updown", "2", "production");
const rolledBack = await registry.rollback("elec-updown");
const versions = await registry.listVersions("elec-updown");
showTable(versions.map((v) => ({ version: v.version, trainedOn: v.metadata?.trainedOn, "accuracy Nov 1998": v.metrics?.accuracyNov1998,
  artifactSha256: v.artifactSha256.slice(0, 16) + "…", files: v.files.map((f) => `${f.name} ${f.sha256.slice(0, 8)}…`).join(", ") })),
  { caption: "Registered versions" });
for (const v of versions) {
  const check = await registry.verify("elec-updown", v.version);
  if (!check.ok) throw new Error(`version ${v.version} failed verification: ${check.problems.join("; ")}`);
}
const stages = await registry.stages("elec-updown");
showTable(stages.events.map((e) => ({ at: e.at.slice(11, 23), action: e.action, stage: e.stage, version: e.version, from: e.from })),
  { caption: `Stage log (rollback ${rolledBack.from} → ${rolledBack.to}; production is now v${stages.production})` });

// %% [markdown]
// The rollback here is not a drill: v1 (trained a year earlier) scores better on Nov 1998 than v2,
// trained on the six months just before (seasonality again; see myth 3). A registry makes going
// back a one-line, logged operation, with the exact bytes verified by hash.

// %% [markdown]
// ## Myth 3 · "If nothing happens, model performance remains the same"
// *"ML models perform best right after training. In prod, ML systems degrade quickly because of
// concept drift."* We test it on **Elec2** (New South Wales electricity market, May 1996 – Dec 1998,
// half-hourly, label: did the price go UP or DOWN against its 24-hour average), a classic drift
// stream. Leaks removed: `nswprice` and `date` (the label is defined from the price; see
// `datasets/electricity.json`). We train once on the first 6 months and evaluate every later month,
// beside the majority-label floor and a **fresh** model retrained on the month just before.

// %%
import { accuracyOverTime } from "./lib/drift/index";
showMarkdown(`Features: ${[...ELECTRICITY_UPDOWN_TASK.numeric, ...ELECTRICITY_UPDOWN_TASK.categorical].join(", ")}; left out: ` +
  `${Object.entries(ELECTRICITY_UPDOWN_TASK.excluded).map(([column, why]) => `\`${column}\` (${why})`).join("; ")}.`);
const aot = accuracyOverTime(elec, { ...spec, trainMonths: 6, freshMonths: 1 });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
plot([
  { type: "scatter", mode: "lines+markers", name: `trained once on ${aot.trainMonths[0]} … ${aot.trainMonths.at(-1)}`,
    x: aot.months.map((m) => m.month), y: aot.months.map((m) => m.accuracy) },
  { type: "scatter", mode: "lines", name: "fresh: retrained on the previous month", x: aot.months.map((m) => m.month),
    y: aot.months.map((m) => m.freshAccuracy) },
  { type: "scatter", mode: "lines", name: "majority label (floor)", line: { dash: "dot" }, x: aot.months.map((m) => m.month),
    y: aot.months.map((m) => m.majorityAccuracy) },
  { type: "scatter", mode: "lines", name: `training accuracy (${aot.trainAccuracy.toFixed(3)})`, line: { dash: "dash" }, x: [aot.months[0].month,
    aot.months.at(-1)!.month], y: [aot.trainAccuracy, aot.trainAccuracy] },
], { title: { text: "Electricity UP/DOWN: accuracy month by month after training" }, yaxis: { title: { text: "accuracy" }, tickformat: ".0%" } });
showMarkdown(`Trained once: mean monthly accuracy **${mean(aot.months.map((m) => m.accuracy)).toFixed(3)}** (training accuracy ` +
  `${aot.trainAccuracy.toFixed(3)}); retrained every month: **${mean(aot.months.map((m) => m.freshAccuracy!)).toFixed(3)}**; majority floor ` +
  `${mean(aot.months.map((m) => m.majorityAccuracy)).toFixed(3)}. ` +
  `The fresh model wins in ${aot.months.filter((m) => m.freshAccuracy! > m.accuracy).length} of ${aot.months.length} months. The decay is not a ` +
    `smooth slide: some months are simply harder for both models, and the stale model even recovers when the market returns to its training-period behaviour.`);

// %% [markdown]
// The thread's tip, *"train models on data generated 6 months ago & test on current data to see how
// much worse they get"*, as a function (`trainOldTestCurrent`), for several "current" months:

// %% id=train-old-test-current
import { trainOldTestCurrent, shiftMonths } from "./lib/drift/index";
const tipRows = ["1997-09", "1998-01", "1998-05", "1998-09", "1998-11"].map((month) => {
  const r = trainOldTestCurrent(elec, { ...spec, ageMonths: 6, trainMonths: 6, currentEnd: shiftMonths(month, 1) });
  return { current: month, "stale trained on": `${r.stale.trainFrom} … ${r.stale.trainTo}`, stale: r.stale.accuracy,
    "fresh trained on": `${r.fresh.trainFrom} … ${r.fresh.trainTo}`, fresh: r.fresh.accuracy, "fresh − stale": r.drop };
});
showTable(tipRows, { caption: "Six-month-old data vs the latest six months, tested on the current month" });

// %% [markdown] id=drift-scores
// Honest reading: on this stream, six-month-old data is sometimes *better* (prices in Nov 1998 look
// more like Nov 1997 than like mid-1998: seasonality). The tip is a measurement to make, not a law:
// on your data, make it before deciding how often to retrain.
//
// ### Do drift scores announce the drop?
// Per feature, each month against the training window, with the defaults of
// [Evidently](https://docs.evidentlyai.com/) (REFERENCES.md, "Drift detection defaults"): with more than
// 1,000 reference rows, [Wasserstein distance](../GLOSSARY.md) over the reference standard deviation for numbers and
// [Jensen–Shannon distance](../GLOSSARY.md) (natural log, Evidently's scale) for categories, drift at ≥ 0.1; [PSI](../GLOSSARY.md) (drift ≥ 0.1, major ≥ 0.25) and the
// KS p-value (< 0.05) beside them; the dataset drifts when half of the columns do.

// %%
import { monthlyDrift, spearmanCorrelation } from "./lib/drift/index";
const features = [...ELECTRICITY_UPDOWN_TASK.numeric, ...ELECTRICITY_UPDOWN_TASK.categorical];
const trainWindow = monthRows(aot.trainMonths[0], shiftMonths(aot.trainMonths.at(-1)!, 1).toISOString().slice(0, 7));
const later = elec.filter((r) => r.date_seq >= aot.months[0].month);
const md = monthlyDrift(trainWindow, later, { timeKey: "date_seq", columns: features, kinds: { day: "categorical", slot: "categorical" } });
plot([{ type: "heatmap", x: md.months.map((m) => m.month), y: features,
  z: features.map((f) => md.scores.filter((s) => s.column === f).map((s) => Math.min(s.defaultScore, 2))), colorscale: "YlOrRd",
  colorbar: { title: { text: "score (capped at 2)" } } }],
  { title: { text: "Default drift score per feature and month (drift ≥ 0.1)" } });
const lastMonth = md.scores.filter((s) => s.month === "1998-11");
showTable(lastMonth.map((s) => ({ feature: s.column, PSI: s.psi, "KS p": s.ksPValue ?? "—", "Wasserstein/std": s.wasserstein ?? "—",
  "Jensen–Shannon": s.jensenShannon, "default test": s.defaultTest, drift: s.drifted ? "DRIFT" : "no" })), { caption: "Nov 1998 against the training " +
  "window: every score side by side" });

// %% [markdown]
// **Read the chart:** each row is a feature, each column a month; look for the months where a row
// turns dark (a score of 0.1 or more is drift) and check in the next cell whether accuracy dropped then.

// %%
const gap = aot.months.map((m) => m.freshAccuracy! - m.accuracy);
const drop = aot.months.map((m) => aot.trainAccuracy - m.accuracy);
const share = md.months.map((m) => m.driftedShare);
const psiMean = md.months.map((m) => m.meanPsi);
plot([
  { type: "scatter", mode: "lines", name: "share of features drifted", x: md.months.map((m) => m.month), y: share },
  { type: "scatter", mode: "lines", name: "mean PSI (right axis)", yaxis: "y2", x: md.months.map((m) => m.month), y: psiMean },
  { type: "bar", name: "accuracy lost vs fresh model", x: aot.months.map((m) => m.month), y: gap, opacity: 0.5 },
], { title: { text: "Drift scores against the accuracy a stale model loses" }, yaxis: { title: { text: "share / accuracy points" } },
  yaxis2: { overlaying: "y", side: "right", title: { text: "mean PSI" } } });
showMarkdown(`Spearman rank correlation over ${aot.months.length} months: share of features drifted against the drop from training accuracy ` +
  `**${spearmanCorrelation(share, drop).toFixed(3)}**, against the gap to the fresh model ${spearmanCorrelation(share, gap).toFixed(3)}; ` +
  `mean PSI against the drop **${spearmanCorrelation(psiMean, drop).toFixed(3)}**, against the gap ${spearmanCorrelation(psiMean, gap).toFixed(3)}.`);

// %% [markdown]
// Read the numbers before believing either story. From May 1997 the Victoria columns switch from
// imputed constants to real data, so almost every month after that "drifts" on them (a pipeline
// change looks exactly like drift), while accuracy moves up and down with the market's regime.
// Feature drift says *the inputs changed*; only labels say *the model got worse*. Monitor both, and
// alert on the accuracy you can measure (here labels arrive within a day).
//
// ## Myth 4 · "You won't need to update your models as much"
// *"One mindboggling fact about DevOps: Etsy deploys 50 times/day. Netflix 1000s times/day. AWS every
// 11.7 seconds. MLOps isn't an exemption. For online ML systems, you want to update them as fast as
// humanly possible."* (Chip Huyen, same thread; the lecture slides add the Google DevOps report of
// 2021: elite performers deploy 973× more often than low performers, with 6,570× faster lead time.)
// What does retraining buy on Elec2, and what does it
// cost? The simulation replays the stream: the first model trains on the first 90 days; then the model
// is retrained every N days on the last 30 days of labelled data and serves until the next retrain.
//
// **Cost model (stated, adjustable):** total cost = retrains × C_retrain + wrong predictions × C_error.
// C_retrain stands for compute, validation, a review and a rollout; C_error for what one wrong
// UP/DOWN call costs. Only the ratio matters; we show three ratios.

// %% id=simulate-retraining
import { simulateRetraining, retrainingCost, cheapestRetrainingCadence } from "./lib/drift/index";
const cadences = FULL ? [1, 7, 14, 30, 91, Infinity] : [7, 14, 30, 91, Infinity];
const sim = simulateRetraining(elec, { ...spec, initialDays: 90, windowDays: 30, cadencesDays: cadences, cost: { perRetrain: 50, perError: 1 } });
const label = (d: number) => (d === Infinity ? "never" : `${d} d`);
showTable(sim.runs.map((r) => ({ cadence: r.name, retrains: r.retrains, accuracy: r.accuracy, errors: r.errors, "cost (C_r=50, C_e=1)": r.totalCost,
  "fit time (s, measured)": r.fitSeconds })), { caption: `Retraining cadence on Elec2, evaluated ${sim.evaluationFrom} … ${sim.evaluationTo} ` +
  `(${sim.runs[0].evaluated.toLocaleString("en-US")} predictions)` });
const costRatios = [10, 50, 200];
plot([
  ...sim.runs.map((r) => ({ type: "scatter", mode: "lines", name: r.name, x: r.monthly.map((m) => m.month), y: r.monthly.map((m) => m.accuracy) })),
  ...costRatios.map((c) => ({ type: "scatter", mode: "lines+markers", name: `total cost, C_retrain = ${c}·C_error`, xaxis: "x2", yaxis: "y2",
    x: sim.runs.map((r) => label(r.cadenceDays)), y: sim.runs.map((r) => retrainingCost(r, { perRetrain: c, perError: 1 }).totalCost) })),
], { title: { text: "Monthly accuracy by retraining cadence (left) and total cost against cadence (right)" }, grid: { rows: 1, columns: 2,
  pattern: "independent" },
  yaxis: { title: { text: "accuracy" }, tickformat: ".0%" }, xaxis2: { title: { text: "retrain every" } }, yaxis2: { title: { text: "total cost " +
    "(units of C_error)" } } });
const cheapest = costRatios.map((c) => ({ c, any: cheapestRetrainingCadence(sim.runs, { cost: { perRetrain: c, perError: 1 } })!.name,
  min70: cheapestRetrainingCadence(sim.runs, { minAccuracy: 0.7, cost: { perRetrain: c, perError: 1 } })?.name ?? "none" }));
showMarkdown(`**Read the chart:** on the left each line is a retraining cadence; the vertical gap between a rare cadence and monthly retraining is the ` +
  `accuracy that cadence gives up, month by month. On the right that accuracy is priced: the best cadence depends on the cost ratio. ` +
  `Cheapest cadence ${cheapest.map((x) => `at C_retrain = ${x.c}·C_error: **${x.any}** (with accuracy ≥ 70%: ${x.min70})`).join("; ")}.`);
showMarkdown(`DevOps deployment frequency quoted in the thread: Etsy 50 a day, Netflix 1000s, AWS every 11.7 s = ` +
  `${Math.round(86400 / 11.7).toLocaleString("en-US")} a day.`);

// %% [markdown]
// On Elec2, weekly retraining beats never retraining by several accuracy points; whether it pays
// depends on what a retrain costs against an error, which is why the cheap retrain (automated
// training, validation and rollout, so C_retrain is small) is the real goal behind "update as fast
// as humanly possible". The AWS figure, 86,400 s / 11.7 s ≈ 7,400 deploys a day, is what a C_retrain
// near zero looks like.
//
// Myth 5 (scale: processes, memory per model, cold starts, fleet arithmetic) is deep dive 03b.

// %%
await server.close();
await agnews.release();
servingRegistry.remove();
const answered = metricsText.split("\n").filter((l) => l.startsWith('serving_requests_total{route="/v1/predict"')).reduce((s,
  l) => s + Number(l.split(" ").pop()), 0);
showMarkdown(`The first server (${server.url}) is closed: ready after close() ${server.isReady()}; it answered ${answered} predict requests (from /metrics).`);

// %% [markdown]
// ## Summary
// * **Deploying is easy; deploying reliably is measured work.** Three lines serve a model; the
//   load test, validation, back-pressure (429), metrics and a graceful stop are what make it a service.
//   Micro-batching multiplies throughput under load, and greedy batching (no waiting) is the better
//   default on a small machine.
// * **Many models are normal.** A registry with content hashes makes promote and rollback boring;
//   deep dive 03b adds an LRU pool of models within a memory budget, and per-slice models that must
//   earn their place against one global model.
// * **Performance does not stay the same**, but it does not decay smoothly either: compare a stale
//   model with a fresh one month by month. Feature drift scores flag input changes (including
//   pipeline changes), not accuracy; monitor labels where you can.
// * **Update cadence is a cost trade-off** you can compute: make retraining cheap and the best
//   cadence moves towards "often".
// * **Scale is arithmetic on measured numbers**: throughput per core, memory per model, cold-start time
//   (deep dive 03b).
//
// ## Exercises
// Open `exercises/03.ts`, fill in each function, and run the cell below (or `npm run check -- 03`).
// Reference solutions are in `solutions/03.ts`: try first.
// 1. **03.1** `psiByHand(reference, current, bins)`: PSI by hand, checked against the library on
//    electricity's `nswdemand` (first 6 months vs last 6).
// 2. **03.2** `validatePredictBody(body)`: the server's input validation, checked against the real
//    server on 12 bodies.
// 3. **03.3** `cheapestCadence(runs, minAccuracy)`: the cheapest retraining cadence keeping accuracy
//    ≥ x, on a real retraining simulation.
// 4. **03.4** `staleVsFresh(rows, month)`: the "six months ago" tip with `temporalSplit` and `shiftMonths`.
// 5. **03.5** `predictStaleVsFresh()` (a judgement): predict both accuracies for 1998-11 before you
//    run 03.4, with your reasoning; the check shows the measurement. Hints: `npm run check -- 03 --hint 5`.

// %%
import * as mine from "./exercises/03";
import { checks as checks03 } from "./exercises/checks/03";
import { runChecks, showCheckReport } from "./lib/nb/index";
showCheckReport(await runChecks(checks03, mine));

// %% [markdown]
// ## Further reading
// * Chip Huyen, misperceptions about ML models in production (Twitter thread, 2020), and *Designing
//   Machine Learning Systems* (O'Reilly, 2022), chapters 7–9 (deployment, distribution shifts,
//   continual learning).
// * Lecture slides "ML production myths", CSCCE 585 *Machine Learning Systems* (the course's seed 003/004
//   material): Booking.com and Uber model counts, the Google DevOps report 2021, the scale survey.
// * M. Harries (1999), Splice-2 comparative evaluation: electricity pricing; J. Gama et al. (2004),
//   Learning with drift detection (the Elec2 stream).
// * Evidently, data drift defaults: https://docs.evidentlyai.com/ · autocannon: https://github.com/mcollina/autocannon
