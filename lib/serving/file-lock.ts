import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { writeAndSync } from "../fs/atomic";

/** Options of {@link withFileLock}; every field has a default. */
export interface FileLockOptions {
  /** Give up waiting for another holder after this many ms. Default `10000`. */
  timeoutMs?: number;
  /**
   * A lock file older than this (by modification time), or naming a process that no longer runs, is
   * stale and broken. An empty or unreadable lock file (a crash between create and write) counts by its
   * age alone. Default `60000`.
   */
  staleMs?: number;
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What a lock file says about its holder: its pid (undefined when empty or unreadable) and the file's age. */
async function inspectLock(lock: string): Promise<{ pid?: number; ageMs: number } | null> {
  let ageMs: number;
  try {
    ageMs = Date.now() - (await fsp.stat(lock)).mtimeMs;
  } catch {
    return null; // just removed: retry at once
  }
  try {
    const holder = JSON.parse(await fsp.readFile(lock, "utf8")) as { pid?: unknown };
    return { pid: typeof holder.pid === "number" ? holder.pid : undefined, ageMs };
  } catch {
    return { ageMs }; // empty or half-written: judged by age
  }
}

/**
 * Runs `fn` holding a lock file created with O_EXCL (`{"pid", "at"}`, fsynced), removed afterwards.
 * Waits with jittered back-off while another process holds it; a stale lock (its pid no longer runs,
 * or the file is older than `staleMs`, also when it is empty) is broken by renaming it away, so that
 * only one waiter breaks it.
 * @throws after `timeoutMs` without the lock, naming the file and the holder
 */
export async function withFileLock<T>(lock: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 60_000;
  const start = Date.now();
  let wait = 2;
  for (;;) {
    try {
      await writeAndSync(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = await inspectLock(lock);
    if (!holder) continue;
    const dead = holder.pid !== undefined && !pidAlive(holder.pid);
    if (dead || holder.ageMs > staleMs) {
      const grave = `${lock}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
      try {
        await fsp.rename(lock, grave); // only one breaker wins the rename
        await fsp.rm(grave, { force: true });
      } catch {
        /* another process broke it first */
      }
      continue;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`could not lock ${lock} within ${timeoutMs} ms (held by pid ${holder.pid ?? "? (empty lock file)"}, ${Math.round(holder.ageMs / 1000)} s old). If no writer is running, delete the file.`);
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await fn();
  } finally {
    await fsp.rm(lock, { force: true });
  }
}

/**
 * Removes the entries of a temp folder left by writers that crashed: entries are named `PID-…`, and
 * one is removed when its pid no longer runs or it is older than `staleMs`.
 * @returns how many were removed
 */
export async function removeStaleTempDirs(tmpRoot: string, staleMs: number): Promise<number> {
  let entries: string[];
  try {
    entries = await fsp.readdir(tmpRoot);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const e of entries) {
    const p = path.join(tmpRoot, e);
    const age = Date.now() - (await fsp.stat(p)).mtimeMs;
    if (!pidAlive(Number(e.split("-")[0])) || age > staleMs) {
      await fsp.rm(p, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
