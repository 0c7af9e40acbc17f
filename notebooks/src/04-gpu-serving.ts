// %% [markdown]
// # 04 · GPU serving: keep the device busy
//
// **Goals.** By the end of this notebook you can (1) say which [execution provider](../GLOSSARY.md) runs a model and
// why the others were refused, and which nodes ran where; (2) measure a device's ceilings (peak
// FLOP/s, memory bandwidth, per-call overhead) and place any run on the **roofline** as compute-,
// memory- or overhead-bound; (3) choose a batch size under a latency budget, and see [dynamic batching](../GLOSSARY.md)
// keep up under random (Poisson) traffic while the device's idle share drops; (4) explain why keeping
// tensors on the device and overlapping preprocessing with inference matter, and when they cannot
// help; (5) measure what fp16 does to speed and accuracy, and why it can be slower on a CPU.
//
// **Prerequisites.** Modules 00–03 (providers, the AG News artifact, the micro-batcher). Basic
// TypeScript. No GPU needed.
// **Time.** About 40 minutes to read and run; the defaults run in under 3 minutes on a 2-core CPU (about a
// minute of it is the kernel compiling the library on first import). Set `FULL = true` below for
// larger sweeps (a few minutes).
//
// Vicki Boykis, in ["What's new with ML in production"](https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/),
// names the problem of GPU serving: everything has to get onto the GPU as fast as possible, because
// a GPU left idle while it waits for data is wasted money. Her link goes to Horace He's
// ["Making Deep Learning Go Brrrr From First Principles"](https://horace.io/brrr_intro.html), which
// this notebook follows: time goes to **compute** (arithmetic), **memory bandwidth** (moving bytes
// between memory and the compute units) or **overhead** (everything else: the Python, or here
// JavaScript, interpreter, dispatching kernels, copies between host and device). Which one dominates
// tells you which fix helps; the wrong fix helps nothing.
//
// This machine probably has no GPU. Every measurement below runs on whatever provider it has (the
// CPU here) and would measure the GPU unchanged on a GPU machine. Where a lesson needs a GPU, the
// notebook shows **recorded** figures, labelled with the machine and software that produced them.

// %% id=detect-providers
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { detectProviders, providerAttemptRows, createSession, probeModelBytes, describeMachine } from "./lib/compute/index";
const FULL = false; // true: wider sweeps, more requests, more rows (a few minutes)
const providers = await detectProviders();
showTable(providerAttemptRows(providers.attempts), { caption: "Execution providers tried, in order (WebGPU, CUDA, CPU)" });
const forced = await createSession(probeModelBytes(), { providers: ["webgpu"] });
showMarkdown(
  `**${providers.explanation}** Asking for WebGPU alone still gives a session: it fell back to **${forced.provider}** (\`strict: true\` would refuse instead).`,
);
await forced.session.release();
showTable([describeMachine()], { caption: "This machine" });

// %% [markdown]
// ## Which nodes ran where
// A session is created for a provider, but a GPU provider may not implement every operator: those
// nodes are placed on the CPU, with copies (`MemcpyToHost`/`MemcpyFromHost`) around them: exactly
// the host↔device traffic that keeps a GPU idle. onnxruntime's profiler (`enableProfiling`) records,
// for each node, the operator that ran and the provider that ran it; `profileNodePlacement` reads it.
// (The verbose log, `logSeverityLevel: 0`, prints the same "Node placements" but from native code to
// stderr, where JavaScript cannot read it.) Here the fp32 and fp16 versions of one small MLP:

// %%
import { initMlpWeights } from "./lib/onnx/index";
import { profileNodePlacement, buildMlpVariantOnnx, squareMlpSpec, randomInputTensor } from "./lib/gpu/index";
const smallMlp = initMlpWeights(squareMlpSpec(256, 2), 1);
const place32 = await profileNodePlacement(buildMlpVariantOnnx(smallMlp, "fp32"), { input: randomInputTensor("float32", 8, 256) });
const place16 = await profileNodePlacement(buildMlpVariantOnnx(smallMlp, "fp16"), { input: randomInputTensor("float16", 8, 256) });
showTable([...place32.nodes.map((n) => ({ model: "fp32", ...n })), ...place16.nodes.map((n) => ({ model: "fp16", ...n }))], {
  caption: `Nodes as they ran on ${place32.provider} (3 profiled runs)`,
});
showMarkdown(
  `The graph had MatMul, Add, Relu, MatMul, Add per model; the runtime **fused** them into \`FusedGemm\`/\`Gemm\`. In fp16 ` +
    `it also **inserted**: ${place16.inserted.join(", ") || "nothing"}. On this CPU the fp16 model is computed in fp32 between ` +
    `casts: keep that in mind for the precision section.`,
);

