import { execFileSync } from "node:child_process";

let available: boolean | undefined;

/** Whether the `taskset` command (util-linux) can be run here; checked once. */
export function tasksetAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * Pins every thread of a running process to `cpus` (a taskset list such as `"1"` or `"0,2"`), e.g. a
 * load generator on one core and the server on another, so that they do not steal each other's time.
 * @returns whether it was pinned (false when taskset is unavailable or refused)
 */
export function pinProcess(pid: number, cpus: string): boolean {
  if (!tasksetAvailable()) return false;
  try {
    execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
