import * as os from "node:os";
import * as fs from "node:fs";

/** What a results file records about the machine that produced it. */
export interface MachineDescription {
  /** CPU model string as the OS reports it. */
  cpu: string;
  /** Logical cores. */
  cores: number;
  /** Total memory in GiB (one decimal). */
  memoryGiB: number;
  /** `os.platform()-os.arch()` and kernel release. */
  os: string;
  /** Node.js version. */
  node: string;
  /** onnxruntime-node version, when installed. */
  onnxruntime?: string;
  /**
   * The widest SIMD extension the CPU reports (`avx512f`, `avx2`, `avx`, `sse4_2`; `sve` or
   * `asimd` on Arm), Linux only. Two machines with the same model string can differ here (virtual
   * machines often report just "AMD EPYC"), and matrix kernels run several times faster with the
   * wider units: compare CPU timings only between runs that agree on it.
   */
  simd?: string;
  /** GPU adapter or device name, when one was detected (filled by the provider probe). */
  gpu?: string;
  /** Hostname is deliberately not recorded; this is an ISO time stamp of when it was described. */
  at: string;
}

function packageVersion(name: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The widest SIMD extension named in a Linux `/proc/cpuinfo` text (its `flags` or `Features`
 * line), or undefined when none of the known ones is listed.
 */
export function widestSimd(cpuinfo: string): string | undefined {
  const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo)?.[1];
  if (!line) return undefined;
  const have = new Set(line.trim().split(/\s+/));
  return ["avx512f", "avx2", "avx", "sse4_2", "sve", "asimd"].find((f) => have.has(f));
}

/**
 * Describes this machine for a results file: CPU, cores, memory, OS, Node and runtime versions.
 * @param extra fields to merge in, e.g. `{ gpu: "NVIDIA H100" }` from a provider probe
 */
export function describeMachine(extra: Partial<MachineDescription> = {}): MachineDescription {
  const cpus = os.cpus();
  let cpu = cpus[0]?.model?.trim() ?? "unknown";
  let cpuinfo = "";
  try {
    cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    /* not Linux */
  }
  if (cpu === "unknown" || cpu === "") {
    const m = /model name\s*:\s*(.*)/.exec(cpuinfo);
    if (m?.[1]) cpu = m[1].trim();
  }
  const simd = widestSimd(cpuinfo);
  return {
    cpu,
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.platform()}-${os.arch()} ${os.release()}`,
    node: process.version,
    onnxruntime: packageVersion("onnxruntime-node"),
    ...(simd ? { simd } : {}),
    at: new Date().toISOString(),
    ...extra,
  };
}