// %% [markdown]
// ## The device's ceilings
// Three models measure what this runtime can reach on this machine (not the data sheet's peaks):
// a large MatMul at a few sizes (the best FLOP/s is the **compute roof**), a large streaming
// `Add + ReduceMax` (bytes per second: the **memory roof**), and a one-node model on two numbers
// (the **per-call overhead**: what one `session.run` costs by itself). Only one number comes back from
// each, so host↔device copies are not part of the ceilings.

// %%
import { measureDeviceCeilings, ridgeIntensity } from "./lib/gpu/index";
const ceilings = await measureDeviceCeilings({ iterations: FULL ? 20 : 6, minTimeMs: FULL ? 1000 : 150 });
showTable(
  [...ceilings.matmuls, ceilings.stream, ceilings.tiny].map((m) => ({
    model: m.description,
    calls: m.calls,
    "median ms": (m.p50Seconds * 1e3).toFixed(3),
    "IQR ms": `${(m.p25Seconds * 1e3).toFixed(3)}–${(m.p75Seconds * 1e3).toFixed(3)}`,
    "GFLOP/s": (m.flops / m.p50Seconds / 1e9).toFixed(1),
    "GB/s": (m.bytes / m.p50Seconds / 1e9).toFixed(1),
  })),
  { caption: `Ceiling measurements on ${ceilings.provider}` },
);
showMarkdown(
  `**Ceilings on ${ceilings.provider}:** peak ≈ **${(ceilings.peakFlops / 1e9).toFixed(0)} GFLOP/s**, bandwidth ≈ **${(ceilings.bandwidth / 1e9).toFixed(1)} ` +
    `GB/s**, overhead ≈ **${(ceilings.overheadSeconds * 1e6).toFixed(0)} µs** per call. Ridge point: **${ridgeIntensity(ceilings).toFixed(1)} ` +
    `FLOP/byte**: work with fewer FLOPs per byte is limited by memory. For scale: an H100 SXM's data sheet gives ~67 TFLOP/s ` +
    `fp32 (~990 TFLOP/s dense fp16 on tensor cores) and ~3.35 TB/s, a ridge of ~20 FLOP/B in fp32 and ~300 in fp16 (NVIDIA ` +
    `H100 data sheet).`,
);

// %% [markdown] id=roofline
// ## The roofline: a width × batch sweep
// A dense layer `X[B, n]·W[n, n]` does `2·B·n²` FLOPs and reads `n²` weights: at batch 1 that is
// 2 FLOPs per 4-byte weight, **0.5 FLOP/byte**, far left of any ridge: the device mostly waits for
// memory. Batching reuses each weight for `B` rows, so intensity grows about like `B/2` until the
// activations dominate. Small layers at small batches are dominated by the fixed cost of the call:
// **overhead-bound**. The sweep below times square MLPs (2 layers) and places each run on the roofline
// (`classifyRegime`: overhead-bound when the per-call overhead explains half the time or more, else
// memory- or compute-bound by the side of the ridge it falls on).

// %%
import { rooflineSweep, attainableFlops } from "./lib/gpu/index";
const sweep = await rooflineSweep(ceilings, {
  widths: FULL ? [64, 256, 1024, 2048] : [64, 256, 1024],
  batchSizes: FULL ? [1, 4, 16, 64, 256, 1024] : [1, 8, 64, 256],
  iterations: 5,
  minTimeMs: FULL ? 300 : 50,
});
showTable(
  sweep.map((p) => ({
    width: p.width,
    batch: p.batch,
    "median ms": p.p50Ms.toFixed(3),
    "FLOP/B": p.intensity.toFixed(2),
    "GFLOP/s": (p.achievedFlops / 1e9).toFixed(1),
    "roof GFLOP/s": (p.attainableFlops / 1e9).toFixed(1),
    "overhead share": p.overheadShare.toFixed(2),
    regime: p.regime,
  })),
  { caption: "Width × batch sweep on the roofline" },
);
const xs = Array.from({ length: 60 }, (_, i) => 10 ** (-1.5 + (i * 4) / 59));
const colors: Record<string, string> = { "overhead-bound": "#d62728", "memory-bound": "#1f77b4", "compute-bound": "#2ca02c" };
plot(
  [
    {
      type: "scatter",
      mode: "lines",
      name: "roofline (measured)",
      x: xs,
      y: xs.map((i) => attainableFlops(i, ceilings) / 1e9),
      line: { color: "black" },
    },
    ...["overhead-bound", "memory-bound", "compute-bound"].map((r) => {
      const pts = sweep.filter((p) => p.regime === r);
      return {
        type: "scatter",
        mode: "markers+text",
        name: r,
        x: pts.map((p) => p.intensity),
        y: pts.map((p) => p.achievedFlops / 1e9),
        text: pts.map((p) => `${p.width}/${p.batch}`),
        textposition: "top center",
        marker: { size: 9, color: colors[r] },
      };
    }),
  ],
  {
    title: { text: `Roofline on ${ceilings.provider}: labels are width/batch` },
    xaxis: { type: "log", title: { text: "arithmetic intensity (FLOP/byte)" } },
    yaxis: { type: "log", title: { text: "GFLOP/s" } },
  },
);

