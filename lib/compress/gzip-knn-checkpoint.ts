import * as fs from "node:fs";
import { createHash } from "node:crypto";
import type { LabelledText } from "../data/load";
import { writeFileAtomicSync } from "../fs/atomic";
import { sha256Hex } from "../fs/hash";
import type { TfidfOptions } from "../text/index";
import type { NcdNeighbours } from "./pairwise";

/** First line of a checkpoint (or shard) file: the configuration it belongs to (a mismatch starts afresh). @internal */
export interface CheckpointHeader {
  kind: "gzip-knn-checkpoint";
  version: 3;
  dataset: string;
  trainSplit: string;
  compressor: string;
  level: number;
  trainRows: number;
  testRows: number;
  topK: number;
  rerankM: number | null;
  retriever: TfidfOptions | null;
  prefix: boolean;
  dataHash: string;
  /** Set in a shard file: which share of the test rows it holds and by which rule. */
  shard: { index: number; count: number; rows: number; rule: string } | null;
}

/** A checkpoint line that was not used, and why (it is recomputed). */
export interface RejectedCheckpointRow {
  /** 1-based line number in the file. */
  line: number;
  /** What was wrong with it. */
  reason: string;
}

/** What {@link readGzipKnnCheckpoint} found. @internal */
export interface CheckpointContents {
  /** Valid rows by test index. */
  rows: Map<number, NcdNeighbours>;
  /** Lines that failed validation (a torn last line included). */
  rejected: RejectedCheckpointRow[];
  /** False when the file is absent or its header belongs to other settings (nothing was used). */
  matched: boolean;
}

/** Short hash of the train and test rows (labels and texts) a job uses. @internal */
export function gzipKnnDataHash(train: readonly LabelledText[], test: readonly LabelledText[]): string {
  const h = createHash("sha1");
  for (const r of train) h.update(r.label).update("\t").update(r.text).update("\n");
  h.update("\u0000");
  for (const r of test) h.update(r.label).update("\t").update(r.text).update("\n");
  return h.digest("hex").slice(0, 16);
}

/** Checkpoint (or shard) file name of a configuration. @internal */
export function gzipKnnCheckpointName(h: CheckpointHeader): string {
  const train = h.trainSplit === "train" ? "" : `-${h.trainSplit.replace(/[^a-z0-9]/gi, "")}`;
  const shard = h.shard ? `-shard${h.shard.index}of${h.shard.count}` : "";
  return `${h.dataset}${train}-${h.compressor}-${h.level}${h.prefix ? "-prefix" : ""}${h.rerankM ? `-rerank${h.rerankM}` : ""}-tr${h.trainRows}-te${h.testRows}-top${h.topK}-${h.dataHash}${shard}.jsonl`;
}

function rowChecksum(i: number, n: readonly number[], d: readonly number[]): string {
  return sha256Hex(JSON.stringify([i, n, d])).slice(0, 16);
}

/** One checkpoint line: row index, neighbour indices, distances and a checksum of the three. @internal */
export function formatCheckpointRow(i: number, nb: NcdNeighbours): string {
  const n = [...nb.indices];
  const d = [...nb.distances];
  return JSON.stringify({ i, n, d, c: rowChecksum(i, n, d) });
}

/**
 * Checks one parsed checkpoint row against its header: the row index is an integer test index (in
 * `allowed` when given), the neighbour list has `topK` entries (1..topK with re-ranking, where the
 * retriever may find fewer candidates), neighbours are distinct integer train indices, distances
 * are finite, in [0, 2] and ascending, and the checksum matches. Returns the reason it is invalid,
 * or null.
 * @internal
 */
export function checkCheckpointRow(r: unknown, h: CheckpointHeader, allowed?: ReadonlySet<number>): string | null {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return "not an object";
  const { i, n, d, c } = r as { i: unknown; n: unknown; d: unknown; c: unknown };
  if (!Number.isInteger(i) || (i as number) < 0 || (i as number) >= h.testRows) return `row index ${JSON.stringify(i)} is not a test index (0..${h.testRows - 1})`;
  if (allowed && !allowed.has(i as number)) return `row ${i as number} does not belong to this shard`;
  if (!Array.isArray(n) || !Array.isArray(d)) return `row ${i as number}: neighbours or distances are not lists`;
  const want = h.rerankM ? `1..${h.topK}` : String(h.topK);
  if ((h.rerankM ? n.length < 1 || n.length > h.topK : n.length !== h.topK) || d.length !== n.length) {
    return `row ${i as number}: ${n.length} neighbours and ${d.length} distances, expected ${want} of each`;
  }
  const seen = new Set<number>();
  for (const j of n) {
    if (!Number.isInteger(j) || j < 0 || j >= h.trainRows) return `row ${i as number}: neighbour ${JSON.stringify(j)} is not a train index (0..${h.trainRows - 1})`;
    if (seen.has(j)) return `row ${i as number}: neighbour ${j} is listed twice`;
    seen.add(j);
  }
  for (let q = 0; q < d.length; q++) {
    const x = d[q];
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 2) return `row ${i as number}: distance ${JSON.stringify(x)} is not an NCD in [0, 2]`;
    if (q > 0 && x < d[q - 1]) return `row ${i as number}: distances are not in ascending order`;
  }
  if (c !== rowChecksum(i as number, n as number[], d as number[])) return `row ${i as number}: checksum does not match its contents`;
  return null;
}

/**
 * Reads a checkpoint: the header must match exactly, then every line is validated
 * ({@link checkCheckpointRow}); invalid lines (a torn last line included) are reported and left
 * out, so the job recomputes those rows. A later valid line for the same row replaces an earlier one.
 * @internal
 */
export function readGzipKnnCheckpoint(file: string, header: CheckpointHeader, allowed?: ReadonlySet<number>): CheckpointContents {
  const out: CheckpointContents = { rows: new Map(), rejected: [], matched: false };
  if (!fs.existsSync(file)) return out;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  try {
    if (JSON.stringify(JSON.parse(lines[0] ?? "")) !== JSON.stringify(header)) return out;
  } catch {
    return out;
  }
  out.matched = true;
  lines.slice(1).forEach((line, q) => {
    if (!line.trim()) return;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      out.rejected.push({ line: q + 2, reason: "not JSON (a line cut short by an interruption?)" });
      return;
    }
    const why = checkCheckpointRow(r, header, allowed);
    if (why) out.rejected.push({ line: q + 2, reason: why });
    else {
      const { i, n, d } = r as { i: number; n: number[]; d: number[] };
      out.rows.set(i, { indices: Int32Array.from(n), distances: Float64Array.from(d) });
    }
  });
  return out;
}

/** Reads only the header line of a checkpoint or shard file (null when it is not one). @internal */
export function readCheckpointHeader(file: string): CheckpointHeader | null {
  try {
    const fd = fs.openSync(file, "r");
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const first = buf.subarray(0, n).toString("utf8").split("\n")[0]!;
    const h = JSON.parse(first) as CheckpointHeader;
    return h && h.kind === "gzip-knn-checkpoint" ? h : null;
  } catch {
    return null;
  }
}

/** Rewrites a checkpoint with its header and only the rows kept (drops torn, invalid and stale lines). @internal */
export function writeGzipKnnCheckpoint(file: string, header: CheckpointHeader, rows: ReadonlyMap<number, NcdNeighbours>): void {
  const lines = [JSON.stringify(header)];
  for (const [i, nb] of [...rows.entries()].sort((a, b) => a[0] - b[0])) lines.push(formatCheckpointRow(i, nb));
  writeFileAtomicSync(file, lines.join("\n") + "\n");
}
