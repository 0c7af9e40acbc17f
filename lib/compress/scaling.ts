/**
 * Projecting a sharded gzip-kNN run onto N machines (the measurements it starts from are
 * `results/gzip-knn-scaling.json`, family `GZIP_KNN_SCALING` of lib/results).
 * @packageDocumentation
 */

/** What a sharded run costs on N machines, projected from one measured machine. */
export interface ShardProjectionRow {
  /** Machines (one shard and one worker each). */
  machines: number;
  /** Projected wall-clock seconds: start-up + the largest shard's pairs at the measured rate + merge. */
  wallSeconds: number;
  /** Speed-up over one machine. */
  speedup: number;
  /** Speed-up / machines. */
  efficiency: number;
}

/** Inputs of {@link projectShardedRun}: measured on one machine, applied to a job of `pairs` pairs. */
export interface ShardProjectionInput {
  /** Pairs of the job to project (test × train). */
  pairs: number;
  /** Pairs per CPU second of one worker, measured. */
  pairsPerCpuSecond: number;
  /** Seconds each shard spends outside the NCD loop (process start, data load, C(y) of the train set), measured. */
  startupSeconds: number;
  /** Seconds the merge takes (reading shard files, the vote), measured. */
  mergeSeconds: number;
  /** Largest shard's pairs / the mean shard's, measured on the balanced split. Default 1. */
  imbalance?: number;
  /** Machine counts to project. Default 1, 2, 4, 8, 16, 32, 64. */
  machines?: readonly number[];
}

/**
 * Projects a sharded gzip-kNN run onto N machines (one shard, one worker each), assuming each
 * machine runs its worker as fast as the measured one, shards run at once without contending for
 * cores, disk or network, start-up is paid by every shard in parallel, the shared folder adds no
 * delay, and the largest shard sets the pace (`imbalance` × the mean). The queue wait of a real
 * cluster is not included.
 * @example
 * projectShardedRun({ pairs: 912e6, pairsPerCpuSecond: 40_000, startupSeconds: 5, mergeSeconds: 20, machines: [1, 16] });
 */
export function projectShardedRun(input: ShardProjectionInput): ShardProjectionRow[] {
  const { pairs, pairsPerCpuSecond, startupSeconds, mergeSeconds } = input;
  const imbalance = input.imbalance ?? 1;
  for (const [k, v] of Object.entries({ pairs, pairsPerCpuSecond, startupSeconds, mergeSeconds, imbalance })) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`projectShardedRun: ${k} must be a finite number ≥ 0, got ${v}.`);
  }
  if (pairsPerCpuSecond <= 0) throw new RangeError("projectShardedRun: pairsPerCpuSecond must be > 0.");
  if (imbalance < 1) throw new RangeError(`projectShardedRun: imbalance is the largest shard over the mean, so ≥ 1; got ${imbalance}.`);
  const time = (n: number): number => startupSeconds + (n === 1 ? 1 : imbalance) * (pairs / n / pairsPerCpuSecond) + mergeSeconds;
  const one = time(1);
  return (input.machines ?? [1, 2, 4, 8, 16, 32, 64]).map((n) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`projectShardedRun: machine counts must be positive integers, got ${n}.`);
    const t = time(n);
    return { machines: n, wallSeconds: t, speedup: one / t, efficiency: one / t / n };
  });
}
