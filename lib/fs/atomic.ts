import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

/** Fsyncs a folder so that a rename inside it survives a power cut (silently skipped where a folder cannot be fsynced). */
export async function fsyncDir(dir: string): Promise<void> {
  let h: fsp.FileHandle | undefined;
  try {
    h = await fsp.open(dir, "r");
    await h.sync();
  } catch {
    /* some platforms cannot fsync a directory; the rename is still atomic */
  } finally {
    await h?.close();
  }
}

/** Creates `file` (flag `wx` by default: fails if it exists), writes `data` and fsyncs it. */
export async function writeAndSync(file: string, data: Uint8Array | string, flag = "wx"): Promise<void> {
  const h = await fsp.open(file, flag);
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
}

const tempName = (file: string): string => `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;

/**
 * Writes a file atomically: to a unique temp file beside it (created with O_EXCL), fsync, rename over
 * the target, fsync the folder. Readers see the old contents or the new, never a mix; a crash leaves
 * at most a `*.tmp-PID-XXXX` file beside the target. The library's one atomic write.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempName(file);
  try {
    await writeAndSync(tmp, data);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(path.dirname(file));
}

/** Synchronous {@link writeFileAtomic} (same temp-file, fsync and rename steps), for scripts and caches that are synchronous. */
export function writeFileAtomicSync(file: string, data: Uint8Array | string): void {
  const tmp = tempName(file);
  try {
    const fd = fs.openSync(tmp, "wx");
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const d = fs.openSync(path.dirname(file), "r");
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  } catch {
    /* folder fsync unsupported: the rename is still atomic */
  }
}
