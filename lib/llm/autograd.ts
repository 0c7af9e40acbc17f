import { GradTensor } from "./grad-tensor";
import type { MatmulKernel } from "./matmul-kernels";

/**
 * A small reverse-mode automatic differentiation engine for training a transformer in TypeScript.
 *
 * Design: a tape of coarse operations (linear layer, layer norm, GELU, embedding, causal multi-head
 * attention, cross-entropy), each with a hand-written backward pass over `Float32Array`s. The only
 * heavy arithmetic, matrix multiplication, goes through a pluggable {@link MatmulKernel}: plain
 * TypeScript loops ({@link jsMatmulKernel}, about 0.5 GFLOP/s on one core here) or onnxruntime's
 * MLAS GEMM through a one-node ONNX graph ({@link createOrtMatmulKernel}, about 6–8 GFLOP/s on the
 * same single core): the way NumPy hands its matrix products to BLAS. Everything else (softmax,
 * norms, the backward formulas, Adam) is readable TypeScript.
 */

type Backward = () => Promise<void> | void;

function addInto(dst: Float32Array, src: Float32Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] += src[i]!;
}

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * Records operations during a forward pass so that {@link GradTape.backward} can run them in
 * reverse. Make a new tape (or call {@link GradTape.reset}) for every step.
 */
export class GradTape {
  private ops: Backward[] = [];
  /** @param kernel the matrix-product kernel every op uses */
  constructor(readonly kernel: MatmulKernel) {}

  /** Forgets the recorded ops. */
  reset(): void {
    this.ops = [];
  }

  private out(data: Float32Array, shape: number[], ...inputs: GradTensor[]): GradTensor {
    return new GradTensor(data, shape, inputs.some((t) => t.requiresGrad));
  }

