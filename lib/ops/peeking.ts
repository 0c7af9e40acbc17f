import { createRng } from "../data/random";
import { groupSequentialBoundaries, type AlphaSpending } from "./group-sequential";
import { normalQuantile } from "../stats/normal";
import { twoProportionZTest } from "./sample-size";

/** Options of {@link simulateAaPeeking}; every field has a default. */
export interface AaPeekingOptions {
  /** Simulated A/A experiments. Default `1000`. */
  experiments?: number;
  /** Users per arm at the planned end. Default `2000`. */
  usersPerArm?: number;
  /** Success rate in BOTH arms (an A/A test: there is no effect). Default `0.5`. */
  rate?: number;
  /** Looks of the naive peeker, equally spaced (it stops at the first |z| ≥ z_{1−α/2}). Default `20`. */
  naiveLooks?: number;
  /** Looks of the group-sequential test, equally spaced. Default `5`. */
  sequentialLooks?: number;
  /** Two-sided level. Default `0.05`. */
  alpha?: number;
  /** Spending function of the group-sequential test. Default O'Brien–Fleming type. */
  spending?: AlphaSpending;
  /** Seed. Default `42`. */
  seed?: number;
}

/** What {@link simulateAaPeeking} measured. */
export interface AaPeekingResult {
  experiments: number;
  usersPerArm: number;
  rate: number;
  alpha: number;
  /** Share of A/A experiments declared "significant" when testing once at the planned end. */
  fixedHorizonFpr: number;
  /** Share declared significant by a peeker who stops at the first look with p < α. */
  naivePeekingFpr: number;
  /** Share declared significant by the group-sequential test with alpha spending. */
  groupSequentialFpr: number;
  naiveLooks: number;
  sequentialLooks: number;
  /** The group-sequential critical |z| per look. */
  sequentialBoundaries: number[];
}

/** Equally spaced looks: the users per arm seen at each of `looks` looks, the last one `n`. */
export function lookSchedule(n: number, looks: number): number[] {
  if (!(Number.isInteger(looks) && looks >= 1)) throw new Error(`lookSchedule: looks must be a positive integer, got ${looks}`);
  if (!(Number.isInteger(n) && n >= looks)) throw new Error(`lookSchedule: n must be an integer ≥ looks (${looks}), got ${n}`);
  return Array.from({ length: looks }, (_, k) => Math.round((n * (k + 1)) / looks));
}

/**
 * Simulates A/A experiments (both arms identical) and measures how often each stopping rule
 * declares a difference: a fixed-horizon test (one look), a naive peeker (a look every n/naiveLooks
 * users, stop at the first p < α) and a group-sequential test with an alpha-spending boundary. The
 * first and the last should be near α; the peeker's is several times α.
 * @throws when an option is out of range
 */
export function simulateAaPeeking(options: AaPeekingOptions = {}): AaPeekingResult {
  const experiments = options.experiments ?? 1000;
  const n = options.usersPerArm ?? 2000;
  const rate = options.rate ?? 0.5;
  const alpha = options.alpha ?? 0.05;
  const naiveLooks = options.naiveLooks ?? 20;
  const seqLooks = options.sequentialLooks ?? 5;
  if (!(Number.isInteger(experiments) && experiments > 0)) throw new Error(`simulateAaPeeking: experiments must be a positive integer, got ${experiments}`);
  if (!(rate > 0 && rate < 1)) throw new Error(`simulateAaPeeking: rate must lie in (0, 1), got ${rate}`);
  const rng = createRng(options.seed ?? 42);
  const zCrit = normalQuantile(1 - alpha / 2);
  const naiveAt = lookSchedule(n, naiveLooks);
  const seqAt = lookSchedule(n, seqLooks);
  const bounds = groupSequentialBoundaries(seqAt.map((m) => m / n), { alpha, spending: options.spending });
  let fixed = 0;
  let naive = 0;
  let seq = 0;
  const a = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let e = 0; e < experiments; e++) {
    for (let i = 0; i < n; i++) {
      a[i] = rng.next() < rate ? 1 : 0;
      b[i] = rng.next() < rate ? 1 : 0;
    }
    const zAt = new Map<number, number>();
    let xa = 0;
    let xb = 0;
    const wanted = new Set([...naiveAt, ...seqAt]);
    for (let i = 0; i < n; i++) {
      xa += a[i]!;
      xb += b[i]!;
      if (wanted.has(i + 1)) zAt.set(i + 1, twoProportionZTest(xa, i + 1, xb, i + 1).z);
    }
    if (Math.abs(zAt.get(n)!) >= zCrit) fixed++;
    if (naiveAt.some((m) => Math.abs(zAt.get(m)!) >= zCrit)) naive++;
    if (seqAt.some((m, k) => Math.abs(zAt.get(m)!) >= bounds.z[k]!)) seq++;
  }
  return {
    experiments,
    usersPerArm: n,
    rate,
    alpha,
    fixedHorizonFpr: fixed / experiments,
    naivePeekingFpr: naive / experiments,
    groupSequentialFpr: seq / experiments,
    naiveLooks,
    sequentialLooks: seqLooks,
    sequentialBoundaries: bounds.z,
  };
}
