/** Which share of a job's test items one shard scores: shard `index` (0-based) of `count`. */
export interface ShardSpec {
  /** 0-based shard number (Slurm's `SLURM_ARRAY_TASK_ID`, Kubernetes' `JOB_COMPLETION_INDEX`). */
  index: number;
  /** Number of shards the job is split into. */
  count: number;
}

/** Name of the split rule, recorded in shard files so that a changed rule never mixes with an old one. */
export const SHARD_SPLIT_RULE = "length-balanced-lpt-v1";

/**
 * Parses `"I/N"` (0-based I, as job arrays number their tasks): `"0/3"`, `"1/3"`, `"2/3"`.
 * Throws a RangeError saying what was wrong otherwise.
 * @example parseShardSpec("1/3"); // { index: 1, count: 3 }
 */
export function parseShardSpec(spec: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new RangeError(`--shard needs I/N (0-based shard I of N, e.g. 0/3, 1/3, 2/3), got "${spec}".`);
  const s = { index: Number(m[1]), count: Number(m[2]) };
  checkShardSpec(s);
  return s;
}

/** Throws a RangeError unless `count` is a positive integer and `index` lies in 0..count-1. */
export function checkShardSpec(s: ShardSpec): void {
  if (!Number.isInteger(s.count) || s.count < 1) throw new RangeError(`The shard count must be a positive integer, got ${s.count}.`);
  if (!Number.isInteger(s.index) || s.index < 0 || s.index >= s.count) {
    throw new RangeError(`Shard index ${s.index} is not in 0..${s.count - 1} (shards are numbered from 0, as job arrays number their tasks).`);
  }
}

/**
 * Splits items into `count` shards of similar total cost, deterministically: items by decreasing
 * weight (equal weights: lower index first), each to the shard with the least weight so far
 * (equal: the lower shard), the longest-processing-time rule. For gzip-kNN the weight of a test
 * item is its length plus the mean train length (each pair compresses x + " " + y), so shards
 * take similar time. Returns each shard's item indices in ascending order.
 * @example
 * splitByWeight([5, 1, 1, 3], 2); // [[0], [1, 2, 3]]
 */
export function splitByWeight(weights: readonly number[], count: number): number[][] {
  checkShardSpec({ index: 0, count });
  for (const w of weights) if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`splitByWeight: weights must be finite and ≥ 0, got ${w}.`);
  const order = weights.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const load = new Array<number>(count).fill(0);
  const shards: number[][] = Array.from({ length: count }, () => []);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    load[best]! += weights[i]!;
    shards[best]!.push(i);
  }
  for (const s of shards) s.sort((a, b) => a - b);
  return shards;
}

/**
 * The test rows of one gzip-kNN shard: {@link splitByWeight} with weight = UTF-8 length of the test
 * text + the mean UTF-8 length of the train texts.
 */
export function gzipKnnShardRows(testTexts: readonly string[], trainTexts: readonly string[], shard: ShardSpec): number[] {
  checkShardSpec(shard);
  const meanTrain = trainTexts.length === 0 ? 0 : trainTexts.reduce((a, t) => a + Buffer.byteLength(t, "utf8"), 0) / trainTexts.length;
  return splitByWeight(
    testTexts.map((t) => Buffer.byteLength(t, "utf8") + meanTrain),
    shard.count,
  )[shard.index]!;
}
