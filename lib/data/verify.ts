import * as fs from "node:fs";
import { sha256Hex } from "../fs/hash";
import { gunzipSync } from "node:zlib";
import type { DatasetFile } from "./manifest";

/** Thrown when a dataset file is missing or fails verification; the message says what to do. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

/** Result of checking one candidate copy of a file. */
export interface FileCheck {
  /** The copy that was checked. */
  path: string;
  /** True when the copy decompresses to the manifest's size and SHA-256. */
  ok: boolean;
  /** What failed: the copy is absent, gzip's integrity check failed, or the size/SHA-256 differ. */
  kind?: "missing" | "gzip" | "checksum";
  /** Why it failed, in words (`"missing"` when the copy is absent). */
  problem?: string;
}

/** Reads a stored file and returns its uncompressed bytes (gunzip when compressed). */
export function readDataFile(file: string, compression?: "gzip" | "none"): Buffer {
  const raw = fs.readFileSync(file);
  const gz = compression ? compression === "gzip" : file.endsWith(".gz");
  if (!gz) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new DatasetError(`${file} is not a valid gzip file: gzip's integrity check failed (${(e as Error).message}).`);
  }
}

const verified = new Map<string, string>(); // path -> "size:mtime" already verified in this process

/** SHA-256 (hex) of a buffer (lib/fs's `sha256Hex`, under the name lib/data has always used). */
export const sha256: (buf: Uint8Array) => string = sha256Hex;

/**
 * Checks one stored copy against the manifest entry: readable, decompresses (gzip's own CRC and
 * length check), right size, right SHA-256. A copy that passed is remembered by size and mtime
 * for the rest of the process, so checking it again is free.
 */
export function checkFile(file: string, spec: DatasetFile): FileCheck {
  if (!fs.existsSync(file)) return { path: file, ok: false, kind: "missing", problem: "missing" };
  const st = fs.statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  if (verified.get(file) === stamp) return { path: file, ok: true };
  let bytes: Buffer;
  try {
    bytes = readDataFile(file, spec.compression);
  } catch (e) {
    return { path: file, ok: false, kind: "gzip", problem: (e as Error).message };
  }
  const digest = sha256(bytes);
  const sizeOk = spec.bytes === undefined || bytes.length === spec.bytes;
  if (!sizeOk || digest !== spec.sha256) {
    const size = (n: number | undefined): string => (n === undefined ? "" : ` (${n.toLocaleString("en-US")} bytes)`);
    return {
      path: file,
      ok: false,
      kind: "checksum",
      problem: `SHA-256 mismatch: expected ${spec.sha256}${size(spec.bytes)}, found ${digest}${size(bytes.length)}`,
    };
  }
  verified.set(file, stamp);
  return { path: file, ok: true };
}