// %% [markdown]
// Reading the chart: points left of the ridge sit under the slanted memory roof, points to the right
// under the flat compute roof, and the red ones far below both: their time is the call itself. Some
// small models land *above* the memory roof: their weights fit in the CPU's caches, which are faster
// than the DRAM bandwidth the streaming model measured (a roofline has one roof per memory level).
// Compute-bound points below the roof are the cost of a real kernel at that shape (and of sharing the
// machine). The fixes follow the regime: overhead-bound → fewer, larger calls (batching, fusing,
// graph capture); memory-bound → reuse each byte more (batching) or move fewer bytes (fp16, int8);
// compute-bound → faster arithmetic (tensor cores, lower precision) or less of it.
//
// ## Static batching: latency against throughput
// The batch size is the serving knob that moves a model along the roofline. Bigger batches raise
// throughput and the latency of every request in the batch. `mlpBatchSweep` uses lib/metrics'
// `batchSizeSweep`; `bestBatchUnderLatencyBudget` picks the highest throughput within a [p99](../GLOSSARY.md) budget.

// %% id=mlp-batch-sweep
import { mlpBatchSweep, bestBatchUnderLatencyBudget } from "./lib/gpu/index";
const BUDGET_MS = 5;
const batchSweep = await mlpBatchSweep({
  width: 1024,
  depth: 2,
  batchSizes: FULL ? [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] : [1, 4, 16, 64, 256],
  minTimeMs: FULL ? 400 : 80,
});
const chosen = bestBatchUnderLatencyBudget(batchSweep.points, BUDGET_MS);
showTable(
  batchSweep.points.map((p) => ({
    batch: p.batchSize,
    "p50 ms": p.batchP50Ms.toFixed(3),
    "p99 ms": p.batchP99Ms.toFixed(3),
    "rows/s": Math.round(p.throughputPerSec),
    "× batch 1": p.speedup.toFixed(1),
  })),
  { caption: `Static batching, 2 × 1024-wide layers on ${batchSweep.provider}` },
);
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers+text",
      x: batchSweep.points.map((p) => p.batchP99Ms),
      y: batchSweep.points.map((p) => p.throughputPerSec),
      text: batchSweep.points.map((p) => `B=${p.batchSize}`),
      textposition: "top left",
    },
  ],
  {
    title: { text: "Throughput against p99 latency of one call" },
    xaxis: { type: "log", title: { text: "p99 ms per call" } },
    yaxis: { title: { text: "rows/s" } },
    shapes: [{ type: "line", x0: BUDGET_MS, x1: BUDGET_MS, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "red" } }],
  },
);
showMarkdown(
  chosen
    ? `Within a **${BUDGET_MS} ms** p99 budget the best batch is **${chosen.batchSize}** (${Math.round(chosen.throughputPerSec)} ` +
      `rows/s, ${chosen.speedup.toFixed(1)}× batch 1).`
    : `No batch size meets a ${BUDGET_MS} ms p99 budget on this machine right now.`,
);

// %% [markdown]
// ## Dynamic batching under random traffic, and idle time
// Real requests do not arrive in batches. They arrive at random: a **Poisson process**, independent
// arrivals with exponential gaps. The micro-batcher from module 03 (`MicroBatcher`, lib/serving)
// groups whatever is waiting, up to 32, waiting at most 2 ms. We offer 0.3× and 1.5× the unbatched
// capacity (1 / batch-1 latency) of a 2 × 2048-wide MLP with batching off and on, and estimate how
// busy the device was: the sum of batch run times over the wall time (from host timings, so an
// upper bound). Latency counts from each request's scheduled arrival.

