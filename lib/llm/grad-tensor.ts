/** A tensor on the tape: row-major values, their shape, and (after backward) the gradient. */
export class GradTensor {
  /** Gradient of the loss with respect to this tensor, allocated on first use. */
  grad: Float32Array | null = null;
  /**
   * @param data row-major values
   * @param shape dimensions (their product must equal `data.length`)
   * @param requiresGrad whether backward should compute a gradient for it (parameters: true)
   */
  constructor(
    readonly data: Float32Array,
    readonly shape: number[],
    readonly requiresGrad = false,
  ) {
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== data.length) throw new Error(`GradTensor: shape [${shape.join(", ")}] holds ${n} values but data has ${data.length}.`);
  }
  /** Number of values. */
  get size(): number {
    return this.data.length;
  }
  /** The gradient buffer, created (zero) when missing. */
  ensureGrad(): Float32Array {
    if (!this.grad) this.grad = new Float32Array(this.data.length);
    return this.grad;
  }
}
