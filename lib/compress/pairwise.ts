import * as os from "node:os";
import { Worker } from "node:worker_threads";
import { resolveCompressorSpec, type CompressorName } from "./compressors";
import { ncdKernel, NCD_WORKER_FILE, type KernelRowResult } from "./ncd-kernel";

/** The nearest train items of one test item: parallel arrays, nearest first. */
export interface NcdNeighbours {
  /** Train indices, nearest first (equal distances: lower index first). */
  indices: Int32Array;
  /** Their NCD to the test item. */
  distances: Float64Array;
}

/** Options for {@link pairwiseNcd}. */
export interface PairwiseNcdOptions {
  /** node:zlib format. Default `"gzip"`. */
  compressor?: CompressorName;
  /** Level 0..9. Default 9 (the paper's). */
  level?: number;
  /** How many nearest neighbours to keep per test item. Default 100; `Infinity` keeps the whole row. */
  topK?: number;
  /** Worker threads; 0 computes in this thread. Default: all cores (`os.availableParallelism()`). */
  workers?: number;
  /** Test indices to compute (e.g. the ones a checkpoint lacks). Default: all. */
  rows?: readonly number[];
  /** Test rows sent to a worker at a time. Default 4. */
  chunkRows?: number;
  /**
   * Restricts test item i to these train indices (retrieve + re-rank; see {@link rerankNcd}).
   * Default: the whole train set.
   */
  candidates?: (i: number) => ArrayLike<number>;
  /** Approximate prefix reuse: C(x + " " + y) ≈ C(x) + C(y | preset dictionary x + " "). Default false (exact). */
  prefix?: boolean;
  /** Called as rows finish (in completion order), e.g. to checkpoint them or tick a progress bar. */
  onRows?: (done: { i: number; neighbours: NcdNeighbours }[]) => void;
}

/** What {@link pairwiseNcd} returns. */
export interface PairwiseNcdResult {
  /** Per test item (in test order) its nearest train items; `undefined` for rows not requested. */
  neighbours: (NcdNeighbours | undefined)[];
  /** Compressions done: one per train and test text (C(x) once each) plus one per pair. */
  compressions: number;
  /** Pairs (test × train) computed. */
  pairs: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Worker threads used (0: in this thread). */
  workers: number;
}

/** Compressed length of every text with node:zlib at one setting (each text once). */
export function compressedLengths(texts: readonly string[], compressor: CompressorName = "gzip", level = 9): Float64Array {
  const spec = resolveCompressorSpec({ name: compressor, level });
  const engine = ncdKernel.createLengthEngine({ name: spec.name, level: spec.level });
  const bytes = texts.map((t) => Buffer.from(t, "utf8"));
  const out = new Float64Array(texts.length);
  // shortest first so the engine reuses one native handle
  for (const i of ncdKernel.orderByLength(bytes.map((b) => b.length))) out[i] = engine.length(bytes[i]!);
  engine.close();
  return out;
}

/**
 * NCD of every test text against every train text (the paper's `x + " " + y`, node:zlib), keeping
 * the `topK` nearest train items per test item. Each C(x) is computed once; the pairs are spread
 * over worker threads (plain `.cjs` workers: they load under vitest, tslab and tsx alike).
 * Distances are identical to computing `zlib.gzipSync` (or the chosen format) from scratch per pair.
 * @example
 * const { neighbours } = await pairwiseNcd(test.map(r => r.text), train.map(r => r.text), { topK: 10 });
 */
