/**
 * Serving benchmark (module 03, "Deployment myths"): the AG News TF-IDF + logistic-regression ONNX
 * model behind the course's HTTP server, driven by autocannon from this process.
 *
 *   npm run bench:serving [-- --seconds 4 --rounds 2 --concurrency 32] [--only throughput|overload]
 *                         [--overload-seconds 4] [--texts-per-request 16] [--save]
 *
 * Measures, side by side in one run (servers run in child processes, the load generator here):
 *   1. throughput and p99 at fixed concurrency with and without dynamic micro-batching (ratio): batches
 *      that wait up to 2 ms to fill, greedy batches (maxWaitMs 0: take what queued while the model was
 *      busy, never wait), and one text per model call,
 *   2. the plain-HTTP ceiling: the same server with a no-op model,
 *   3. a concurrency sweep with and without batching (for the notebook's charts),
 *   4. one server process against two (node:cluster) on this machine,
 *   5. memory and cold-start time per loaded model, fed into fleetArithmetic for 10,000 models,
 *   6. the overload run (runOverloadTest): unshed capacity, then 1×, 6× and 10× that load offered;
 *      served vs offered texts/s, 429 share, p99 of accepted requests, server RSS, for a server that
 *      refuses before reading the body (admission control) and one that refuses only after parsing.
 *      Server and load generator are each pinned to their own core with taskset when available.
 * Rounds alternate between configurations; ratios are per round, reported as median [min, max].
 * Writes build/results/serving/bench.json and build/results/serving/overload.json (with
 * describeMachine()) through lib/results' writeResult; with --save, results/serving/ instead (the committed files).
 */
import * as os from "node:os";
import * as path from "node:path";
import { describeMachine } from "../lib/compute/index";
import { writeResult, SERVING_BENCH, SERVING_OVERLOAD } from "../lib/results/index";
import { loadTextSplit } from "../lib/data/index";
import { summaryStats } from "../lib/metrics/index";
import {
  createTempRegistry,
  spawnServers,
  spawnServerProcess,
  runServingSweep,
  runOverloadTest,
  pinProcess,
  tasksetAvailable,
  runLoadTest,
  loadTextClassifier,
  measureModelFootprint,
  fleetArithmetic,
  type LoadTestResult,
  type OverloadResult,
  type ProcessServerOptions,
} from "../lib/serving/index";

const ARTIFACT = path.join("models", "agnews-logreg");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(v > 0)) throw new Error(`--${name} must be a positive number`);
  return v;
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const spread = (xs: number[]): { median: number; min: number; max: number; values: number[] } => {
  const s = summaryStats(xs);
  return { median: round(s.p50, 3), min: round(s.min, 3), max: round(s.max, 3), values: xs.map((x) => round(x, 3)) };
};
const brief = (r: LoadTestResult): Record<string, number> => ({
  connections: r.connections,
  throughput: round(r.throughput, 1),
  p50Ms: round(r.p50Ms, 2),
  p99Ms: round(r.p99Ms, 2),
  non2xx: r.non2xx,
  errors: r.errors,
});

interface BenchContext {
  texts: string[];
  registryDir: string;
  artifactSha256: string;
  save: boolean;
}

