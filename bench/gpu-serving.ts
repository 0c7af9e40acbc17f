/**
 * `npm run bench:gpu [-- --save] [-- --out DIR] [-- --providers webgpu,cpu]`
 *
 * Module 04's measurements on every provider this machine has (the first that works of WebGPU,
 * CUDA, CPU, plus the CPU for comparison when that first one is a GPU): ceilings (peak FLOP/s,
 * bandwidth, per-call overhead), a width × batch roofline sweep, a static batch sweep, dynamic
 * batching under Poisson load with the device's busy share, keeping outputs on the device vs copying
 * them back, feeding (TF-IDF preprocessing of AG News overlapped with inference through a bounded
 * prefetch queue vs sequential), fp32 vs fp16 (speed, accuracy on AG News), and which nodes ran
 * where (onnxruntime's profiler). Writes `build/results/gpu/<provider>-<host-kind>.json` (with
 * --save the committed `results/gpu/…`; with --out DIR, `DIR/…`) with describeMachine() and
 * prints the goal ratios. About a minute on a 2-core CPU.
 *
 * On a GPU machine without Node.js tooling, compile first (`npx tsc -p tsconfig.json --outDir build/js`)
 * and run the JavaScript; see the project's GPU notes.
 */
import * as path from "node:path";
import * as os from "node:os";
import * as ort from "onnxruntime-node";
import {
  describeMachine, detectProviders, initMlpWeights, buildMlpOnnx, PROVIDERS, type ProviderName,
  measureDeviceCeilings, rooflineSweep, mlpBatchSweep, bestBatchUnderLatencyBudget, dynamicBatchingStudy, compareDeviceResidency,
  compareFeeding, comparePrecisionOnText, compareMlpPrecision, profileNodePlacement, detectGpuName, hostKindSlug, loadAgNewsServingData,
  buildMlpVariantOnnx, squareMlpSpec, randomInputTensor, createSession, ridgeIntensity,
} from "../lib/index";
import { stringArg } from "./args";
import { GPU_BENCH, writeResult, saveRequested } from "../lib/results/index";

const args = process.argv.slice(2);
const argValue = stringArg;
const outDir = argValue("--out");
const requested = argValue("--providers")?.split(",") as ProviderName[] | undefined;
const LATENCY_BUDGET_MS = 10;

const log = (s: string): void => console.log(s);
const fmt = (x: number, d = 3): string => (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(d));

