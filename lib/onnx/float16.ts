const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half-precision bits of one number (round to nearest even; overflow → ±Infinity). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mant |= 0x800000; // implicit leading 1
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++; // may carry into the exponent: still correct
  return sign | half;
}

/** Number value of IEEE 754 half-precision bits. */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Converts float32 values to half-precision bit patterns (the `Uint16Array` an fp16 ONNX tensor holds). */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}

/**
 * Converts half-precision values back to float32: from bit patterns (`Uint16Array`) or from the
 * `Float16Array` an fp16 tensor's data is on Node 24+ (see {@link float16Bits}).
 */
export function float16ToFloat32(data: Uint16Array | ArrayBufferView): Float32Array {
  const bits = float16Bits(data);
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i]!);
  return out;
}

/** The raw half-precision bits of fp16 tensor data, whether it is a `Uint16Array` (Node 20) or a `Float16Array` (Node 24+); no copy. */
export function float16Bits(data: ArrayBufferView): Uint16Array {
  if (data instanceof Uint16Array) return data;
  if (data.constructor.name === "Float16Array") return new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  throw new TypeError(`float16Bits: expected fp16 tensor data (Uint16Array or Float16Array), got a ${data.constructor.name}; is the tensor really "float16"?`);
}
