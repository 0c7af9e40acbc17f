/**
 * Float32 array → base64 of its little-endian bytes: how models store weights inside JSON (4 bytes
 * a number instead of ~10 characters of decimal text, and exact).
 */
export function float32ToBase64(a: Float32Array): string {
  const le = new Float32Array(a); // copy: Buffer view must start at offset 0 of its own buffer
  return Buffer.from(le.buffer, le.byteOffset, le.byteLength).toString("base64");
}

/** Inverse of {@link float32ToBase64}. */
export function base64ToFloat32(s: string): Float32Array {
  const b = Buffer.from(s, "base64");
  if (b.length % 4 !== 0) throw new Error(`base64ToFloat32: ${b.length} bytes is not a whole number of float32 values.`);
  const out = new Float32Array(b.length / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Class labels mapped to integer ids, in first-seen order unless `classes` is given. */
export interface EncodedLabels {
  /** Class id of each row. */
  y: number[];
  /** Label of each class id. */
  classes: string[];
}

/**
 * Maps string labels to class ids 0..k-1. With `classes`, that order is used and an unknown label
 * is an error; otherwise classes are sorted (so the mapping does not depend on row order).
 */
export function encodeClassLabels(labels: readonly string[], classes?: readonly string[]): EncodedLabels {
  const cls = classes ? [...classes] : [...new Set(labels)].sort();
  const id = new Map(cls.map((c, i) => [c, i]));
  const y = labels.map((l, i) => {
    const k = id.get(l);
    if (k === undefined) throw new Error(`encodeClassLabels: row ${i} has label "${l}", not among the ${cls.length} given classes.`);
    return k;
  });
  return { y, classes: cls };
}

/** Numerically stable softmax of `logits` in place (float64), returned for chaining. */
export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i]! - max);
    logits[i] = e;
    sum += e;
  }
  for (let i = 0; i < logits.length; i++) logits[i]! /= sum;
  return logits;
}

/** Index of the largest value (first one on ties), as ONNX `ArgMax` returns it. */
export function argmaxIndex(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
