import { computeLogHistogram, computeHistogram } from "./histogram";
import type { LatencyResult, MeasureLatencyOptions } from "./latency";
import { summaryStats } from "./summary";

/** One run for {@link compareRuns}: raw samples or a {@link LatencyResult}. */
export type RunSamples = readonly number[] | LatencyResult;

/** The ratio of two medians with a conservative spread (see {@link medianRatio}). */
export interface MedianRatio {
  /** median(a) / median(b). */
  ratio: number;
  /** p25(a) / p75(b): the low end when both runs sit at their favourable quartile. */
  low: number;
  /** p75(a) / p25(b): the high end. */
  high: number;
}

function samplesOf(r: RunSamples): readonly number[] {
  return Array.isArray(r) ? (r as readonly number[]) : (r as LatencyResult).samples;
}

/**
 * Ratio of the medians of two runs, `a / b`, with a conservative interquartile band:
 * `[p25(a)/p75(b), p75(a)/p25(b)]`. A band that contains 1 means the runs do not separate.
 * @param a samples (or a latency result) of the run on top
 * @param b samples (or a latency result) of the reference run
 */
export function medianRatio(a: RunSamples, b: RunSamples): MedianRatio {
  const sa = summaryStats(samplesOf(a));
  const sb = summaryStats(samplesOf(b));
  return { ratio: sa.p50 / sb.p50, low: sa.p25 / sb.p75, high: sa.p75 / sb.p25 };
}

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /** Name of the run the ratios divide by; default the first run. */
  baseline?: string;
  /** Unit written after the numbers; default "ms". */
  unit?: string;
  /** Significant decimals in the table; default 3. */
  digits?: number;
  /** Print the table with console.log as well as returning it; default false. */
  print?: boolean;
}

/** One row of {@link compareRuns}. */
export interface CompareRow {
  /** Run name. */
  name: string;
  /** Number of samples. */
  n: number;
  /** Median. */
  median: number;
  /** Lower quartile. */
  p25: number;
  /** Upper quartile. */
  p75: number;
  /** Interquartile range. */
  iqr: number;
  /** 99th percentile. */
  p99: number;
  /** median / baseline median, with the band of {@link medianRatio}. */
  ratio: MedianRatio;
}

/** What {@link compareRuns} returns: the rows and a fixed-width text table. */
export interface Comparison {
  /** Name of the baseline run. */
  baseline: string;
  /** One row per run, in the order given. */
  rows: CompareRow[];
  /** The table as text, one line per run, for bench output. */
  text: string;
}

function fmt(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(digits);
}

/**
 * Puts runs side by side: median, IQR (p25–p75), p99 and the ratio of each median to the
 * baseline's, with the band of {@link medianRatio}. Made for bench scripts that measured the
 * runs in one process (ideally interleaved, see {@link measureSideBySide}).
 * @param runs name → samples (or latency result); insertion order is kept
 * @param options baseline (first run), unit ("ms"), digits (3), print (false)
 * @example console.log(compareRuns({ gzip: a, deflate: b }, { baseline: "gzip" }).text)
 */
export function compareRuns(runs: Record<string, RunSamples>, options: CompareRunsOptions = {}): Comparison {
  const names = Object.keys(runs);
  if (names.length === 0) throw new Error("compareRuns: no runs given; pass { name: samples, ... }");
  const baseline = options.baseline ?? names[0]!;
  if (!(baseline in runs)) {
    throw new Error(`compareRuns: baseline "${baseline}" is not one of the runs (${names.join(", ")})`);
  }
  const unit = options.unit ?? "ms";
  const digits = options.digits ?? 3;
  const base = runs[baseline]!;
  const rows: CompareRow[] = names.map((name) => {
    const s = summaryStats(samplesOf(runs[name]!));
    return { name, n: s.count, median: s.p50, p25: s.p25, p75: s.p75, iqr: s.iqr, p99: s.p99, ratio: medianRatio(runs[name]!, base) };
  });
  const header = ["run", "n", `median ${unit}`, `IQR ${unit}`, `p99 ${unit}`, `× ${baseline}`];
  const cells = rows.map((r) => [
    r.name,
    String(r.n),
    fmt(r.median, digits),
    `${fmt(r.p25, digits)}–${fmt(r.p75, digits)}`,
    fmt(r.p99, digits),
    r.name === baseline ? "1 (baseline)" : `${r.ratio.ratio.toFixed(2)} [${r.ratio.low.toFixed(2)}–${r.ratio.high.toFixed(2)}]`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join("  ");
  const text = [line(header), ...cells.map(line)].join("\n");
  if (options.print) console.log(text);
  return { baseline, rows, text };
}

/**
 * Measures several functions side by side in one process: after each one's warm-up, rounds run
 * every function once, rotating the order each round, so slow drifts of the machine (other
 * processes, thermal limits) hit all of them alike. Returns one {@link LatencyResult} per name.
 * @param fns name → work to time (sync or async)
 * @param options as for measureLatency; `iterations` (30) is the number of rounds, `minTimeMs` applies to the rounds' total
 */
export async function measureSideBySide(
  fns: Record<string, (i: number) => unknown>,
  options: MeasureLatencyOptions = {},
): Promise<Record<string, LatencyResult>> {
  const names = Object.keys(fns);
  if (names.length === 0) throw new Error("measureSideBySide: no functions given");
  const warmup = options.warmup ?? 5;
  const iterations = options.iterations ?? 30;
  const minTimeMs = options.minTimeMs ?? 0;
  const maxIterations = Math.max(options.maxIterations ?? 1_000_000, iterations);
  const batchSize = options.batchSize ?? 1;
  const bins = options.histogramBins ?? 20;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`measureSideBySide: iterations must be a positive integer, got ${iterations}`);
  const run = async (f: (i: number) => unknown, i: number): Promise<number> => {
    const t0 = process.hrtime.bigint();
    const out = f(i);
    if (out != null && typeof (out as { then?: unknown }).then === "function") await out;
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (const n of names) for (let i = 0; i < warmup; i++) await run(fns[n]!, i - warmup);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let total = 0;
  for (let round = 0; round < maxIterations && (round < iterations || total < minTimeMs); round++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(round + k) % names.length]!;
      const ms = await run(fns[n]!, round);
      samples[n]!.push(ms);
      total += ms;
    }
  }
  const out: Record<string, LatencyResult> = {};
  for (const n of names) {
    const s = samples[n]!;
    const sum = s.reduce((a, b) => a + b, 0);
    out[n] = {
      samples: s,
      summary: summaryStats(s),
      histogram: s.every((x) => x > 0) ? computeLogHistogram(s, { bins }) : computeHistogram(s, { bins }),
      throughput: sum > 0 ? (batchSize * s.length) / (sum / 1000) : Infinity,
      batchSize,
      warmup,
      totalMs: sum,
    };
  }
  return out;
}
