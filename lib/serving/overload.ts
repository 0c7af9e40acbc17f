import * as fs from "node:fs";
import { execFileSync } from "node:child_process";
import { runLoadTest, type LoadTestResult } from "./load-test";
import { runOpenLoopLoad } from "./open-loop";

/** Options of {@link runOverloadTest}; every field but `url` has a default. */
export interface OverloadOptions {
  /** Server base URL (local). */
  url: string;
  /** Server process id, to sample its resident memory from /proc (Linux). Default: none (RSS not reported). */
  pid?: number;
  /** Texts to send, cycled. Default: the load driver's two headlines. */
  texts?: readonly string[];
  /** Texts per request. Default `8`. */
  textsPerRequest?: number;
  /** Offered load as multiples of the measured capacity. Default `[1, 6, 10]`. */
  factors?: number[];
  /** Seconds per step. Default `4`. */
  seconds?: number;
  /** Closed-loop connections that measure the unshed capacity (keep within the server's limits). Default `8`. */
  capacityConnections?: number;
  /** Called after each step. Default: none. */
  onStep?: (label: string, result: LoadTestResult) => void;
}

/** One offered-load step of {@link runOverloadTest}. */
export interface OverloadStep {
  /** Offered load as a multiple of the capacity. */
  factor: number;
  /** Texts per second asked for (factor × capacity). */
  offeredTextsPerSecond: number;
  /** Texts per second actually sent (answered requests × texts per request / seconds): below `offered` when the load generator falls short. */
  sentTextsPerSecond: number;
  /** Texts classified per second (2xx only). */
  servedTextsPerSecond: number;
  /** Served over the unshed capacity. */
  servedOverCapacity: number;
  /** Share of answered requests refused with 429. */
  share429: number;
  /** p99 latency of the accepted (2xx) requests, ms. */
  acceptedP99Ms: number;
  /** Connections the load generator used. */
  connections: number;
  /** Connection errors and client timeouts. */
  errors: number;
  /** Count per status code. */
  statusCodes: Record<string, number>;
  /** CPU seconds the server process used during the step (user + system, from /proc); null without `pid`. */
  serverCpuSeconds: number | null;
  /**
   * Estimated server CPU per refused request, µs: the step's CPU minus its accepted requests at the
   * capacity step's CPU per request, over the refusals. CPU time, unlike wall time, barely depends on
   * what else runs on the machine. Null without refusals or CPU readings.
   */
  refusalCpuUs: number | null;
}

/** What {@link runOverloadTest} measured. */
export interface OverloadResult {
  /** Texts per request. */
  textsPerRequest: number;
  /** Seconds per step. */
  seconds: number;
  /** Unshed capacity: texts/s served by a closed loop within the server's limits (no refusals expected). */
  capacityTextsPerSecond: number;
  /** Refusals during the capacity step (should be 0). */
  capacityNon2xx: number;
  /** p99 of a single closed-loop connection (no queueing), ms. */
  unloadedP99Ms: number;
  /** p99 at the capacity step, ms. */
  capacityP99Ms: number;
  /** Server CPU per accepted request at the capacity step, µs (null without `pid`). */
  capacityCpuUsPerRequest: number | null;
  /** The offered-load steps. */
  steps: OverloadStep[];
  /** Server RSS (bytes) after the capacity step, at the end, and the largest sample; null without `pid` or /proc. */
  rss: { startBytes: number; endBytes: number; maxBytes: number; growth: number } | null;
}

/** Resident set size of a process from /proc (Linux), or null. */
export function processRssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

let clockTicks: number | undefined;

/** CPU seconds (user + system) a process has used, from /proc (Linux), or null. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) ": state is field 3
    if (clockTicks === undefined) {
      try {
        clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
      } catch {
        clockTicks = 100;
      }
    }
    return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/**
 * The overload experiment of the serving lesson: measures a server's unshed capacity (closed loop
 * within its limits) and its unloaded p99, then offers `factors` × that capacity open-loop
 * ({@link runOpenLoopLoad}: Poisson arrivals, up to 256 connections) and reports, per step,
 * offered vs served texts/s, the 429 share, the p99 of accepted requests, and the server's RSS. With
 * cheap refusal the served texts/s stay near the capacity however much is offered.
 */