// %%
import { buildMlpOnnx } from "./lib/onnx/index";
import { dynamicBatchingStudy } from "./lib/gpu/index";
import * as ort from "onnxruntime-node";
const big = await createSession(buildMlpVariantOnnx(initMlpWeights(squareMlpSpec(2048, 2), 1), "fp32"));
const bigInputs = new Map<number, ort.Tensor>();
const runBig = (n: number) => {
  if (!bigInputs.has(n)) bigInputs.set(n, randomInputTensor("float32", n, 2048, n));
  return big.session.run({ input: bigInputs.get(n)! });
};
const dyn = await dynamicBatchingStudy(runBig, { loads: FULL ? [0.3, 0.8, 1.5, 3] : [0.3, 1.5], requests: FULL ? 1000 : 150 });
await big.session.release();
showTable(
  dyn.rows.map((r) => ({
    load: `${r.load}×`,
    batching: r.batching,
    "req/s offered": Math.round(r.ratePerSec),
    "req/s served": Math.round(r.throughputPerSec),
    "p50 ms": r.latency.p50.toFixed(1),
    "p99 ms": r.latency.p99.toFixed(1),
    "mean batch": r.meanBatch.toFixed(1),
    "device busy": `${(r.busyFraction * 100).toFixed(0)}%`,
    idle: `${((1 - r.busyFraction) * 100).toFixed(0)}%`,
  })),
  {
    caption: `Poisson load on ${big.provider}; batch-1 latency ${dyn.batch1Ms.toFixed(2)} ms → capacity ≈ ${Math.round(dyn.capacityPerSec)} req/s unbatched`,
  },
);
const hi = dyn.rows.filter((r) => r.load === Math.max(...dyn.rows.map((x) => x.load)));
const [off, on] = [hi.find((r) => r.batching === "off")!, hi.find((r) => r.batching === "dynamic")!];
showMarkdown(
  `At ${off.load}× load, dynamic batching served **${(on.throughputPerSec / off.throughputPerSec).toFixed(1)}×** the requests ` +
    `per second of unbatched serving (p99 ${on.latency.p99.toFixed(0)} vs ${off.latency.p99.toFixed(0)} ms, mean batch ${on.meanBatch.toFixed(1)}); ` +
    `it ${on.throughputPerSec >= 0.9 * on.ratePerSec ? "kept up with" : "did not keep up with"} the offered ${Math.round(on.ratePerSec)} ` +
    `req/s in this run.`,
);
plot(
  ["off", "dynamic"].map((b) => ({
    type: "bar",
    name: `batching ${b}`,
    x: dyn.rows.filter((r) => r.batching === b).map((r) => `${r.load}× load`),
    y: dyn.rows.filter((r) => r.batching === b).map((r) => r.latency.p99),
  })),
  { title: { text: "p99 latency under Poisson load" }, yaxis: { type: "log", title: { text: "ms" } }, barmode: "group" },
);

// %% [markdown]
// Read the served column against the offered one. Above capacity, unbatched serving cannot keep
// up: the queue, and the latency, grow for as long as the burst lasts. The batcher can serve more
// because a batch of 10 costs far less than 10 batches of 1 (at batch 1 the model is memory- and
// overhead-bound); how much more depends on how much of the machine is free (the sentence under the
// table says what happened in this run). Below capacity, the device is idle most of the time either
// way, and batching makes it idler (fewer, fuller calls). On a GPU, where batch 1 is even further
// from the roof, that idle share at low load is the cost Boykis and He describe: capacity paid for
// and not used.
//
// ## Keep data on the device
// A model whose output feeds its next call (a decoder's [KV cache](../GLOSSARY.md), a multi-stage pipeline) pays a
// download and an upload per step if outputs come back to host memory. onnxruntime's
// `preferredOutputLocation: "gpu-buffer"` leaves outputs on the GPU so they can be fed straight back.

// %%
import { compareDeviceResidency, RECORDED_GPU_TABLES } from "./lib/gpu/index";
const resid = await compareDeviceResidency({ width: 1024, batch: 8, steps: 16, iterations: FULL ? 30 : 10 });
showMarkdown(
  resid.applicable
    ? `**${resid.provider}:** device-resident is **${resid.speedup!.ratio.toFixed(2)}×** faster per step (${resid.residentStepMs!.toFixed(3)} ` +
      `vs ${resid.copyBackStepMs.toFixed(3)} ms; outputs agree within ${resid.maxRelDiff!.toExponential(1)}).\n\n\`\`\`\n${resid.table}\n\`\`\``
    : `**${resid.provider}: not applicable.** ${resid.reason}. Measured: ${resid.copyBackStepMs.toFixed(3)} ms per chained step.`,
);
const rec = RECORDED_GPU_TABLES[0]!;
showTable(
  rec.rows.map((r) => ({ run: r.run, "prefill 128 tokens, ms": r.prefillMs, "one decode step, ms": r.decodeStepMs })),
  { caption: `RECORDED, not measured here: ${rec.title}. Machine: ${rec.machine}. Software: ${rec.software}. Source: ${rec.source}.` },
);
plot(
  [
    {
      type: "bar",
      x: rec.rows.map((r) => r.run.replace(/\(.*?\)/g, "").slice(0, 48)),
      y: rec.rows.map((r) => r.decodeStepMs),
      marker: { color: rec.rows.map((r) => (/copied back/.test(r.run) ? "#d62728" : /PyTorch/.test(r.run) ? "#7f7f7f" : "#1f77b4")) },
    },
  ],
  { title: { text: "Recorded on an NVIDIA H100 (bench/README.md): one decode step (ms)" }, yaxis: { title: { text: "ms" } }, margin: { b: 140 } },
);
showMarkdown(`**Reading (course team, same source):** ${rec.reading}`);

