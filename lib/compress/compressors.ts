import * as zlib from "node:zlib";
import * as fflate from "fflate";
import { ncdKernel, type LengthEngine } from "./ncd-kernel";

/**
 * The stream format: `"gzip"` (10-byte header + 8-byte trailer around raw deflate, what the
 * paper's Python `gzip.compress` writes), `"zlib"` (2-byte header + 4-byte Adler-32) or
 * `"deflate"` (raw deflate, no container).
 */
export type CompressorName = "gzip" | "deflate" | "zlib";

/** The implementation: `"node"` (node:zlib, native) or `"fflate"` (pure JavaScript). */
export type CompressorEngine = "node" | "fflate";

/** The compressor names {@link createCompressor} accepts. */
export const COMPRESSOR_NAMES: readonly CompressorName[] = ["gzip", "deflate", "zlib"];

/** Which compressor to build. */
export interface CompressorSpec {
  /** Stream format. Default `"gzip"`. */
  name?: CompressorName;
  /** Compression level 0 (stored) to 9 (best). Default 9, as Python's `gzip.compress`. */
  level?: number;
  /** Implementation. Default `"node"`. */
  engine?: CompressorEngine;
}

/** A compressor: compresses bytes or text (UTF-8) and reports compressed lengths. */
export interface Compressor {
  /** The resolved settings. */
  readonly spec: Required<CompressorSpec>;
  /** A short id such as `"gzip-9"` or `"fflate-deflate-6"` (used in file names). */
  readonly id: string;
  /** Compressed bytes of `data` (text is encoded as UTF-8). */
  compress(data: Uint8Array | string): Uint8Array;
  /** Length in bytes of the compressed form of `data`, container included (same as `compress(data).length`). */
  compressedLength(data: Uint8Array | string): number;
}

/**
 * Resolves and checks a {@link CompressorSpec}, filling in defaults.
 * @throws Error naming the valid choices when the name, level or engine is unknown
 */
export function resolveCompressorSpec(spec: CompressorSpec = {}): Required<CompressorSpec> {
  const name = spec.name ?? "gzip";
  const level = spec.level ?? 9;
  const engine = spec.engine ?? "node";
  if (!COMPRESSOR_NAMES.includes(name)) {
    throw new Error(`Unknown compressor "${String(name)}": use one of ${COMPRESSOR_NAMES.join(", ")}.`);
  }
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new Error(`Compressor level must be an integer from 0 to 9, got ${String(level)}.`);
  }
  if (engine !== "node" && engine !== "fflate") {
    throw new Error(`Unknown compressor engine "${String(engine)}": use "node" or "fflate".`);
  }
  return { name, level, engine };
}

const toBytes = (data: Uint8Array | string): Uint8Array => (typeof data === "string" ? Buffer.from(data, "utf8") : data);

/**
 * Creates a compressor. The node engine measures lengths with a reused native handle that gives
 * exactly the bytes of a fresh `zlib.gzipSync`/`deflateRawSync`/`deflateSync` call at the same level.
 * @example
 * const gz = createCompressor({ name: "gzip", level: 9 });
 * gz.compressedLength("the cat sat on the mat"); // 42
 */
export function createCompressor(spec: CompressorSpec = {}): Compressor {
  const s = resolveCompressorSpec(spec);
  const level = s.level as fflate.DeflateOptions["level"];
  if (s.engine === "node") {
    let engine: LengthEngine | undefined;
    const compress = (data: Uint8Array | string): Uint8Array => {
      const b = toBytes(data);
      if (s.name === "gzip") return zlib.gzipSync(b, { level: s.level });
      if (s.name === "zlib") return zlib.deflateSync(b, { level: s.level });
      return zlib.deflateRawSync(b, { level: s.level });
    };
    return {
      spec: s,
      id: `${s.name}-${s.level}`,
      compress,
      compressedLength(data) {
        engine ??= ncdKernel.createLengthEngine({ name: s.name, level: s.level });
        return engine.length(toBytes(data));
      },
    };
  }
  const compress = (data: Uint8Array | string): Uint8Array => {
    const b = toBytes(data);
    if (s.name === "gzip") return fflate.gzipSync(b, { level, mtime: 0 });
    if (s.name === "zlib") return fflate.zlibSync(b, { level });
    return fflate.deflateSync(b, { level });
  };
  return { spec: s, id: `fflate-${s.name}-${s.level}`, compress, compressedLength: (data) => compress(data).length };
}