async function throughputBench(ctx: BenchContext): Promise<void> {
  const seconds = arg("seconds", 3);
  const rounds = arg("rounds", 2);
  const concurrency = arg("concurrency", 32);
  const t0 = performance.now();
  const loadAverageStart = os.loadavg().map((x) => round(x, 2));
  const { texts, registryDir } = ctx;

  const base: ProcessServerOptions = { registry: registryDir, defaultModel: "agnews", providers: { providers: ["cpu"] }, maxQueueSize: 4096, processMetrics: false };
  const configs: Record<string, ProcessServerOptions> = {
    batching: { ...base, batching: true, maxBatchSize: 32, maxWaitMs: 2 },
    greedy: { ...base, batching: true, maxBatchSize: 32, maxWaitMs: 0 },
    noBatching: { ...base, batching: false },
    noopHttp: { noopModel: {}, defaultModel: "noop", batching: true, maxBatchSize: 32, maxWaitMs: 2, maxQueueSize: 4096, processMetrics: false },
  };
  console.log(`starting ${Object.keys(configs).length} server processes (load average ${loadAverageStart.join(", ")})…`);
  const { servers, urls, closeAll } = await spawnServers(configs);

  const load = (url: string, connections = concurrency, s = seconds): Promise<LoadTestResult> => runLoadTest({ url, texts, connections, durationSeconds: s });
  const perRound: Record<string, LoadTestResult[]> = { batching: [], greedy: [], noBatching: [], noopHttp: [] };
  try {
    // warm-up: one short pass each (JIT, connection setup)
    for (const k of Object.keys(servers)) await load(servers[k]!.url, concurrency, 1);
    for (let r = 0; r < rounds; r++) {
      for (const k of Object.keys(perRound)) {
        const res = await load(servers[k]!.url);
        perRound[k]!.push(res);
        console.log(`round ${r + 1} ${k.padEnd(10)} c=${concurrency}: ${res.throughput.toFixed(0)} req/s, p50 ${res.p50Ms.toFixed(2)} ms, p99 ${res.p99Ms.toFixed(2)} ms, non-2xx ${res.non2xx}, errors ${res.errors}`);
      }
    }

    console.log("concurrency sweep (2 s per level)…");
    const levels = [1, 8, 64];
    const sweepRows = await runServingSweep({ targets: { batching: urls.batching!, greedy: urls.greedy!, noBatching: urls.noBatching! }, levels, secondsPerLevel: 2, texts });
    const sweep = Object.fromEntries(["batching", "greedy", "noBatching"].map((k) => [k, sweepRows.filter((r) => r.target === k).map((r) => r.rounds[0]!)]));
    for (const [k, rows] of Object.entries(sweep)) console.log(`  ${k.padEnd(10)} ${rows.map((r) => `c=${r.connections}: ${r.throughput.toFixed(0)} req/s p99 ${r.p99Ms.toFixed(1)} ms`).join(" | ")}`);

    // one process vs two (node:cluster); the no-batching and no-op servers are stopped first to free the cores
    await servers.noBatching!.close();
    await servers.greedy!.close();
    await servers.noopHttp!.close();
    console.log("starting a 2-process cluster…");
    const cluster2 = await spawnServerProcess({ ...configs.batching!, workers: 2 });
    const procRounds: { one: LoadTestResult[]; two: LoadTestResult[] } = { one: [], two: [] };
    try {
      await load(cluster2.url, concurrency, 1);
      for (let r = 0; r < rounds; r++) {
        procRounds.one.push(await load(servers.batching!.url));
        procRounds.two.push(await load(cluster2.url));
        console.log(`round ${r + 1} processes: 1 → ${procRounds.one[r]!.throughput.toFixed(0)} req/s, 2 → ${procRounds.two[r]!.throughput.toFixed(0)} req/s`);
      }
    } finally {
      await cluster2.close();
    }
    await servers.batching!.close();

    // memory and cold start per model, and the arithmetic for thousands of models
    console.log("measuring model footprint (4 copies)…");
    const footprint = await measureModelFootprint(() => loadTextClassifier(ARTIFACT, { providers: ["cpu"] }), { copies: 4 });
    const singleThroughput = summaryStats(perRound.batching!.map((r) => r.throughput)).p50;
    const memoryPerModelBytes = Math.max(footprint.rssPerModelBytes, footprint.declaredBytes);
    const fleetInputs = {
      models: 10_000,
      memoryPerModelBytes,
      coldStartMs: footprint.coldStart.p50,
      requestsPerSecond: 5000,
      throughputPerProcess: singleThroughput,
      machineMemoryBytes: os.totalmem(),
      processesPerMachine: os.cpus().length,
    };
    const fleet = fleetArithmetic(fleetInputs);

    const ratio = (a: LoadTestResult[], b: LoadTestResult[], f: (r: LoadTestResult) => number): ReturnType<typeof spread> => spread(a.map((x, i) => f(x) / f(b[i]!)));
    const summary = {
      batchingThroughputRatio: ratio(perRound.batching!, perRound.noBatching!, (r) => r.throughput),
      batchingP99Ratio: ratio(perRound.batching!, perRound.noBatching!, (r) => r.p99Ms),
      greedyThroughputRatio: ratio(perRound.greedy!, perRound.noBatching!, (r) => r.throughput),
      greedyP99Ratio: ratio(perRound.greedy!, perRound.noBatching!, (r) => r.p99Ms),
      httpCeilingOverModel: ratio(perRound.noopHttp!, perRound.batching!, (r) => r.throughput),
      twoProcessesOverOne: ratio(procRounds.two, procRounds.one, (r) => r.throughput),
    };
    console.log("\nratios, median [min, max] over rounds:");
    console.log(`  throughput, batching / no batching:       ${summary.batchingThroughputRatio.median} [${summary.batchingThroughputRatio.min}, ${summary.batchingThroughputRatio.max}]`);
    console.log(`  p99, batching / no batching:              ${summary.batchingP99Ratio.median} [${summary.batchingP99Ratio.min}, ${summary.batchingP99Ratio.max}]`);
    console.log(`  throughput, greedy batching / none:       ${summary.greedyThroughputRatio.median} [${summary.greedyThroughputRatio.min}, ${summary.greedyThroughputRatio.max}]`);
    console.log(`  p99, greedy batching / none:              ${summary.greedyP99Ratio.median} [${summary.greedyP99Ratio.min}, ${summary.greedyP99Ratio.max}]`);
    console.log(`  throughput, no-op HTTP / model (ceiling): ${summary.httpCeilingOverModel.median} [${summary.httpCeilingOverModel.min}, ${summary.httpCeilingOverModel.max}]`);
    console.log(`  throughput, 2 processes / 1:              ${summary.twoProcessesOverOne.median} [${summary.twoProcessesOverOne.min}, ${summary.twoProcessesOverOne.max}]`);
    console.log(`model footprint: ${(footprint.rssPerModelBytes / 2 ** 20).toFixed(1)} MiB RSS per model (declared ${(footprint.declaredBytes / 2 ** 20).toFixed(1)} MiB), cold start p50 ${footprint.coldStart.p50.toFixed(0)} ms`);
    console.log(`10,000 models at 5,000 req/s: ${fleet.processes} processes on ${fleet.machines} machine(s) like this one (bound by ${fleet.boundBy}); cold restart ${fleet.coldSerialSeconds.toFixed(0)} s serial, ${fleet.coldFleetSeconds.toFixed(0)} s spread`);

    const out = {
      benchmark: "serving",
      command: `npm run bench:serving -- --seconds ${seconds} --rounds ${rounds} --concurrency ${concurrency} --only throughput${ctx.save ? " --save" : ""}`,
      model: { name: "agnews", artifact: ARTIFACT, artifactSha256: ctx.artifactSha256, provider: "cpu" },
      method:
        "servers in child processes, autocannon (closed loop, one text per request, 256 AG News test texts cycled) in the parent; p50/p99 from every 2xx response time via lib/metrics; configurations alternate within each round; ratios per round, median [min, max]. The load generator shares the machine's cores with the servers.",
      settings: { seconds, rounds, concurrency, batching: { maxBatchSize: 32, maxWaitMs: 2 }, greedy: { maxBatchSize: 32, maxWaitMs: 0 }, noBatching: { maxBatchSize: 1, maxWaitMs: 0 } },
      summary,
      rounds: Object.fromEntries(Object.entries(perRound).map(([k, rs]) => [k, rs.map(brief)])),
      sweep: Object.fromEntries(Object.entries(sweep).map(([k, rs]) => [k, rs.map(brief)])),
      processes: { one: procRounds.one.map(brief), two: procRounds.two.map(brief) },
      footprint: { copies: footprint.copies, rssPerModelBytes: Math.round(footprint.rssPerModelBytes), declaredBytes: footprint.declaredBytes, coldStartMs: footprint.coldStartMs.map((x) => round(x, 1)) },
      fleet: { inputs: fleetInputs, plan: fleet },
      loadAverage: { start: loadAverageStart, end: os.loadavg().map((x) => round(x, 2)) },
      seconds: round((performance.now() - t0) / 1000, 1),
      machine: describeMachine(),
    };
    const file = await writeResult(SERVING_BENCH, "serving/bench.json", out, { save: ctx.save });
    console.log(`wrote ${path.relative(process.cwd(), file)} (${out.seconds} s)`);
  } finally {
    await closeAll();
  }
}

