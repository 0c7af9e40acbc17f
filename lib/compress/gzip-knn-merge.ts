import * as fs from "node:fs";
import * as path from "node:path";
import { knnEvaluate } from "./knn";
import type { NcdNeighbours } from "./pairwise";
import { gzipKnnCheckpointName, readCheckpointHeader, readGzipKnnCheckpoint, type CheckpointHeader } from "./gzip-knn-checkpoint";
import { gzipKnnShardRows } from "./shards";
import { prepareGzipKnn, shardHeader, describeGzipKnn, type GzipKnnOptions, type GzipKnnResult, type ShardTiming } from "./gzip-knn-job";

/** Options for {@link mergeGzipKnnShards}: the job's settings (as given to each shard), the shard count and folder. */
export interface MergeGzipKnnOptions extends Omit<GzipKnnOptions, "shard" | "checkpointDir" | "resume" | "maxRows" | "workers" | "progress"> {
  /** Number of shards the job was split into. */
  shards: number;
  /** Folder holding the shard files (each shard's `checkpointDir`). */
  dir: string;
}

/** Thrown when shards are missing, incomplete or belong to other settings; the message says which and what to do. */
export class ShardMergeError extends Error {
  /** Sets the name. */
  constructor(message: string) {
    super(message);
    this.name = "ShardMergeError";
  }
}

const SETTINGS: (keyof CheckpointHeader)[] = ["dataset", "trainSplit", "compressor", "level", "trainRows", "testRows", "topK", "rerankM", "retriever", "prefix", "dataHash"];

/** Which settings of a found shard file differ from the expected ones, as "name: found X, expected Y". */
function differences(found: CheckpointHeader, want: CheckpointHeader): string[] {
  const out: string[] = [];
  for (const k of SETTINGS) {
    if (JSON.stringify(found[k]) !== JSON.stringify(want[k])) out.push(`${k}: found ${JSON.stringify(found[k])}, expected ${JSON.stringify(want[k])}`);
  }
  if (found.version !== want.version) out.push(`format version: found ${found.version}, expected ${want.version}`);
  if (found.shard && want.shard && (found.shard.rows !== want.shard.rows || found.shard.rule !== want.shard.rule)) {
    out.push(`shard rows: found ${found.shard.rows} (${found.shard.rule}), expected ${want.shard.rows} (${want.shard.rule})`);
  }
  return out;
}

/**
 * Combines the shard files of one job (each written by {@link runGzipKnn} with `shard: {index, count}`
 * and `checkpointDir: dir`) into exactly the result an unsharded run gives: the same neighbours,
 * hence the same accuracy for every policy and k. Every shard must be present, complete, valid
 * line by line and made with the same settings; otherwise a {@link ShardMergeError} names the shard,
 * the file and the settings that differ. Timing fields are the merge's own, with each shard's
 * accumulated cost in `mergedShards` (CPU seconds summed into `cpuSeconds`).
 * @example
 * const r = await mergeGzipKnnShards({ dataset: "r8", testLimit: 60, shards: 3, dir: "build/gzip-knn-shards" });
 */
export async function mergeGzipKnnShards(options: MergeGzipKnnOptions): Promise<GzipKnnResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const p = await prepareGzipKnn(options);
  const count = options.shards;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`The shard count must be a positive integer, got ${count}.`);
  const testTexts = p.test.map((r) => r.text);
  const trainTexts = p.train.map((r) => r.text);
  const found = fs.existsSync(options.dir) ? fs.readdirSync(options.dir).filter((f) => f.endsWith(".jsonl")) : [];
  const problems: string[] = [];
  const done = new Map<number, NcdNeighbours>();
  const timing: ShardTiming[] = [];
  for (let index = 0; index < count; index++) {
    const rows = gzipKnnShardRows(testTexts, trainTexts, { index, count });
    const want = shardHeader(p, { index, count }, rows.length);
    const name = gzipKnnCheckpointName(want);
    const file = path.join(options.dir, name);
    const tag = `shard ${index}/${count}`;
    if (!fs.existsSync(file)) {
      const near = found
        .map((f) => ({ f, h: readCheckpointHeader(path.join(options.dir, f)) }))
        .filter((x) => x.h && x.h.shard && x.h.shard.index === index && x.h.dataset === want.dataset);
      const sameCount = near.filter((x) => x.h!.shard!.count === count);
      if (sameCount.length > 0) {
        problems.push(`${tag}: no shard file with these settings; ${sameCount.map((x) => `${x.f} differs (${differences(x.h!, want).join("; ")})`).join(" / ")}.`);
      } else if (near.length > 0) {
        problems.push(`${tag}: found only shard files of a ${near.map((x) => x.h!.shard!.count).join("/")}-shard split (${near.map((x) => x.f).join(", ")}); merge with the same --shards as the runs used.`);
      } else {
        problems.push(`${tag}: missing (no ${name} in ${options.dir}); run it with --shard ${index}/${count} and the same settings.`);
      }
      continue;
    }
    const read = readGzipKnnCheckpoint(file, want, new Set(rows));
    if (!read.matched) {
      const h = readCheckpointHeader(file);
      problems.push(`${tag}: ${name} has another header (${h ? differences(h, want).join("; ") || "shard fields differ" : "unreadable first line"}); run the shard again.`);
      continue;
    }
    const missing = rows.filter((i) => !read.rows.has(i));
    if (missing.length > 0) {
      const bad = read.rejected.length > 0 ? ` (${read.rejected.length} line(s) failed validation, e.g. line ${read.rejected[0]!.line}: ${read.rejected[0]!.reason})` : "";
      problems.push(`${tag}: ${rows.length - missing.length} of ${rows.length} rows done${bad}; run it again with --shard ${index}/${count} to finish it.`);
      continue;
    }
    for (const i of rows) done.set(i, read.rows.get(i)!);
    try {
      timing.push(JSON.parse(fs.readFileSync(`${file}.timing.json`, "utf8")) as ShardTiming);
    } catch {
      timing.push({ index, runs: 0, wallSeconds: 0, cpuSeconds: 0, pairs: 0 });
    }
  }
  if (problems.length > 0) throw new ShardMergeError(`Cannot merge ${count} shards from ${options.dir}:\n  ${problems.join("\n  ")}`);
  const accuracy = knnEvaluate(
    p.test.map((_, i) => done.get(i)!.indices),
    p.train.map((r) => r.label),
    p.test.map((r) => r.label),
    { ks: p.ks, policies: p.policies, seed: p.seed },
  );
  const cpu = process.cpuUsage(cpu0);
  const shardCpu = timing.reduce((a, t) => a + t.cpuSeconds, 0);
  const pairs = timing.reduce((a, t) => a + t.pairs, 0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 + shardCpu;
  return {
    ...describeGzipKnn(p, p.header, true, accuracy),
    rowsThisRun: 0,
    rowsResumed: p.test.length,
    compressionsThisRun: 0,
    compressionsTotal: p.train.length + p.test.length + Math.min(p.train.length, options.rerank ?? Infinity) * p.test.length,
    pairsPerSecond: 0,
    pairsPerSecondPerCore: 0,
    workers: 0,
    wallSeconds: (performance.now() - t0) / 1000,
    cpuSeconds,
    pairsPerCpuSecond: cpuSeconds > 0 ? pairs / cpuSeconds : 0,
    checkpoint: null,
    shard: null,
    checkpointRejected: [],
    mergedShards: timing,
  };
}
