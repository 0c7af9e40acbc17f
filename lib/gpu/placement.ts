import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as ort from "onnxruntime-node";
import { createSession, type ProviderAttempt, type ProviderName, type ProviderOptions } from "../compute/providers";

/** One node as the runtime's profiler saw it. */
export interface NodePlacement {
  /** Node name after graph optimisation (fused nodes get new names, e.g. `fused MatMul_0`). */
  name: string;
  /** Operator that ran (after fusion, e.g. `FusedGemm`; inserted `Cast`s and `MemcpyToHost` show up here). */
  opType: string;
  /** Execution provider that ran it, e.g. `CPUExecutionProvider`, `WebGpuExecutionProvider`. */
  provider: string;
  /** Summed kernel time over the profiled runs, µs. */
  totalUs: number;
  /** Times it ran. */
  calls: number;
}

/** What {@link profileNodePlacement} returns. */
export interface PlacementReport {
  /** The provider the session was created on. */
  provider: ProviderName;
  /** Providers tried, and why the others failed. */
  attempts: ProviderAttempt[];
  /** One row per node, in first-run order. */
  nodes: NodePlacement[];
  /** Node count and kernel time per execution provider. */
  byProvider: { provider: string; nodes: number; totalUs: number }[];
  /** Nodes the original graph did not have (inserted by the runtime: casts, copies between devices). */
  inserted: string[];
}

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string; provider?: string };
}

/**
 * Which nodes ran where: creates a session with onnxruntime's profiler on (`enableProfiling`), runs
 * it `runs` times, and reads the profile (a Chrome-trace JSON written to a temporary folder, deleted
 * after). Every node event carries the operator and the execution provider that ran it; nodes a GPU
 * provider cannot run are placed on the CPU and appear here with `CPUExecutionProvider`, with
 * `Memcpy` nodes around them. (The verbose log, `logSeverityLevel: 0`, prints the same placement but
 * from native code to stderr, which JavaScript cannot capture.)
 * @param model ONNX bytes
 * @param feeds inputs for one run
 * @param options provider options as for createSession; `runs` (default 3)
 */
export async function profileNodePlacement(model: Uint8Array, feeds: Record<string, ort.Tensor>, options: ProviderOptions & { runs?: number; originalOps?: string[] } = {}): Promise<PlacementReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ort-profile-"));
  try {
    const { session, provider, attempts } = await createSession(model, { ...options, sessionOptions: { ...options.sessionOptions, enableProfiling: true, profileFilePrefix: path.join(dir, "profile") } });
    for (let i = 0; i < (options.runs ?? 3); i++) await session.run(feeds);
    session.endProfiling();
    await session.release();
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".json"));
    if (!file) throw new Error(`profileNodePlacement: onnxruntime wrote no profile into ${dir}.`);
    const events = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as ProfileEvent[];
    const byName = new Map<string, NodePlacement>();
    for (const e of events) {
      if (e.cat !== "Node" || !e.name.endsWith("_kernel_time")) continue;
      const name = e.name.replace(/_kernel_time$/, "");
      const row = byName.get(name) ?? { name, opType: e.args?.op_name ?? "?", provider: e.args?.provider ?? "?", totalUs: 0, calls: 0 };
      row.totalUs += e.dur;
      row.calls++;
      byName.set(name, row);
    }
    const nodes = [...byName.values()];
    const agg = new Map<string, { provider: string; nodes: number; totalUs: number }>();
    for (const n of nodes) {
      const a = agg.get(n.provider) ?? { provider: n.provider, nodes: 0, totalUs: 0 };
      a.nodes++;
      a.totalUs += n.totalUs;
      agg.set(n.provider, a);
    }
    const original = new Set(options.originalOps ?? []);
    const inserted = nodes.filter((n) => /^(Cast|Memcpy|MemcpyToHost|MemcpyFromHost)$/.test(n.opType) && !original.has(n.opType)).map((n) => `${n.opType} (${n.name})`);
    return { provider, attempts, nodes, byProvider: [...agg.values()], inserted };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
