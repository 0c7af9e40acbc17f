/**
 * Typed access to the plain-JavaScript NCD kernel (`ncd-kernel.cjs`), which worker threads load
 * without a TypeScript loader. Library code goes through {@link createCompressor} and
 * {@link pairwiseNcd}; this file only gives the kernel its types.
 * @internal
 * @packageDocumentation
 */
import * as path from "node:path";

/** A compressor description the kernel understands (node:zlib at a level). */
export interface KernelSpec {
  name: "gzip" | "deflate" | "zlib";
  level: number;
  /** Approximate prefix reuse: C(x + " " + y) ≈ C(x) + C(y | dictionary x + " "). Default false (exact). */
  prefix?: boolean;
}

/** A reusable compressed-length function over one node:zlib handle. @internal */
export interface LengthEngine {
  length(buf: Uint8Array, len?: number): number;
  stats(): { calls: number; handles: number };
  close(): void;
}

/** One processed test row: its nearest train items, nearest first. @internal */
export interface KernelRowResult {
  i: number;
  indices: Int32Array;
  distances: Float64Array;
}

/** @internal */
export interface RowProcessor {
  process(rows: { i: number; text: string | Uint8Array; cx: number; candidates?: ArrayLike<number> }[]): KernelRowResult[];
  compressions(): number;
  close(): void;
}

/** @internal */
export interface KernelModule {
  CONTAINER_OVERHEAD: Record<KernelSpec["name"], number>;
  checkSpec(spec: KernelSpec): void;
  createLengthEngine(spec: KernelSpec): LengthEngine;
  orderByLength(lens: ArrayLike<number>): Int32Array;
  topK(dist: Float64Array, k: number): [Int32Array, Float64Array];
  createRowProcessor(spec: KernelSpec, train: (string | Uint8Array)[], trainC: ArrayLike<number>, k: number): RowProcessor;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
/** The kernel module (loaded once). @internal */
export const ncdKernel: KernelModule = require("./ncd-kernel.cjs") as KernelModule;

/** Absolute path of the worker entry file. @internal */
export const NCD_WORKER_FILE: string = path.join(__dirname, "ncd-worker.cjs");