/** Goal of issue 15 for the overload run, checked on the admission-control server. */
function overloadGoals(r: OverloadResult, deadlineMs: number): Record<string, { value: number; goal: string; met: boolean }> {
  const at6 = r.steps.find((s) => s.factor === 6);
  const worstP99 = Math.max(...r.steps.map((s) => s.acceptedP99Ms));
  const out: Record<string, { value: number; goal: string; met: boolean }> = {};
  if (at6) out.servedAt6xOverCapacity = { value: round(at6.servedOverCapacity, 3), goal: ">= 0.8", met: at6.servedOverCapacity >= 0.8 };
  out.acceptedP99UnderDeadline = { value: round(worstP99, 2), goal: `< ${deadlineMs} ms`, met: worstP99 < deadlineMs };
  out.acceptedP99OverUnloaded = { value: round(worstP99 / r.unloadedP99Ms, 2), goal: "<= 3", met: worstP99 <= 3 * r.unloadedP99Ms };
  if (r.rss) out.rssGrowth = { value: round(r.rss.growth, 3), goal: "< 0.2", met: r.rss.growth < 0.2 };
  return out;
}

async function overloadBench(ctx: BenchContext): Promise<void> {
  const seconds = arg("overload-seconds", 4);
  const textsPerRequest = arg("texts-per-request", 16);
  const t0 = performance.now();
  const loadAverageStart = os.loadavg().map((x) => round(x, 2));
  const cores = os.cpus().length;
  const pin = tasksetAvailable() && cores >= 2;
  const serverCpu = "0";
  const loadCpu = "1";
  if (pin) pinProcess(process.pid, loadCpu); // the load generator (this process) on core 1, each server on core 0
  const deadlineMs = 2000;
  const limits = { maxBatchSize: 32, maxWaitMs: 2, maxQueueSize: 64, maxPendingRequests: 4, requestTimeoutMs: deadlineMs }; // at most 4 requests (64 texts) in the server: accepted ones wait for at most about two batches
  const base: ProcessServerOptions = { registry: ctx.registryDir, defaultModel: "agnews", providers: { providers: ["cpu"] }, processMetrics: false, ...limits };
  const configs: Record<string, ProcessServerOptions> = {
    admissionControl: { ...base, earlyRefusal: true },
    refuseAfterParsing: { ...base, earlyRefusal: false },
  };
  console.log(`overload run: ${textsPerRequest} texts per request, ${seconds} s per step, ${pin ? `server on core ${serverCpu}, load generator on core ${loadCpu} (taskset)` : "not pinned (taskset unavailable or one core)"}; load average ${loadAverageStart.join(", ")}`);
  const runs: Record<string, OverloadResult> = {};
  for (const [k, o] of Object.entries(configs)) {
    const server = await spawnServerProcess(o, 60_000, pin ? serverCpu : undefined);
    try {
      runs[k] = await runOverloadTest({
        url: server.url,
        pid: server.pid,
        texts: ctx.texts,
        textsPerRequest,
        seconds,
        capacityConnections: 4,
        onStep: (label, r) => console.log(`  ${k.padEnd(18)} ${label.padEnd(24)} c=${String(r.connections).padStart(4)}: ${r.textsPerSecond.toFixed(0).padStart(6)} texts/s served, ${(r.responses / r.durationSeconds).toFixed(0).padStart(6)} req/s answered, 429 ${r.statusCodes["429"] ?? 0}, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors}`),
      });
    } finally {
      await server.close();
    }
  }
  const goals = overloadGoals(runs.admissionControl!, deadlineMs);
  console.log("goals (admission control):");
  for (const [k, g] of Object.entries(goals)) console.log(`  ${k.padEnd(26)} ${g.value} (goal ${g.goal}) ${g.met ? "met" : "NOT met"}`);
  const late = runs.refuseAfterParsing!.steps.find((s) => s.factor === 6);
  if (late) console.log(`  refusing after parsing instead: ${round(late.servedOverCapacity, 3)} of capacity served at 6×`);
  for (const [k, r] of Object.entries(runs)) {
    const us = r.steps.map((s) => (s.refusalCpuUs === null ? "–" : s.refusalCpuUs.toFixed(0))).join(" / ");
    console.log(`  server CPU, ${k}: ${r.capacityCpuUsPerRequest?.toFixed(0) ?? "–"} µs per served request (${r.textsPerRequest} texts); per refusal at ${r.steps.map((s) => `${s.factor}×`).join(" / ")}: ${us} µs`);
  }
  const r2 = (x: number): number => round(x, 2);
  const out = {
    benchmark: "serving-overload",
    command: `npm run bench:serving -- --only overload --overload-seconds ${seconds} --texts-per-request ${textsPerRequest}${ctx.save ? " --save" : ""}`,
    model: { name: "agnews", artifact: ARTIFACT, artifactSha256: ctx.artifactSha256, provider: "cpu" },
    method:
      "Each server in a child process pinned to core 0 and the load generator in the parent pinned to core 1 (taskset, when available). Per server: 1 s warm-up, a single closed-loop connection (unloaded p99), a closed loop of 4 connections within the limits (the unshed capacity, no refusals), then open-loop Poisson arrivals (runOpenLoopLoad, up to 256 keep-alive connections; latency from each request's scheduled arrival) at 1×, 6× and 10× that capacity. Served = 2xx texts/s; p99 of accepted (2xx) requests; RSS of the server process sampled every 250 ms from /proc after the capacity step; server CPU seconds per step from /proc/PID/stat, and the CPU per refusal estimated as (step CPU - accepted requests x CPU per request at capacity) / refusals (CPU time depends little on other load).",
    settings: { textsPerRequest, seconds, limits, pinned: pin, cores },
    goals,
    runs: Object.fromEntries(
      Object.entries(runs).map(([k, r]) => [
        k,
        {
          capacityTextsPerSecond: r2(r.capacityTextsPerSecond),
          capacityNon2xx: r.capacityNon2xx,
          unloadedP99Ms: r2(r.unloadedP99Ms),
          capacityP99Ms: r2(r.capacityP99Ms),
          capacityCpuUsPerRequest: r.capacityCpuUsPerRequest === null ? null : r2(r.capacityCpuUsPerRequest),
          steps: r.steps.map((s) => ({ ...s, offeredTextsPerSecond: r2(s.offeredTextsPerSecond), sentTextsPerSecond: r2(s.sentTextsPerSecond), servedTextsPerSecond: r2(s.servedTextsPerSecond), servedOverCapacity: round(s.servedOverCapacity, 3), share429: round(s.share429, 4), acceptedP99Ms: r2(s.acceptedP99Ms), serverCpuSeconds: s.serverCpuSeconds === null ? null : round(s.serverCpuSeconds, 3), refusalCpuUs: s.refusalCpuUs === null ? null : r2(s.refusalCpuUs) })),
          rss: r.rss ? { ...r.rss, growth: round(r.rss.growth, 4) } : null,
        },
      ]),
    ),
    loadAverage: { start: loadAverageStart, end: os.loadavg().map((x) => round(x, 2)) },
    seconds: round((performance.now() - t0) / 1000, 1),
    machine: describeMachine(),
  };
  const file = await writeResult(SERVING_OVERLOAD, "serving/overload.json", out, { save: ctx.save });
  console.log(`wrote ${path.relative(process.cwd(), file)} (${out.seconds} s)`);
}

async function main(): Promise<void> {
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  if (only !== undefined && only !== "throughput" && only !== "overload") throw new Error(`--only must be "throughput" or "overload", got "${only}".`);
  const save = process.argv.includes("--save");
  const { record, dir, remove } = await createTempRegistry({ artifact: ARTIFACT, prefix: "bench-serving-registry-" }); // as a deployment would
  const ctx: BenchContext = {
    texts: (await loadTextSplit("ag_news", "test")).slice(0, 256).map((r) => r.text),
    registryDir: dir,
    artifactSha256: record.artifactSha256,
    save,
  };
  try {
    if (only !== "overload") await throughputBench(ctx);
    if (only !== "throughput") await overloadBench(ctx); // last: it pins this process to one core
  } finally {
    remove();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
