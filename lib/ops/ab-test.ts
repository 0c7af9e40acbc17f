import { createRng } from "../data/random";
import { groupSequentialBoundaries, type AlphaSpending } from "./group-sequential";
import { lookSchedule } from "./peeking";
import { userAccepts } from "./release-replay";
import { twoProportionZTest } from "./sample-size";

/** Options of {@link simulateAbTest}; every field has a default except the data. */
export interface AbTestOptions {
  /** Per row: was model A right. */
  correctA: readonly boolean[];
  /** Per row: was model B right (same rows). */
  correctB: readonly boolean[];
  /** Per row: its slice (e.g. the true class), used with `population`. */
  slices: readonly string[];
  /**
   * Share of the online users from each slice (e.g. `{ Sports: 0.7, ... }`); rows are drawn with
   * replacement to match it. Default: the rows' own mix (offline = online).
   */
  population?: Record<string, number>;
  /** Planned users per arm. Default `20000`. */
  usersPerArm?: number;
  /** Group-sequential looks, equally spaced. Default `5`. */
  looks?: number;
  /** Two-sided level. Default `0.05`. */
  alpha?: number;
  /** Spending function. Default O'Brien–Fleming type. */
  spending?: AlphaSpending;
  /** Users' reaction noise. Default `0.1`. */
  noise?: number;
  /** Seed. Default `42`. */
  seed?: number;
}

/** One interim look of an A/B test. */
export interface AbLook {
  usersPerArm: number;
  rateA: number;
  rateB: number;
  z: number;
  /** The group-sequential critical |z| at this look. */
  boundary: number;
}

/** What {@link simulateAbTest} measured. */
export interface AbTestResult {
  looks: AbLook[];
  /** 1-based look at which the group-sequential test stopped, or null (ran to the end without a difference). */
  stoppedAtLook: number | null;
  /** Its decision. */
  decision: "B better" | "A better" | "no difference";
  /** The test run once at the planned end (what a fixed-horizon analysis says). */
  fixedHorizon: { z: number; pValue: number };
  /** Offline accuracy of A and B on the rows (every row once). */
  offlineAccuracy: { a: number; b: number };
}

/**
 * An A/B test with simulated users whose behaviour comes from real labels: each user is a row
 * drawn (with replacement) from `population`'s slice mix, gets arm A or B alternately, and accepts
 * the answer when it is right (with noise). A group-sequential test (alpha spending) looks at the
 * acceptance rates `looks` times and stops at the first crossing.
 * @throws when the arrays differ in length, or a population slice has no rows
 */
export function simulateAbTest(options: AbTestOptions): AbTestResult {
  const { correctA, correctB, slices } = options;
  if (!correctA.length || correctA.length !== correctB.length || correctA.length !== slices.length) {
    throw new Error(`simulateAbTest: correctA, correctB and slices must have the same non-zero length (got ${correctA.length}, ${correctB.length}, ${slices.length})`);
  }
  const n = options.usersPerArm ?? 20000;
  const noise = options.noise ?? 0.1;
  const rng = createRng(options.seed ?? 42);
  const bySlice = new Map<string, number[]>();
  slices.forEach((s, i) => bySlice.set(s, [...(bySlice.get(s) ?? []), i]));
  const pop = options.population ?? Object.fromEntries([...bySlice].map(([s, rows]) => [s, rows.length]));
  const names = Object.keys(pop);
  for (const s of names) if (!bySlice.get(s)?.length) throw new Error(`simulateAbTest: population slice "${s}" has no rows (slices: ${[...bySlice.keys()].join(", ")})`);
  const total = names.reduce((t, s) => t + pop[s]!, 0);
  const draw = (): number => {
    let u = rng.next() * total;
    let s = names[names.length - 1]!;
    for (const name of names) {
      if (u < pop[name]!) {
        s = name;
        break;
      }
      u -= pop[name]!;
    }
    const rows = bySlice.get(s)!;
    return rows[rng.int(rows.length)]!;
  };
  const at = lookSchedule(n, options.looks ?? 5);
  const bounds = groupSequentialBoundaries(at.map((m) => m / n), { alpha: options.alpha, spending: options.spending });
  const looks: AbLook[] = [];
  let xa = 0;
  let xb = 0;
  let stoppedAtLook: number | null = null;
  let k = 0;
  for (let i = 1; i <= n; i++) {
    if (userAccepts(correctA[draw()]!, noise, rng)) xa++;
    if (userAccepts(correctB[draw()]!, noise, rng)) xb++;
    if (i === at[k]) {
      const t = twoProportionZTest(xa, i, xb, i);
      looks.push({ usersPerArm: i, rateA: t.rateA, rateB: t.rateB, z: t.z, boundary: bounds.z[k]! });
      if (stoppedAtLook === null && Math.abs(t.z) >= bounds.z[k]!) stoppedAtLook = k + 1;
      k++;
    }
  }
  const stopLook = stoppedAtLook === null ? null : looks[stoppedAtLook - 1]!;
  const decision = stopLook === null ? "no difference" : stopLook.z > 0 ? "B better" : "A better";
  const fixed = twoProportionZTest(xa, n, xb, n);
  const mean = (xs: readonly boolean[]): number => xs.filter(Boolean).length / xs.length;
  return { looks, stoppedAtLook, decision, fixedHorizon: { z: fixed.z, pValue: fixed.pValue }, offlineAccuracy: { a: mean(correctA), b: mean(correctB) } };
}
