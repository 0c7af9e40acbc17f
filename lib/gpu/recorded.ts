/**
 * GPU figures recorded by the course authors on an NVIDIA H100, shown by notebooks 04 and 05 when the
 * learner's machine has no GPU. They are reference figures, not measurements of this machine; where
 * they come from is written out in bench/README.md ("Recorded GPU figures"), and
 * `npm run bench:decode` / `npm run bench:gpu` on any GPU machine write figures of your own to
 * results/ that the notebooks prefer.
 */

/** One recorded measurement. */
export interface RecordedGpuRow {
  /** What ran. */
  run: string;
  /** Prefill of 128 prompt tokens, ms (absent when not measured). */
  prefillMs?: number;
  /** One decode step, ms. */
  decodeStepMs: number;
}

/** A recorded table with where it came from. */
export interface RecordedGpuTable {
  /** Short title. */
  title: string;
  /** The machine it ran on. */
  machine: string;
  /** Software it ran with. */
  software: string;
  /** The model and settings. */
  workload: string;
  /** Where the figures are written down, and what is known of the command. */
  source: string;
  /** The rows. */
  rows: RecordedGpuRow[];
  /** What the table shows, in one or two sentences (the course team's reading). */
  reading: string;
}

const MACHINE = "one NVIDIA H100 80 GB (in a machine with 16 CPU cores and 128 GiB RAM), WebGPU through Dawn on Vulkan";
const SOFTWARE = "onnxruntime-node 1.30 (its bundled WebGPU execution provider), Node.js 20; PyTorch row: PyTorch eager on the same GPU";
const SOURCE =
  "recorded by the course authors in November 2026 (first committed 2026-11-24), before bench:decode existed: a GPT-2-small-shaped " +
  "decoder with random weights and the KV cache as explicit inputs/outputs, run with onnxruntime-node (the fused rows used onnxruntime's " +
  "Python transformer optimizer). The script was not kept: `npm run bench:decode` on a GPU reproduces the comparison " +
  "(bench/README.md, \"Recorded GPU figures\")";

/** How a caption cites the recorded figures in one line. */
export const RECORDED_GPU_CITATION = "recorded by the course authors on an NVIDIA H100 with onnxruntime-node 1.30 (WebGPU), Nov 2026; see bench/README.md";

/**
 * The H100 decode-step anchors that benches, notebook 05 and deck 05 compare against, defined
 * once: GPT-2-small-shaped decoder (random weights), fp32, batch 1, prompt 128 tokens, on the
 * lent H100 ({@link RECORDED_GPU_TABLES} shows them in context). Milliseconds.
 */
export const H100_DECODE_ANCHORS = {
  /** Where the figures come from. */
  source: `${SOURCE}; ${MACHINE}; ${SOFTWARE}`,
  /** PyTorch eager, one decode step. */
  pytorchEagerDecodeMs: 5.8,
  /** PyTorch eager, prefill of 128 prompt tokens. */
  pytorchEagerPrefill128Ms: 6.3,
  /** Our first ONNX graph on WebGPU with the KV cache kept on the GPU, one decode step. */
  onnxWebgpuFirstGraphDecodeMs: 29.5,
  /** The same graph copying every output back to the CPU, one decode step. */
  onnxWebgpuCopyBackDecodeMs: 108.9,
  /** onnxruntime's CPU provider on the machine's 16 cores, one decode step. */
  onnxCpu16CoresDecodeMs: 12.7,
  /** The memory floor of one step: ~650 MB of weights read at ~3 TB/s. */
  memoryFloorDecodeMs: 0.2,
} as const;

/**
 * The two recorded tables (GPT-2-small-shaped decoder, random weights, fp32 unless said, KV cache as
 * explicit inputs/outputs, prompt 128 tokens), and the one-line MLP figure. Timings on that machine
 * varied by ±25% between runs: compare rows within a table.
 */
export const RECORDED_GPU_TABLES: RecordedGpuTable[] = [
  {
    title: "Keep the data on the device: WebGPU vs CPU, GPT-2-small-shaped decoder",
    machine: MACHINE,
    software: SOFTWARE,
    workload: "GPT-2-small-shaped decoder, random weights, fp32, KV cache as explicit inputs/outputs, prompt 128 tokens",
    source: SOURCE,
    rows: [
      { run: "CPU provider, 16 cores, batch 1", prefillMs: 42.7, decodeStepMs: H100_DECODE_ANCHORS.onnxCpu16CoresDecodeMs },
      { run: "WebGPU, outputs copied back to the CPU every step, batch 1", prefillMs: 66.3, decodeStepMs: H100_DECODE_ANCHORS.onnxWebgpuCopyBackDecodeMs },
      { run: "WebGPU, KV cache kept on the GPU (preferredOutputLocation: 'gpu-buffer'), batch 1", prefillMs: 29.0, decodeStepMs: H100_DECODE_ANCHORS.onnxWebgpuFirstGraphDecodeMs },
      { run: "WebGPU, KV cache on the GPU, batch 8", prefillMs: 40.8, decodeStepMs: 44.8 },
      { run: "PyTorch eager on the same GPU, fp32, batch 1 (for comparison)", prefillMs: H100_DECODE_ANCHORS.pytorchEagerPrefill128Ms, decodeStepMs: H100_DECODE_ANCHORS.pytorchEagerDecodeMs },
    ],
    reading:
      "Copying the KV cache back every step makes the GPU 8.6× slower than the CPU per decode step; keeping it on the GPU makes it 3.7× faster than copying. The memory floor of one step (~650 MB of weights at ~3 TB/s) is ~0.2 ms: every row is far from it.",
  },
  {
    title: "What moves one decode step (KV cache on the GPU)",
    machine: MACHINE,
    software: SOFTWARE,
    workload: "same decoder, KV cache on the GPU, batch 1 unless said",
    source: SOURCE + " (a second run the same day)",
    rows: [
      { run: "fp32, plain operators", decodeStepMs: 22.6 },
      { run: "fp16, plain operators", decodeStepMs: 23.6 },
      { run: "fp32, onnxruntime transformer optimizer fusions (no fused attention)", decodeStepMs: 25.0 },
      { run: "fp16, same fusions", decodeStepMs: 16.8 },
      { run: "fp16, plain operators, batch 8 (8 tokens per step)", decodeStepMs: 19.4 },
    ],
    reading:
      "Halving the bytes (fp16) alone does not help and batch 8 costs about what batch 1 costs: the step is overhead-bound (many small GPU dispatches and host round trips), not memory-bound.",
  },
];

/** The recorded MLP comparison (one figure, from the same notes). */
export const RECORDED_GPU_MLP_NOTE = {
  machine: MACHINE,
  software: SOFTWARE,
  source: SOURCE,
  finding: "an fp32 MLP with 4096×4096 layers at batch 1024 ran about 8× faster on WebGPU than on the machine's 16 CPU cores",
  speedupVsCpu: 8,
} as const;
