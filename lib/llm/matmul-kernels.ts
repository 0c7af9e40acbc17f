/**
 * Matrix-product kernels for the autograd tape: plain TypeScript loops (exact, slow) or
 * onnxruntime's MLAS GEMM through a one-node ONNX graph.
 * @packageDocumentation
 */
import * as ort from "onnxruntime-node";
import { OnnxGraphBuilder } from "../onnx/graph-builder";
import { createSession } from "../compute/providers";

/** Options of one (batched) matrix product for a {@link MatmulKernel}. */
export interface MatmulShape {
  /** Number of independent products (A and B both hold `batch` matrices). Default 1. */
  batch?: number;
  /** Rows of op(A) and of C. */
  m: number;
  /** Columns of op(A) = rows of op(B). */
  k: number;
  /** Columns of op(B) and of C. */
  n: number;
  /** A is stored as [k, m] and used transposed. Default false. */
  transA?: boolean;
  /** B is stored as [n, k] and used transposed. Default false. */
  transB?: boolean;
}

/** Computes C[b] = op(A[b]) · op(B[b]) for row-major float32 matrices; returns a new array [batch, m, n]. */
export interface MatmulKernel {
  /** Kernel name (for logs). */
  readonly name: string;
  /** The batched product. */
  matmul(a: Float32Array, b: Float32Array, shape: MatmulShape): Promise<Float32Array>;
}

/** Synchronous TypeScript matrix product (the reference kernel used by tests). */
export function matmulJs(a: Float32Array, b: Float32Array, s: MatmulShape): Float32Array {
  const { m, k, n } = s;
  const batch = s.batch ?? 1;
  if (a.length !== batch * m * k) throw new Error(`matmul: A has ${a.length} values, expected batch·m·k = ${batch * m * k}.`);
  if (b.length !== batch * k * n) throw new Error(`matmul: B has ${b.length} values, expected batch·k·n = ${batch * k * n}.`);
  const c = new Float32Array(batch * m * n);
  const row = new Float32Array(k);
  for (let p = 0; p < batch; p++) {
    const ao = p * m * k, bo = p * k * n, co = p * m * n;
    for (let i = 0; i < m; i++) {
      for (let t = 0; t < k; t++) row[t] = s.transA ? a[ao + t * m + i]! : a[ao + i * k + t]!;
      const ci = co + i * n;
      if (s.transB) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          const bj = bo + j * k;
          for (let t = 0; t < k; t++) acc += row[t]! * b[bj + t]!;
          c[ci + j] = acc;
        }
      } else {
        for (let t = 0; t < k; t++) {
          const av = row[t]!;
          if (av === 0) continue;
          const bt = bo + t * n;
          for (let j = 0; j < n; j++) c[ci + j] += av * b[bt + j]!;
        }
      }
    }
  }
  return c;
}

/** The TypeScript-loop kernel: exact, dependency-free, slow (use for tests and tiny models). */
export const jsMatmulKernel: MatmulKernel = {
  name: "js",
  matmul: async (a, b, s) => matmulJs(a, b, s),
};

/** Options for {@link createOrtMatmulKernel}. */
export interface OrtMatmulKernelOptions {
  /** onnxruntime intra-op threads. Default 1 (one core, so a training run does not take the whole machine). */
  threads?: number;
}

/**
 * A kernel that runs each product as a one-node ONNX graph (`Transpose` where needed, then
 * `MatMul`) on onnxruntime's CPU provider, one session per transpose combination, created through
 * `createSession`. Per call it costs about 0.1 ms of overhead, so it pays off for products of
 * more than a few hundred thousand multiply-adds.
 */
export async function createOrtMatmulKernel(options: OrtMatmulKernelOptions = {}): Promise<MatmulKernel> {
  const threads = options.threads ?? 1;
  const sessions = new Map<string, ort.InferenceSession>();
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      const g = new OnnxGraphBuilder("matmul").input("A", "float32", ["b", "r1", "c1"]).input("B", "float32", ["b", "r2", "c2"]);
      if (ta) g.node("Transpose", ["A"], ["At"], { perm: [0, 2, 1] });
      if (tb) g.node("Transpose", ["B"], ["Bt"], { perm: [0, 2, 1] });
      g.node("MatMul", [ta ? "At" : "A", tb ? "Bt" : "B"], ["C"]).output("C", "float32", ["b", "m", "n"]);
      const { session } = await createSession(g.build(), { providers: ["cpu"], sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 } });
      sessions.set(`${ta}${tb}`, session);
    }
  }
  return {
    name: `onnxruntime-cpu-${threads}t`,
    async matmul(a, b, s) {
      const batch = s.batch ?? 1;
      if (a.length !== batch * s.m * s.k) throw new Error(`matmul: A has ${a.length} values, expected batch·m·k = ${batch * s.m * s.k}.`);
      if (b.length !== batch * s.k * s.n) throw new Error(`matmul: B has ${b.length} values, expected batch·k·n = ${batch * s.k * s.n}.`);
      const session = sessions.get(`${!!s.transA}${!!s.transB}`)!;
      const A = new ort.Tensor("float32", a, s.transA ? [batch, s.k, s.m] : [batch, s.m, s.k]);
      const B = new ort.Tensor("float32", b, s.transB ? [batch, s.n, s.k] : [batch, s.k, s.n]);
      const out = await session.run({ A, B });
      return out.C!.data as Float32Array;
    },
  };
}