export async function runOverloadTest(options: OverloadOptions): Promise<OverloadResult> {
  const perRequest = options.textsPerRequest ?? 8;
  const seconds = options.seconds ?? 4;
  const base = { url: options.url, texts: options.texts, textsPerRequest: perRequest };
  const cpu = (): number | null => (options.pid !== undefined ? processCpuSeconds(options.pid) : null);
  let lastCpu: number | null = null;
  const step = async (label: string, o: { connections: number; rate?: number; durationSeconds: number }): Promise<LoadTestResult> => {
    const c0 = cpu();
    const r = o.rate ? await runOpenLoopLoad({ ...base, ...o, rate: o.rate }) : await runLoadTest({ ...base, ...o });
    const c1 = cpu();
    lastCpu = c0 !== null && c1 !== null ? c1 - c0 : null;
    options.onStep?.(label, r);
    return r;
  };
  await step("warm-up", { connections: options.capacityConnections ?? 8, durationSeconds: 1 });
  const unloaded = await step("unloaded (1 connection)", { connections: 1, durationSeconds: seconds });
  const capacity = await step("capacity (closed loop)", { connections: options.capacityConnections ?? 8, durationSeconds: seconds });
  const capacityTexts = capacity.textsPerSecond;
  const capacityCpu: number | null = lastCpu;
  const okRequests = (r: LoadTestResult): number => r.responses - r.non2xx;
  const cpuPerOk = capacityCpu !== null && okRequests(capacity) > 0 ? capacityCpu / okRequests(capacity) : null;
  if (!(capacityTexts > 0)) throw new Error(`runOverloadTest: the server served nothing in the capacity step (status codes ${JSON.stringify(capacity.statusCodes)}).`);
  const rssSamples: number[] = [];
  const sample = (): void => {
    const b = options.pid !== undefined ? processRssBytes(options.pid) : null;
    if (b !== null) rssSamples.push(b);
  };
  sample();
  const timer = setInterval(sample, 250);
  const steps: OverloadStep[] = [];
  try {
    for (const factor of options.factors ?? [1, 6, 10]) {
      const rate = (factor * capacityTexts) / perRequest;
      const connections = 256;
      const r = await step(`${factor}× capacity`, { connections, rate, durationSeconds: seconds });
      const answered = r.responses;
      const refused = r.statusCodes["429"] ?? 0;
      const stepCpu: number | null = lastCpu;
      steps.push({
        factor,
        offeredTextsPerSecond: rate * perRequest,
        sentTextsPerSecond: (answered * perRequest) / r.durationSeconds,
        servedTextsPerSecond: r.textsPerSecond,
        servedOverCapacity: r.textsPerSecond / capacityTexts,
        share429: answered ? (r.statusCodes["429"] ?? 0) / answered : 0,
        acceptedP99Ms: r.p99Ms,
        connections,
        errors: r.errors,
        statusCodes: r.statusCodes,
        serverCpuSeconds: stepCpu,
        refusalCpuUs: stepCpu !== null && cpuPerOk !== null && refused > 0 ? (Math.max(0, stepCpu - okRequests(r) * cpuPerOk) / refused) * 1e6 : null,
      });
    }
  } finally {
    clearInterval(timer);
  }
  sample();
  const rss = rssSamples.length >= 2 ? { startBytes: rssSamples[0]!, endBytes: rssSamples[rssSamples.length - 1]!, maxBytes: Math.max(...rssSamples), growth: rssSamples[rssSamples.length - 1]! / rssSamples[0]! - 1 } : null;
  return {
    textsPerRequest: perRequest,
    seconds,
    capacityTextsPerSecond: capacityTexts,
    capacityNon2xx: capacity.non2xx,
    unloadedP99Ms: unloaded.p99Ms,
    capacityP99Ms: capacity.p99Ms,
    capacityCpuUsPerRequest: cpuPerOk === null ? null : cpuPerOk * 1e6,
    steps,
    rss,
  };
}
