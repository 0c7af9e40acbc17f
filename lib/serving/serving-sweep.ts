import { summaryStats } from "../metrics/summary";
import { spawnServerProcess, type ProcessServerOptions, type SpawnedServer } from "./cluster";
import { runLoadTest, type LoadTestResult } from "./load-test";

/** Options of {@link runServingSweep}. */
export interface ServingSweepOptions {
  /** Servers to compare, by label → base URL (e.g. from {@link spawnServers}). */
  targets: Record<string, string>;
  /** Concurrent connections per level. Default `[1, 8, 64]`. */
  levels?: number[];
  /** Passes over every level and target; levels alternate between targets within a pass. Default `1`. */
  rounds?: number;
  /** Seconds per level. Default `2`. */
  secondsPerLevel?: number;
  /** Texts to send (one per request, cycled). Default: the load driver's two headlines. */
  texts?: readonly string[];
  /** Called after every level of every target (e.g. to tick a progress bar). Default: none. */
  onLevel?: (target: string, result: LoadTestResult) => void;
}

/** One target at one concurrency level over all rounds: medians and the range of the rounds. */
export interface ServingSweepRow {
  /** Target label. */
  target: string;
  /** Concurrent connections. */
  connections: number;
  /** Median requests/s over rounds. */
  throughput: number;
  /** Lowest and highest requests/s over rounds. */
  throughputRange: [number, number];
  /** Median over rounds of the p50 latency, ms. */
  p50Ms: number;
  /** Median over rounds of the p99 latency, ms. */
  p99Ms: number;
  /** Non-2xx responses, summed over rounds. */
  non2xx: number;
  /** Connection errors and timeouts, summed over rounds. */
  errors: number;
  /** Every round's full result. */
  rounds: LoadTestResult[];
}

/**
 * The serving lesson's concurrency sweep (notebook 03 and `bench:serving`): drives every target at
 * each level for `secondsPerLevel`, alternating targets within a level and repeating `rounds` times
 * so that drift of a shared machine hits all targets alike, and summarizes each (target, level) by
 * its medians and range.
 */
export async function runServingSweep(options: ServingSweepOptions): Promise<ServingSweepRow[]> {
  const levels = options.levels ?? [1, 8, 64];
  const rounds = options.rounds ?? 1;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`runServingSweep: rounds must be an integer >= 1, got ${rounds}.`);
  const targets = Object.keys(options.targets);
  if (!targets.length) throw new Error("runServingSweep: no targets; pass { targets: { label: url } }.");
  const results = new Map<string, LoadTestResult[]>();
  for (let r = 0; r < rounds; r++) {
    for (const c of levels) {
      for (const t of targets) {
        const res = await runLoadTest({ url: options.targets[t]!, connections: c, durationSeconds: options.secondsPerLevel ?? 2, texts: options.texts });
        const k = `${t}\u0000${c}`;
        results.set(k, [...(results.get(k) ?? []), res]);
        options.onLevel?.(t, res);
      }
    }
  }
  const med = (xs: number[]): number => summaryStats(xs).p50;
  return targets.flatMap((t) =>
    levels.map((c) => {
      const rs = results.get(`${t}\u0000${c}`)!;
      const tp = rs.map((x) => x.throughput);
      return {
        target: t,
        connections: c,
        throughput: med(tp),
        throughputRange: [Math.min(...tp), Math.max(...tp)] as [number, number],
        p50Ms: med(rs.map((x) => x.p50Ms)),
        p99Ms: med(rs.map((x) => x.p99Ms)),
        non2xx: rs.reduce((s, x) => s + x.non2xx, 0),
        errors: rs.reduce((s, x) => s + x.errors, 0),
        rounds: rs,
      };
    }),
  );
}

/** Servers started by {@link spawnServers}, by label, and one `closeAll()`. */
export interface SpawnedServers {
  /** The servers by label. */
  servers: Record<string, SpawnedServer>;
  /** Label → base URL (what {@link runServingSweep} takes as `targets`). */
  urls: Record<string, string>;
  /** Stops every server (graceful). */
  closeAll(): Promise<void>;
}

/** Starts one server process per configuration, in parallel (see `spawnServerProcess`). */
export async function spawnServers(configs: Record<string, ProcessServerOptions>): Promise<SpawnedServers> {
  const servers: Record<string, SpawnedServer> = {};
  const started = await Promise.allSettled(Object.entries(configs).map(async ([k, o]) => (servers[k] = await spawnServerProcess(o))));
  const closeAll = async (): Promise<void> => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await closeAll();
    throw failed.reason;
  }
  return { servers, urls: Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.url])), closeAll };
}