export async function pairwiseNcd(
  test: readonly string[],
  train: readonly string[],
  options: PairwiseNcdOptions = {},
): Promise<PairwiseNcdResult> {
  const t0 = performance.now();
  const spec = resolveCompressorSpec({ name: options.compressor, level: options.level });
  const kspec = { name: spec.name, level: spec.level, prefix: options.prefix === true };
  if (train.length === 0) throw new RangeError("pairwiseNcd: the train set is empty.");
  const topK = Math.min(options.topK ?? 100, train.length);
  if (!(topK >= 1)) throw new RangeError(`pairwiseNcd: topK must be ≥ 1, got ${options.topK}.`);
  const rows = options.rows ? [...options.rows] : test.map((_, i) => i);
  for (const i of rows) {
    if (!Number.isInteger(i) || i < 0 || i >= test.length) throw new RangeError(`pairwiseNcd: row ${i} is not a test index (0..${test.length - 1}).`);
  }
  const trainC = compressedLengths(train, spec.name, spec.level);
  const testC = compressedLengths(rows.map((i) => test[i]!), spec.name, spec.level);
  const cxOf = new Map<number, number>();
  rows.forEach((i, j) => cxOf.set(i, testC[j]!));
  const task = (i: number): { i: number; text: string; cx: number; candidates?: Int32Array } => {
    const c = options.candidates?.(i);
    if (c) {
      for (let q = 0; q < c.length; q++) {
        const j = c[q]!;
        if (!Number.isInteger(j) || j < 0 || j >= train.length) throw new RangeError(`pairwiseNcd: candidate ${j} of test row ${i} is not a train index.`);
      }
    }
    return { i, text: test[i]!, cx: cxOf.get(i)!, candidates: c ? Int32Array.from(c) : undefined };
  };
  const neighbours: (NcdNeighbours | undefined)[] = new Array(test.length).fill(undefined);
  const accept = (results: KernelRowResult[]): void => {
    const done = results.map((r) => ({ i: r.i, neighbours: { indices: r.indices, distances: r.distances } }));
    for (const d of done) neighbours[d.i] = d.neighbours;
    options.onRows?.(done);
  };
  const nWorkers = Math.min(options.workers ?? (os.availableParallelism?.() ?? os.cpus().length), rows.length);
  const chunk = Math.max(1, options.chunkRows ?? 4);
  let pairCompressions = 0;

  if (nWorkers <= 0) {
    const proc = ncdKernel.createRowProcessor(kspec, [...train], trainC, topK);
    for (let s = 0; s < rows.length; s += chunk) {
      accept(proc.process(rows.slice(s, s + chunk).map(task)));
    }
    pairCompressions = proc.compressions();
    proc.close();
  } else {
    let next = 0;
    const perWorker: number[] = new Array(nWorkers).fill(0);
    await new Promise<void>((resolve, reject) => {
      let running = nWorkers;
      let failed = false;
      const workers: Worker[] = [];
      const fail = (e: Error): void => {
        if (failed) return;
        failed = true;
        for (const w of workers) void w.terminate();
        reject(e);
      };
      const inFlight: number[] = new Array(nWorkers).fill(0);
      const feed = (w: number): boolean => {
        if (next >= rows.length) return false;
        const batch = rows.slice(next, next + chunk).map(task);
        next += batch.length;
        inFlight[w]!++;
        workers[w]!.postMessage({ type: "rows", rows: batch });
        return true;
      };
      for (let w = 0; w < nWorkers; w++) {
        const worker = new Worker(NCD_WORKER_FILE, { workerData: { spec: kspec, train, trainC, k: topK } });
        workers.push(worker);
        worker.on("message", (msg: { type: string; results?: KernelRowResult[]; compressions?: number; message?: string }) => {
          if (failed) return;
          if (msg.type === "error") return fail(new Error(`pairwiseNcd worker failed: ${msg.message}`));
          perWorker[w] = msg.compressions!;
          inFlight[w]!--;
          try {
            accept(msg.results!);
          } catch (e) {
            return fail(e as Error);
          }
          if (!feed(w) && inFlight[w] === 0) worker.postMessage({ type: "close" });
        });
        worker.on("error", (e) => fail(e));
        worker.on("exit", () => {
          if (--running === 0 && !failed) {
            if (next < rows.length) fail(new Error("pairwiseNcd: workers exited before all rows were done."));
            else resolve();
          }
        });
        // two batches in flight per worker keeps it busy while results travel back
        if (!feed(w)) worker.postMessage({ type: "close" });
        feed(w);
      }
    });
    pairCompressions = perWorker.reduce((a, b) => a + b, 0);
  }
  return {
    neighbours,
    compressions: train.length + rows.length + pairCompressions,
    pairs: pairCompressions,
    seconds: (performance.now() - t0) / 1000,
    workers: Math.max(0, nWorkers),
  };
}

/**
 * The full NCD matrix (`test.length` rows × `train.length` columns), computed in this thread.
 * For small sets (notebook illustrations, tests); use {@link pairwiseNcd} for real runs.
 */
export function ncdMatrix(test: readonly string[], train: readonly string[], compressor: CompressorName = "gzip", level = 9): Float64Array[] {
  const spec = resolveCompressorSpec({ name: compressor, level });
  const trainC = compressedLengths(train, spec.name, spec.level);
  const testC = compressedLengths(test, spec.name, spec.level);
  const proc = ncdKernel.createRowProcessor({ name: spec.name, level: spec.level }, [...train], trainC, train.length);
  const out = proc.process(test.map((text, i) => ({ i, text, cx: testC[i]! }))).map((r) => {
    const row = new Float64Array(train.length);
    r.indices.forEach((j, q) => (row[j] = r.distances[q]!));
    return row;
  });
  proc.close();
  return out;
}
