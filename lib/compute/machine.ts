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
 * Describes this machine for a results file: CPU, cores, memory, OS, Node and runtime versions.
 * @param extra fields to merge in, e.g. `{ gpu: "NVIDIA H100" }` from a provider probe
 */
export function describeMachine(extra: Partial<MachineDescription> = {}): MachineDescription {
  const cpus = os.cpus();
  let cpu = cpus[0]?.model?.trim() ?? "unknown";
  if (cpu === "unknown" || cpu === "") {
    try {
      const m = /model name\s*:\s*(.*)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
      if (m?.[1]) cpu = m[1].trim();
    } catch {
      /* not Linux */
    }
  }
  return {
    cpu,
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.platform()}-${os.arch()} ${os.release()}`,
    node: process.version,
    onnxruntime: packageVersion("onnxruntime-node"),
    at: new Date().toISOString(),
    ...extra,
  };
}
