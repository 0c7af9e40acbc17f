import { createCompressor, type Compressor, type CompressorSpec } from "./compressors";

/** The separator the paper's code puts between the two texts it concatenates (`" ".join([x, y])`). */
export const NCD_SEPARATOR = " ";

/**
 * Normalized Compression Distance from three compressed lengths:
 * `(C(xy) - min(C(x), C(y))) / max(C(x), C(y))`. Near 0 for near-identical texts, near 1 (it can
 * slightly exceed 1 with real compressors) for unrelated ones.
 * @param cx compressed length of x
 * @param cy compressed length of y
 * @param cxy compressed length of the concatenation x + " " + y
 */
export function ncdFromLengths(cx: number, cy: number, cxy: number): number {
  const max = Math.max(cx, cy);
  if (!(max > 0)) throw new RangeError(`ncdFromLengths: compressed lengths must be positive, got C(x)=${cx}, C(y)=${cy}.`);
  return (cxy - Math.min(cx, cy)) / max;
}

/**
 * NCD of two texts with a compressor (default gzip level 9, the paper's setting), concatenated
 * as `x + " " + y` like the paper's code. For many pairs use {@link pairwiseNcd}, which compresses
 * each text once.
 * @example
 * ncd("the cat sat on the mat", "the cat sat on a mat") < ncd("the cat sat on the mat", "stocks fell 3%"); // true
 */
export function ncd(x: string, y: string, compressor: Compressor | CompressorSpec = {}): number {
  const c = "compressedLength" in compressor ? compressor : createCompressor(compressor);
  return ncdFromLengths(c.compressedLength(x), c.compressedLength(y), c.compressedLength(x + NCD_SEPARATOR + y));
}
