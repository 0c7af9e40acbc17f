import { distance } from "fastest-levenshtein";

/**
 * Normalized edit distance: Levenshtein distance (the npm package fastest-levenshtein, Myers'
 * bit-parallel algorithm) divided by the longer string's length, so 0 = equal, 1 = nothing shared.
 */
export function normalizedEditDistance(a: string, b: string): number {
  const m = Math.max(a.length, b.length);
  return m === 0 ? 0 : distance(a, b) / m;
}
