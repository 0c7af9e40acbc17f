import { summaryStats, type SummaryStats } from "../metrics/summary";
import type { PooledModel } from "./model-pool";

/** Options of {@link measureModelFootprint}. */
export interface FootprintOptions {
  /** Copies to load (all kept resident, then released). Default `5`. */
  copies?: number;
}

/** What loading models costs in this process. */
export interface ModelFootprint {
  /** Copies loaded. */
  copies: number;
  /** Cold-start time of each load (read, parse, create the session), ms. */
  coldStartMs: number[];
  /** Summary of `coldStartMs`. */
  coldStart: SummaryStats;
  /** Resident-set growth per loaded model, bytes: (RSS after all loads − RSS before) / copies. */
  rssPerModelBytes: number;
  /** The models' own `sizeBytes` estimate (first copy). */
  declaredBytes: number;
}

function settle(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/**
 * Measures the memory and cold-start time of a model by loading `copies` of it in this process
 * and keeping them all resident: RSS growth divided by the copies is the marginal memory of one
 * more model (runtime session, weights, preprocessing state); each load's time is a cold start.
 * Run with `node --expose-gc` for steadier memory figures.
 * @param load loads one copy (e.g. `() => loadTextClassifier("models/agnews-logreg")`)
 */
export async function measureModelFootprint(load: () => Promise<PooledModel>, options: FootprintOptions = {}): Promise<ModelFootprint> {
  const copies = options.copies ?? 5;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`measureModelFootprint: copies must be an integer >= 1, got ${copies}.`);
  const warm = await load(); // first load pays one-time costs (runtime init, module JIT): not counted
  await warm.release();
  settle();
  const before = process.memoryUsage().rss;
  const models: PooledModel[] = [];
  const times: number[] = [];
  for (let i = 0; i < copies; i++) {
    const t0 = performance.now();
    models.push(await load());
    times.push(performance.now() - t0);
  }
  settle();
  const after = process.memoryUsage().rss;
  const declared = models[0]!.sizeBytes;
  for (const m of models) await m.release();
  return { copies, coldStartMs: times, coldStart: summaryStats(times), rssPerModelBytes: Math.max(0, (after - before) / copies), declaredBytes: declared };
}

/** Inputs of {@link fleetArithmetic}: a serving workload and what one model and one process cost. */
export interface FleetInputs {
  /** Distinct models to serve (e.g. one per customer, market or data slice). */
  models: number;
  /** Memory one resident model takes, bytes (measure with {@link measureModelFootprint}). */
  memoryPerModelBytes: number;
  /** Time to load one model on a miss, ms (measured cold start). */
  coldStartMs: number;
  /** Total request rate across all models, requests/s. */
  requestsPerSecond: number;
  /** Requests/s one server process sustains (measured with the load-test driver). */
  throughputPerProcess: number;
  /** Memory of one server process before any model is loaded, bytes. Default 150 MiB. */
  processBaseBytes?: number;
  /** Memory of one machine usable by server processes, bytes. Default 16 GiB. */
  machineMemoryBytes?: number;
  /** Server processes per machine (about one per core). Default `2`. */
  processesPerMachine?: number;
  /** Fraction of the models that must stay resident (the rest load on demand). Default `1`. */
  residentFraction?: number;
  /** Copies of each resident model (replicas for availability). Default `1`. */
  replicas?: number;
}

/** What {@link fleetArithmetic} works out. */
export interface FleetPlan {
  /** Models that fit next to the runtime in one process's share of a machine. */
  modelsPerProcess: number;
  /** Processes needed to hold the resident models (× replicas). */
  processesForMemory: number;
  /** Processes needed for the request rate. */
  processesForThroughput: number;
  /** Processes needed: the larger of the two. */
  processes: number;
  /** Machines needed. */
  machines: number;
  /** Which constraint decided: `"memory"` or `"throughput"`. */
  boundBy: "memory" | "throughput";
  /** Memory of all resident models, bytes. */
  residentModelBytes: number;
  /** Seconds to load every model once, spread over all processes (a cold fleet restart). */
  coldFleetSeconds: number;
  /** Seconds to load every model in a single process, one after another. */
  coldSerialSeconds: number;
}

/**
 * The arithmetic for serving thousands of models: how many processes and machines the memory of
 * the resident models needs, how many the request rate needs, which one binds, and how long a
 * cold restart takes. Pure arithmetic on measured inputs; every step is in the returned fields.
 * @example fleetArithmetic({ models: 10_000, memoryPerModelBytes: 12e6, coldStartMs: 120, requestsPerSecond: 5000, throughputPerProcess: 900 })
 */
export function fleetArithmetic(inputs: FleetInputs): FleetPlan {
  const base = inputs.processBaseBytes ?? 150 * 2 ** 20;
  const machineMem = inputs.machineMemoryBytes ?? 16 * 2 ** 30;
  const perMachine = inputs.processesPerMachine ?? 2;
  const resident = Math.ceil(inputs.models * (inputs.residentFraction ?? 1)) * (inputs.replicas ?? 1);
  for (const [k, v] of Object.entries({ models: inputs.models, memoryPerModelBytes: inputs.memoryPerModelBytes, throughputPerProcess: inputs.throughputPerProcess })) {
    if (!(v > 0)) throw new RangeError(`fleetArithmetic: ${k} must be > 0, got ${v}.`);
  }
  const perProcessMem = machineMem / perMachine - base;
  if (perProcessMem < inputs.memoryPerModelBytes) {
    throw new RangeError(`fleetArithmetic: one process's share of memory (${(machineMem / perMachine / 2 ** 20).toFixed(0)} MiB minus ${(base / 2 ** 20).toFixed(0)} MiB base) cannot hold one model of ${(inputs.memoryPerModelBytes / 2 ** 20).toFixed(1)} MiB.`);
  }
  const modelsPerProcess = Math.floor(perProcessMem / inputs.memoryPerModelBytes);
  const processesForMemory = Math.ceil(resident / modelsPerProcess);
  const processesForThroughput = Math.ceil(inputs.requestsPerSecond / inputs.throughputPerProcess);
  const processes = Math.max(1, processesForMemory, processesForThroughput);
  return {
    modelsPerProcess,
    processesForMemory,
    processesForThroughput,
    processes,
    machines: Math.ceil(processes / perMachine),
    boundBy: processesForMemory >= processesForThroughput ? "memory" : "throughput",
    residentModelBytes: resident * inputs.memoryPerModelBytes,
    coldFleetSeconds: (inputs.models * inputs.coldStartMs) / 1000 / processes,
    coldSerialSeconds: (inputs.models * inputs.coldStartMs) / 1000,
  };
}
