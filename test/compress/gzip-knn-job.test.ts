import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { runGzipKnn, type GzipKnnResult } from "../../lib/compress";
import { loadTextSplit, type LabelledText } from "../../lib/data";

// 30 test × 200 train of R8 through the same library function the script uses, against a
// brute-force computation written independently here (fresh zlib.gzipSync per text and pair).
let train: LabelledText[] = [];
let test: LabelledText[] = [];
let dir = "";
let full: GzipKnnResult;

beforeAll(async () => {
  train = (await loadTextSplit("r8", "train")).slice(0, 200);
  test = (await loadTextSplit("r8", "test")).slice(0, 30);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gzip-knn-test-"));
  full = await runGzipKnn({ dataset: "r8", trainLimit: 200, testLimit: 30, checkpointDir: path.join(dir, "a"), progress: false, workers: 2, ks: [1, 2, 3] });
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function bruteForce(): { k1: number; top2: number; paper3: number; order: number[][] } {
  const C = (s: string): number => zlib.gzipSync(Buffer.from(s, "utf8"), { level: 9 }).length;
  const cy = train.map((r) => C(r.text));
  let k1 = 0;
  let top2 = 0;
  let paper3 = 0;
  const order: number[][] = [];
  for (const t of test) {
    const cx = C(t.text);
    const d = train.map((r, j) => (C(t.text + " " + r.text) - Math.min(cx, cy[j]!)) / Math.max(cx, cy[j]!));
    const idx = d.map((_, j) => j).sort((a, b) => d[a]! - d[b]! || a - b);
    order.push(idx);
    const l = idx.map((j) => train[j]!.label);
    if (l[0] === t.label) k1++;
    if (l[0] === t.label || l[1] === t.label) top2++;
    // paper counting at k=3: correct when the true label has the most votes (ties included)
    const votes = new Map<string, number>();
    for (const x of l.slice(0, 3)) votes.set(x, (votes.get(x) ?? 0) + 1);
    const max = Math.max(...votes.values());
    if ((votes.get(t.label) ?? 0) === max) paper3++;
  }
  return { k1: k1 / test.length, top2: top2 / test.length, paper3: paper3 / test.length, order };
}

describe("runGzipKnn on 30 test × 200 train of R8", () => {
  it("equals a brute-force computation", () => {
    const b = bruteForce();
    expect(full.complete).toBe(true);
    expect(full.trainRows).toBe(200);
    expect(full.testRows).toBe(30);
    expect(full.compressionsThisRun).toBe(200 + 30 + 200 * 30);
    expect(full.accuracy!.k1!["1"]).toBeCloseTo(b.k1, 12);
    expect(full.accuracy!.paper!["2"]).toBeCloseTo(b.top2, 12);
    expect(full.accuracy!.paper!["3"]).toBeCloseTo(b.paper3, 12);
    expect(full.accuracy!.decrement!["2"]).toBeCloseTo(b.k1, 12);
    // the stored neighbour lists are the brute-force order
    const lines = fs.readFileSync(full.checkpoint!, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { i: number; n: number[] });
    expect(lines.length).toBe(30);
    for (const r of lines) expect(r.n).toEqual(b.order[r.i]!.slice(0, 100));
    expect(full.machine.cores).toBeGreaterThan(0);
  });

  it("an interrupted run resumes to the same result (torn last line included)", async () => {
    const opts = { dataset: "r8", trainLimit: 200, testLimit: 30, checkpointDir: path.join(dir, "b"), progress: false, workers: 2, ks: [1, 2, 3] };
    const part = await runGzipKnn({ ...opts, maxRows: 12 });
    expect(part.complete).toBe(false);
    expect(part.accuracy).toBeNull();
    // simulate a kill in the middle of a write
    fs.appendFileSync(part.checkpoint!, '{"i":29,"n":[1,2,');
    const rest = await runGzipKnn(opts);
    expect(rest.rowsResumed).toBe(12);
    expect(rest.rowsThisRun).toBe(18);
    expect(rest.complete).toBe(true);
    expect(rest.accuracy).toEqual(full.accuracy);
    // a third run has nothing left to do
    const again = await runGzipKnn(opts);
    expect(again.rowsThisRun).toBe(0);
    expect(again.accuracy).toEqual(full.accuracy);
  });

  it("different settings do not reuse a checkpoint; bad input is refused clearly", async () => {
    const other = await runGzipKnn({ dataset: "r8", train, test: test.slice(0, 5), compressor: "deflate", level: 6, checkpointDir: path.join(dir, "a"), progress: false, workers: 0, ks: [1] });
    expect(other.rowsResumed).toBe(0);
    expect(other.complete).toBe(true);
    await expect(runGzipKnn({ dataset: "r8", train, test, policies: ["majority" as never], checkpointDir: null })).rejects.toThrow(/Unknown tie policy/);
    await expect(runGzipKnn({ dataset: "r8", train, test, compressor: "lzma" as never, checkpointDir: null })).rejects.toThrow(/Unknown compressor "lzma"/);
    await expect(runGzipKnn({ dataset: "nope", checkpointDir: null })).rejects.toThrow(/Unknown dataset "nope"/);
  });
});