// %% [markdown]
// ## Deep dive: feeding the device, fp16, and GPU results files
// Notebook `04b-feeding-and-precision` continues from here: overlapping preprocessing with inference
// through a bounded prefetch queue (and why sparse batches matter more than the overlap), fp32
// against fp16 on real data, and how `npm run bench:gpu` results files are read. It runs on its own.

// %% [markdown]
// ## Summary
// * **Three regimes** (He): compute-, memory- and overhead-bound. Measure the ceilings, compute the
//   intensity (`rooflineSweep` does both for each width and batch), and the roofline tells you which one you are in, and so which fix helps.
// * A wide layer at batch 1 does ~0.5 FLOP/byte: memory-bound everywhere. **Batching** raises the
//   intensity and amortises the per-call overhead; the batch size is bounded by the latency budget.
// * **Dynamic batching** under Poisson traffic keeps up above the unbatched capacity; below it, the
//   device is idle most of the time: capacity paid for and unused.
// * **Keep data on the device** between calls (`preferredOutputLocation: "gpu-buffer"`): recorded on
//   an H100, copying outputs back made a [decode](../GLOSSARY.md) step 3.7× slower. On a CPU it does not apply.
// * **Feed the device** (deep dive 04b): move less (sparse rows, not 12.8 MB dense batches), then overlap
//   preprocessing with inference through a bounded prefetch queue; it only pays when the two have
//   separate resources, and in onnxruntime-node inference must leave the JS thread.
// * **fp16** (deep dive 04b) keeps AG News predictions and halves the bytes, but is not faster on a CPU without fp16
//   kernels (the runtime inserts casts), and not on a GPU when the work is overhead-bound.
//
// ## Exercises
// Open `exercises/04.ts`, replace each `throw new NotImplementedYet(…)`, and run the cell below (or
// `npm run check -- 04`). Reference solutions are in `solutions/04.ts`: try first.
// 1. **04.1** `layerIntensity(batch, in, out, bytesPerElement)`: FLOP per byte of one dense layer.
// 2. **04.2** `classifyPoint(run, ceilings)`: overhead-, memory- or compute-bound, by the module's rule.
// 3. **04.3** `chooseBatchSize(points, budgetMs)`: the most throughput within a p99 budget, checked on a
//    sweep measured when the check runs.
// 4. **04.4** `predictMlp(spec, batches, ceilings)`: roofline predictions of a whole MLP and the batch
//    that gives the most rows per second (on an H100-class and a CPU-class device).
// 5. **04.5** `predictRegimes()` (a judgement): overhead-, memory- or compute-bound at batch 1 and
//    4096? Predict with a reason, then compare with the roofline. Hints: `npm run check -- 04 --hint 5`.
//
// ## Further reading
// * Horace He, "Making Deep Learning Go Brrrr From First Principles", https://horace.io/brrr_intro.html
//   (the three regimes, the roofline, why overhead dominates small operations).
// * Vicki Boykis, "What's new with ML in production" (2024), https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/
//   (GPU serving: get everything onto the GPU fast; an idle GPU is inefficient).
// * S. Williams, A. Waterman, D. Patterson, "Roofline: an insightful visual performance model for
//   multicore architectures", Communications of the ACM 52(4), 2009.
// * onnxruntime: execution providers, https://onnxruntime.ai/docs/execution-providers/; I/O binding and
//   `preferredOutputLocation`, https://onnxruntime.ai/docs/api/js/ (InferenceSession.SessionOptions).

// %%
import * as mine from "./exercises/04";
import { checks as checks04 } from "./exercises/checks/04";
import { runChecks, showCheckReport } from "./lib/nb/index";
showCheckReport(await runChecks(checks04, mine));