  /** y = x·W + b for x [M, K], W [K, N], b [N] (b optional). */
  async linear(x: GradTensor, w: GradTensor, b?: GradTensor): Promise<GradTensor> {
    const [K, N] = w.shape as [number, number];
    const M = x.size / K;
    if (!Number.isInteger(M) || x.shape[x.shape.length - 1] !== K) throw new Error(`linear: x [${x.shape}] does not match W [${w.shape}].`);
    const y = await this.kernel.matmul(x.data, w.data, { m: M, k: K, n: N });
    if (b) for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) y[i * N + j] += b.data[j]!;
    const out = this.out(y, [M, N], x, w, ...(b ? [b] : []));
    if (out.requiresGrad) {
      this.ops.push(async () => {
        const dy = out.grad;
        if (!dy) return;
        if (b?.requiresGrad) {
          const db = b.ensureGrad();
          for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) db[j] += dy[i * N + j]!;
        }
        if (w.requiresGrad) addInto(w.ensureGrad(), await this.kernel.matmul(x.data, dy, { m: K, k: M, n: N, transA: true }));
        if (x.requiresGrad) addInto(x.ensureGrad(), await this.kernel.matmul(dy, w.data, { m: M, k: N, n: K, transB: true }));
      });
    }
    return out;
  }

  /** Element-wise a + b (same shape). */
  add(a: GradTensor, b: GradTensor): GradTensor {
    if (a.size !== b.size) throw new Error(`add: shapes [${a.shape}] and [${b.shape}] differ.`);
    const y = new Float32Array(a.size);
    for (let i = 0; i < y.length; i++) y[i] = a.data[i]! + b.data[i]!;
    const out = this.out(y, a.shape, a, b);
    if (out.requiresGrad) {
      this.ops.push(() => {
        if (!out.grad) return;
        if (a.requiresGrad) addInto(a.ensureGrad(), out.grad);
        if (b.requiresGrad) addInto(b.ensureGrad(), out.grad);
      });
    }
    return out;
  }

  /** Layer normalisation over the last dimension (biased variance, like PyTorch and ONNX). */
  layerNorm(x: GradTensor, gamma: GradTensor, beta: GradTensor, eps = 1e-5): GradTensor {
    const N = gamma.size;
    const M = x.size / N;
    const y = new Float32Array(x.size);
    const xhat = new Float32Array(x.size);
    const rstd = new Float32Array(M);
    for (let i = 0; i < M; i++) {
      const o = i * N;
      let mean = 0;
      for (let j = 0; j < N; j++) mean += x.data[o + j]!;
      mean /= N;
      let v = 0;
      for (let j = 0; j < N; j++) {
        const d = x.data[o + j]! - mean;
        v += d * d;
      }
      const r = 1 / Math.sqrt(v / N + eps);
      rstd[i] = r;
      for (let j = 0; j < N; j++) {
        const h = (x.data[o + j]! - mean) * r;
        xhat[o + j] = h;
        y[o + j] = h * gamma.data[j]! + beta.data[j]!;
      }
    }
    const out = this.out(y, x.shape, x, gamma, beta);
    if (out.requiresGrad) {
      this.ops.push(() => {
        const dy = out.grad;
        if (!dy) return;
        const dg = gamma.requiresGrad ? gamma.ensureGrad() : null;
        const db = beta.requiresGrad ? beta.ensureGrad() : null;
        const dx = x.requiresGrad ? x.ensureGrad() : null;
        for (let i = 0; i < M; i++) {
          const o = i * N;
          let s1 = 0, s2 = 0;
          for (let j = 0; j < N; j++) {
            const g = dy[o + j]!;
            if (dg) dg[j] += g * xhat[o + j]!;
            if (db) db[j] += g;
            const dh = g * gamma.data[j]!;
            s1 += dh;
            s2 += dh * xhat[o + j]!;
          }
          if (dx) {
            s1 /= N;
            s2 /= N;
            const r = rstd[i]!;
            for (let j = 0; j < N; j++) dx[o + j] += r * (dy[o + j]! * gamma.data[j]! - s1 - xhat[o + j]! * s2);
          }
        }
      });
    }
    return out;
  }

  /** GELU, tanh approximation (GPT-2's): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  gelu(x: GradTensor): GradTensor {
    const y = new Float32Array(x.size);
    const th = new Float32Array(x.size);
    for (let i = 0; i < y.length; i++) {
      const v = x.data[i]!;
      const t = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
      th[i] = t;
      y[i] = 0.5 * v * (1 + t);
    }
    const out = this.out(y, x.shape, x);
    if (out.requiresGrad) {
      this.ops.push(() => {
        if (!out.grad) return;
        const dx = x.ensureGrad();
        for (let i = 0; i < y.length; i++) {
          const v = x.data[i]!, t = th[i]!;
          dx[i] += out.grad[i]! * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v));
        }
      });
    }
    return out;
  }

  /** Rows of `table` [V, D] picked by `ids` → [ids.length, D]. */
  embedding(table: GradTensor, ids: Int32Array): GradTensor {
    const [V, D] = table.shape as [number, number];
    const y = new Float32Array(ids.length * D);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < 0 || id >= V) throw new Error(`embedding: id ${id} at position ${i} is outside the table (0…${V - 1}).`);
      y.set(table.data.subarray(id * D, id * D + D), i * D);
    }
    const out = this.out(y, [ids.length, D], table);
    if (out.requiresGrad) {
      this.ops.push(() => {
        if (!out.grad) return;
        const g = table.ensureGrad();
        for (let i = 0; i < ids.length; i++) {
          const o = ids[i]! * D;
          for (let j = 0; j < D; j++) g[o + j] += out.grad[i * D + j]!;
        }
      });
    }
    return out;
  }

  /**
   * Causal multi-head self-attention core: `qkv` [B·T, 3·D] (queries, keys, values side by side,
   * heads as consecutive slices of D/H) → [B·T, D]. Position i attends to positions ≤ i.
   */
  async causalAttention(qkv: GradTensor, batch: number, seq: number, heads: number): Promise<GradTensor> {
    const D = qkv.shape[1]! / 3;
    const hd = D / heads;
    if (!Number.isInteger(hd)) throw new Error(`causalAttention: width ${D} is not divisible by ${heads} heads.`);
    if (qkv.shape[0] !== batch * seq) throw new Error(`causalAttention: qkv has ${qkv.shape[0]} rows, expected batch·seq = ${batch * seq}.`);
    const BH = batch * heads;
    const split = (src: Float32Array, part: number, stride: number): Float32Array => {
      const dst = new Float32Array(BH * seq * hd);
      for (let b = 0; b < batch; b++)
        for (let h = 0; h < heads; h++)
          for (let t = 0; t < seq; t++) {
            const so = (b * seq + t) * stride + part * D + h * hd;
            dst.set(src.subarray(so, so + hd), ((b * heads + h) * seq + t) * hd);
          }
      return dst;
    };
    const q = split(qkv.data, 0, 3 * D), k = split(qkv.data, 1, 3 * D), v = split(qkv.data, 2, 3 * D);
    const scale = 1 / Math.sqrt(hd);
    const p = await this.kernel.matmul(q, k, { batch: BH, m: seq, k: hd, n: seq, transB: true });
    for (let r = 0; r < BH * seq; r++) {
      const i = r % seq;
      const o = r * seq;
      let mx = -Infinity;
      for (let j = 0; j <= i; j++) mx = Math.max(mx, p[o + j]! * scale);
      let sum = 0;
      for (let j = 0; j <= i; j++) {
        const e = Math.exp(p[o + j]! * scale - mx);
        p[o + j] = e;
        sum += e;
      }
      for (let j = 0; j <= i; j++) p[o + j] /= sum;
      for (let j = i + 1; j < seq; j++) p[o + j] = 0;
    }
    const o4 = await this.kernel.matmul(p, v, { batch: BH, m: seq, k: seq, n: hd });
    const y = new Float32Array(batch * seq * D);
    for (let b = 0; b < batch; b++)
      for (let h = 0; h < heads; h++)
        for (let t = 0; t < seq; t++) {
          const so = ((b * heads + h) * seq + t) * hd;
          y.set(o4.subarray(so, so + hd), (b * seq + t) * D + h * hd);
        }
    const out = this.out(y, [batch * seq, D], qkv);
    if (out.requiresGrad) {
      this.ops.push(async () => {
        if (!out.grad) return;
        const dO = split(out.grad, 0, D);
        const dV = await this.kernel.matmul(p, dO, { batch: BH, m: seq, k: seq, n: hd, transA: true });
        const dP = await this.kernel.matmul(dO, v, { batch: BH, m: seq, k: hd, n: seq, transB: true });
        for (let r = 0; r < BH * seq; r++) {
          const i = r % seq;
          const o = r * seq;
          let dot = 0;
          for (let j = 0; j <= i; j++) dot += dP[o + j]! * p[o + j]!;
          for (let j = 0; j <= i; j++) dP[o + j] = p[o + j]! * (dP[o + j]! - dot) * scale;
          for (let j = i + 1; j < seq; j++) dP[o + j] = 0;
        }
        const dQ = await this.kernel.matmul(dP, k, { batch: BH, m: seq, k: seq, n: hd });
        const dK = await this.kernel.matmul(dP, q, { batch: BH, m: seq, k: seq, n: hd, transA: true });
        const g = qkv.ensureGrad();
        for (let b = 0; b < batch; b++)
          for (let h = 0; h < heads; h++)
            for (let t = 0; t < seq; t++) {
              const so = ((b * heads + h) * seq + t) * hd;
              const go = (b * seq + t) * 3 * D + h * hd;
              for (let j = 0; j < hd; j++) {
                g[go + j] += dQ[so + j]!;
                g[go + D + j] += dK[so + j]!;
                g[go + 2 * D + j] += dV[so + j]!;
              }
            }
      });
    }
    return out;
  }

  /**
   * Mean cross-entropy (natural log) of `logits` [M, V] against `targets` (M class ids) → a
   * one-value tensor. Targets equal to -1 are ignored.
   */
  crossEntropy(logits: GradTensor, targets: Int32Array): GradTensor {
    const V = logits.shape[logits.shape.length - 1]!;
    const M = logits.size / V;
    if (targets.length !== M) throw new Error(`crossEntropy: ${targets.length} targets for ${M} rows of logits.`);
    const probs = new Float32Array(logits.size);
    let total = 0, count = 0;
    for (let i = 0; i < M; i++) {
      const o = i * V;
      let mx = -Infinity;
      for (let j = 0; j < V; j++) mx = Math.max(mx, logits.data[o + j]!);
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(logits.data[o + j]! - mx);
      const lse = mx + Math.log(sum);
      for (let j = 0; j < V; j++) probs[o + j] = Math.exp(logits.data[o + j]! - lse);
      const t = targets[i]!;
      if (t < 0) continue;
      if (t >= V) throw new Error(`crossEntropy: target ${t} at row ${i} is outside 0…${V - 1}.`);
      total += lse - logits.data[o + t]!;
      count++;
    }
    const out = this.out(Float32Array.of(count ? total / count : 0), [1], logits);
    if (out.requiresGrad) {
      this.ops.push(() => {
        if (!out.grad || count === 0) return;
        const g = logits.ensureGrad();
        const s = out.grad[0]! / count;
        for (let i = 0; i < M; i++) {
          const t = targets[i]!;
          if (t < 0) continue;
          const o = i * V;
          for (let j = 0; j < V; j++) g[o + j] += s * probs[o + j]!;
          g[o + t] -= s;
        }
      });
    }
    return out;
  }

  /** Runs the recorded ops in reverse from a one-value `loss` (its gradient set to 1), then clears the tape. */
  async backward(loss: GradTensor): Promise<void> {
    if (loss.size !== 1) throw new Error(`backward: the loss must hold one value, got shape [${loss.shape}].`);
    loss.ensureGrad()[0] = 1;
    for (let i = this.ops.length - 1; i >= 0; i--) await this.ops[i]!();
    this.ops = [];
  }
}
