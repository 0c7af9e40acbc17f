import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import type { MachineDescription } from "../compute/machine";

/**
 * The GPU's name when the machine can tell without a GPU runtime: `nvidia-smi` first, then the
 * NVIDIA driver's `/proc` entries; `undefined` when neither exists (no GPU, or not an NVIDIA one).
 * onnxruntime-node 1.30 does not expose the WebGPU adapter's name to JavaScript.
 */
export function detectGpuName(): string | undefined {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 });
    const name = out.split("\n")[0]?.trim();
    if (name) return name;
  } catch {
    /* no nvidia-smi */
  }
  try {
    const dir = "/proc/driver/nvidia/gpus";
    for (const d of fs.readdirSync(dir)) {
      const m = /Model:\s*(.*)/.exec(fs.readFileSync(`${dir}/${d}/information`, "utf8"));
      if (m?.[1]) return m[1].trim();
    }
  } catch {
    /* no NVIDIA driver */
  }
  return undefined;
}

/**
 * A short, file-name-safe kind of host for results files: the GPU's name when there is one
 * (`nvidia-h100-80gb-hbm3`), else the CPU's family and core count (`amd-epyc-2c`).
 */
export function hostKindSlug(machine: MachineDescription): string {
  const slug = (s: string): string => s.toLowerCase().replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").split("-").slice(0, 4).join("-");
  if (machine.gpu) return slug(machine.gpu);
  return `${slug(machine.cpu) || "cpu"}-${machine.cores}c`;
}