async function benchProvider(provider: ProviderName, data: Awaited<ReturnType<typeof loadAgNewsServingData>>) {
  const only = { providers: [provider], strict: true };
  const gpu = provider !== "cpu";
  log(`\n=== ${provider} ===`);
  const ceilings = await measureDeviceCeilings(only);
  log(`ceilings: peak ${fmt(ceilings.peakFlops / 1e9)} GFLOP/s (${ceilings.matmul.description}), bandwidth ${fmt(ceilings.bandwidth / 1e9)} GB/s, per-call overhead ${fmt(ceilings.overheadSeconds * 1e6)} µs, ridge ${fmt(ridgeIntensity(ceilings))} FLOP/B`);

  const sweep = await rooflineSweep(ceilings, { ...only, widths: gpu ? [256, 1024, 4096] : [256, 1024], batchSizes: gpu ? [1, 16, 256, 1024] : [1, 8, 64, 256] });
  for (const p of sweep) log(`  width ${p.width} batch ${p.batch}: ${fmt(p.p50Ms)} ms, ${fmt(p.achievedFlops / 1e9)} GFLOP/s at ${fmt(p.intensity)} FLOP/B → ${p.regime}`);

  const batch = await mlpBatchSweep({ ...only, width: 1024, depth: 2, batchSizes: gpu ? [1, 4, 16, 64, 256, 1024] : [1, 4, 16, 64, 256] });
  const best = bestBatchUnderLatencyBudget(batch.points, LATENCY_BUDGET_MS);
  const top = batch.points.reduce((a, b) => (b.throughputPerSec > a.throughputPerSec ? b : a));
  log(`static batching (1024×1024 ×2): best throughput ${fmt(top.throughputPerSec)} rows/s at batch ${top.batchSize}; within a ${LATENCY_BUDGET_MS} ms p99 budget: batch ${best?.batchSize ?? "none"}`);

  const w = initMlpWeights(squareMlpSpec(2048, 2), 1);
  const { session } = await createSession(buildMlpVariantOnnx(w, "fp32"), only);
  const xs = new Map<number, ort.Tensor>();
  const runBatch = (n: number): Promise<unknown> => {
    let x = xs.get(n);
    if (!x) xs.set(n, (x = randomInputTensor("float32", n, 2048, n)));
    return session.run({ input: x });
  };
  const dynamic = await dynamicBatchingStudy(runBatch, { loads: [0.3, 1.5], requests: 200 });
  await session.release();
  for (const r of dynamic.rows) log(`  Poisson ${r.load}× capacity, batching ${r.batching}: p50 ${fmt(r.latency.p50)} ms p99 ${fmt(r.latency.p99)} ms, ${fmt(r.throughputPerSec)} req/s, mean batch ${fmt(r.meanBatch)}, device busy ${(r.busyFraction * 100).toFixed(0)}%`);

  const residency = await compareDeviceResidency({ ...only, width: 1024, batch: 8, steps: 16, iterations: 10 });
  log(residency.applicable ? `device-resident vs copy-back: ${fmt(residency.speedup!.ratio)}× faster per step` : `device-resident vs copy-back: not applicable (${residency.reason})`);

  // feeding: 60 batches of 64 rows; dense batches (12.8 MB each cross to the worker) against sparse
  // ones (only the non-zeros travel; the worker expands them into a buffer it reuses)
  const FEED_BATCHES = Math.min(60, Math.floor(data.rows.length / 64));
  const feedOpts = { provider, batchSize: 64, depth: 2, repeats: 5 };
  const feedReal = await compareFeeding(data.artifact.model, FEED_BATCHES, (i) => data.prepareBatch(i, 64), data.dim, feedOpts);
  const feedSparse = await compareFeeding(data.artifact.model, FEED_BATCHES, (i) => data.prepareSparseBatch(i, 64), data.dim, feedOpts);
  const head = buildMlpOnnx(initMlpWeights({ inputSize: data.dim, hiddenSizes: [32], outputSize: 4 }, 4), { inputName: "features", outputName: "probabilities" });
  const feedHeavy = await compareFeeding(head, FEED_BATCHES, (i) => data.prepareSparseBatch(i, 64), data.dim, feedOpts);
  for (const [name, f] of [["logistic regression, dense batches", feedReal], ["logistic regression, sparse batches", feedSparse], ["TF-IDF→32→4 MLP, sparse batches", feedHeavy]] as const) {
    log(`feeding (${name}): sequential ${fmt(f.sequentialMs)} ms, overlapped ${fmt(f.overlappedMs)} ms → ${fmt(f.speedup.ratio)}× (ideal ${fmt(f.idealSpeedup)}×; preprocess ${fmt(f.preprocessMs)} ms, inference ${fmt(f.inferenceMs)} ms sequential; ${fmt(f.overlappedPreprocessMs)} and ${fmt(f.overlappedInferenceMs)} ms when overlapped)`);
  }

  const precisionText = await comparePrecisionOnText(data.artifact.model, data.vectorizer.transformMany(data.rows.map((r) => r.text)), data.dim, data.labels, only);
  const precisionMlp = await compareMlpPrecision({ ...only, width: 1024, depth: 2, batch: 64 });
  log(`fp16 vs fp32: AG News accuracy ${precisionText.accuracyFp32.toFixed(4)} → ${precisionText.accuracyFp16.toFixed(4)} (agreement ${(precisionText.agreement * 100).toFixed(2)}%); time fp16/fp32 ${fmt(precisionText.fp16OverFp32.ratio)} (linear) and ${fmt(precisionMlp.fp16OverFp32.ratio)} (1024-wide MLP)`);

  const placement = await profileNodePlacement(buildMlpVariantOnnx(initMlpWeights(squareMlpSpec(256, 2), 1), "fp16"), { input: randomInputTensor("float16", 8, 256) }, only);
  log(`placement of an fp16 MLP: ${placement.byProvider.map((b) => `${b.provider} ${b.nodes} nodes`).join(", ")}; inserted: ${placement.inserted.join(", ") || "none"}`);

  const strip = <T extends { samples?: unknown }>(x: T): Omit<T, "samples"> => {
    const { samples: _s, ...rest } = x;
    return rest;
  };
  return { provider, ceilings: { ...ceilings }, sweep, batch, bestUnderBudget: best, topThroughput: top, dynamic, residency, feeding: { logisticRegression: feedReal, logisticRegressionSparse: feedSparse, mlpHead: feedHeavy }, precision: { text: precisionText, mlp: precisionMlp }, placement: strip(placement as never) };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const report = await detectProviders(requested ? { providers: requested } : {});
  const gpuName = report.chosen !== "cpu" ? detectGpuName() : undefined;
  log(report.explanation);
  const data = await loadAgNewsServingData(3840, 1);
  const providers: ProviderName[] = report.chosen === "cpu" ? ["cpu"] : [report.chosen, "cpu"];
  const runs = [];
  for (const p of providers) runs.push(await benchProvider(p, data));
  const [main, cpu] = [runs[0]!, runs.find((r) => r.provider === "cpu")!];

  const ratios: Record<string, number | string> = {};
  if (main.provider !== "cpu") ratios.deviceVsCpuThroughputAtBestBatch = main.topThroughput.throughputPerSec / cpu.topThroughput.throughputPerSec;
  else ratios.deviceVsCpuThroughputAtBestBatch = "n/a (no GPU provider here)";
  ratios.residentVsCopyBack = main.residency.applicable ? main.residency.speedup!.ratio : `n/a (${main.provider})`;
  ratios.overlappedVsSequentialFeeding = main.feeding.logisticRegression.speedup.ratio;
  ratios.overlappedVsSequentialFeedingSparse = main.feeding.logisticRegressionSparse.speedup.ratio;
  ratios.sparseVsDenseBatchesSequential = main.feeding.logisticRegression.sequentialMs / main.feeding.logisticRegressionSparse.sequentialMs;
  ratios.overlappedVsSequentialFeedingMlpHead = main.feeding.mlpHead.speedup.ratio;
  ratios.fp16OverFp32TimeLinear = main.precision.text.fp16OverFp32.ratio;
  ratios.fp16OverFp32TimeMlp = main.precision.mlp.fp16OverFp32.ratio;

  log("\n=== goal ratios (median; >1 means the first is faster, except fp16/fp32 time: >1 means fp16 slower) ===");
  for (const [k, v] of Object.entries(ratios)) log(`  ${k}: ${typeof v === "number" ? fmt(v) : v}`);

  const machine = describeMachine(gpuName ? { gpu: gpuName } : {});
  const wallSeconds = (performance.now() - t0) / 1000;
  const file = await writeResult(
    GPU_BENCH,
    `gpu/${main.provider}-${hostKindSlug(machine)}.json`,
    { bench: "gpu-serving", loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100), command: `npm run bench:gpu${args.length ? " -- " + args.join(" ") : ""}`, machine, providers: { chosen: report.chosen, attempts: report.attempts, order: PROVIDERS }, wallSeconds, ratios, runs },
    { save: saveRequested(), dir: outDir && path.resolve(outDir), omitKeys: ["samples", "histogram"] },
  );
  log(`\nwrote ${path.relative(process.cwd(), file)} in ${wallSeconds.toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
