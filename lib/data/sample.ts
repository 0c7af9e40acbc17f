import { createRng } from "./random";

/** Options for stratified sampling and splitting. */
export interface StratifyOptions<T> {
  /** Seed of the generator; the same seed always picks the same rows. Default 42. */
  seed?: number;
  /** The stratum of a row. Default: its `label` property. */
  key?: (row: T) => string;
}

function groups<T>(rows: readonly T[], key: (row: T) => string): Map<string, number[]> {
  const g = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = key(r);
    let a = g.get(k);
    if (!a) g.set(k, (a = []));
    a.push(i);
  });
  return g;
}

const defaultKey = (r: unknown): string => String((r as { label?: unknown }).label);

/**
 * Largest-remainder allocation of `n` items over strata proportional to their sizes, so that
 * class proportions are kept as closely as integers allow and the total is exactly `n`.
 */
function allocate(sizes: number[], n: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s * n) / total);
  const out = exact.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    if (out[i]! < sizes[i]!) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

/**
 * A seeded stratified sample of `n` rows: each class keeps its share (largest-remainder rounding),
 * rows keep their original order. With `n >= rows.length` returns all rows.
 */
export function stratifiedSample<T>(rows: readonly T[], n: number, options: StratifyOptions<T> = {}): T[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`stratifiedSample: n must be a non-negative integer, got ${n}`);
  if (n >= rows.length) return rows.slice();
  const rng = createRng(options.seed ?? 42);
  const g = [...groups(rows, options.key ?? defaultKey).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const take = allocate(
    g.map(([, idx]) => idx.length),
    n,
  );
  const picked: number[] = [];
  g.forEach(([, idx], j) => picked.push(...rng.shuffle(idx.slice()).slice(0, take[j])));
  return picked.sort((a, b) => a - b).map((i) => rows[i]!);
}

/** Options for {@link stratifiedSplit}. */
export interface SplitOptions<T> extends StratifyOptions<T> {
  /** Fraction of rows (0–1) that go to the test part. Default 0.2. */
  testFraction?: number;
}

/**
 * A seeded stratified train/test split: every class is split in (nearly) the same proportion.
 * Each row lands in exactly one part; both keep the original order.
 */
export function stratifiedSplit<T>(rows: readonly T[], options: SplitOptions<T> = {}): { train: T[]; test: T[] } {
  const f = options.testFraction ?? 0.2;
  if (!(f > 0 && f < 1)) throw new RangeError(`stratifiedSplit: testFraction must be in (0, 1), got ${f}`);
  const rng = createRng(options.seed ?? 42);
  const inTest = new Uint8Array(rows.length);
  const g = [...groups(rows, options.key ?? defaultKey).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [, idx] of g) {
    const k = Math.round(idx.length * f);
    for (const i of rng.shuffle(idx.slice()).slice(0, k)) inTest[i] = 1;
  }
  const train: T[] = [];
  const test: T[] = [];
  rows.forEach((r, i) => (inTest[i] ? test : train).push(r));
  return { train, test };
}
