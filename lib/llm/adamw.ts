import type { GradTensor } from "./grad-tensor";

/** Options for {@link AdamWOptimizer}. */
export interface AdamWOptions {
  /** β1. Default 0.9. */
  beta1?: number;
  /** β2. Default 0.99 (a common choice for small character models). */
  beta2?: number;
  /** ε. Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay applied to tensors of rank ≥ 2 (matrices, embeddings). Default 0.1. */
  weightDecay?: number;
}

/** Adam with decoupled weight decay (Loshchilov & Hutter), state kept as Float32Arrays so it can be checkpointed. */
export class AdamWOptimizer {
  /** First-moment estimates, one per parameter. */
  readonly m: Float32Array[];
  /** Second-moment estimates, one per parameter. */
  readonly v: Float32Array[];
  /** Steps taken so far. */
  step = 0;
  private readonly o: Required<AdamWOptions>;
  /** @param params the tensors to update (their `grad` must be filled by backward) */
  constructor(
    readonly params: GradTensor[],
    options: AdamWOptions = {},
  ) {
    this.o = { beta1: options.beta1 ?? 0.9, beta2: options.beta2 ?? 0.99, eps: options.eps ?? 1e-8, weightDecay: options.weightDecay ?? 0.1 };
    this.m = params.map((p) => new Float32Array(p.size));
    this.v = params.map((p) => new Float32Array(p.size));
  }

  /** Global L2 norm of all gradients. */
  gradNorm(): number {
    let s = 0;
    for (const p of this.params) if (p.grad) for (let i = 0; i < p.grad.length; i++) s += p.grad[i]! * p.grad[i]!;
    return Math.sqrt(s);
  }

  /** One update with learning rate `lr`; gradients are scaled down first when their global norm exceeds `clip` (default 1). Returns the norm before clipping. */
  update(lr: number, clip = 1): number {
    const norm = this.gradNorm();
    const scale = clip > 0 && norm > clip ? clip / norm : 1;
    this.step++;
    const { beta1, beta2, eps, weightDecay } = this.o;
    const c1 = 1 - beta1 ** this.step, c2 = 1 - beta2 ** this.step;
    this.params.forEach((p, k) => {
      const g = p.grad;
      if (!g) return;
      const m = this.m[k]!, v = this.v[k]!;
      const decay = p.shape.length >= 2 ? 1 - lr * weightDecay : 1;
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]! * scale;
        m[i] = beta1 * m[i]! + (1 - beta1) * gi;
        v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
        p.data[i] = p.data[i]! * decay - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
      }
    });
    return norm;
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.grad?.fill(0);
  }
}
