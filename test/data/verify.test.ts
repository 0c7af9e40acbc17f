import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { ensureFile, loadTextSplit, clearDatasetCache, DatasetError, getManifest, repoRoot } from "../../lib/data/index";

// A temporary mirror holding copies of R8's files (taken from the copies that ship in datasets/r8):
// a good one, a corrupt one, a missing one. The shipped folder is replaced by an empty one so that
// only the temporary mirror can supply the file.
const shipped = path.join(repoRoot(), "datasets");
let tmp: string;
let quiet: { log: () => void; download: false; shippedDir: string };

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlsys-data-"));
  quiet = { log: () => {}, download: false, shippedDir: path.join(tmp, "no-shipped") };
}, 10_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tempMirror(name: string, files: Record<string, Buffer | undefined>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "r8"), { recursive: true });
  for (const [f, bytes] of Object.entries(files)) if (bytes) fs.writeFileSync(path.join(dir, "r8", f), bytes);
  return dir;
}

describe("dataset verification", () => {
  it("the shipped R8 files hash to the manifest's SHA-256 (checked independently here)", () => {
    const m = getManifest("r8");
    for (const f of m.files) {
      const bytes = gunzipSync(fs.readFileSync(path.join(shipped, "r8", f.name)));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
    }
  });

  it("a good copy in a temporary mirror passes and loads with the manifest's counts", async () => {
    const good = fs.readFileSync(path.join(shipped, "r8", "test.txt.gz"));
    const dir = tempMirror("good", { "test.txt.gz": good });
    const p = await ensureFile("r8", "test.txt.gz", { mirrorDirs: [dir], cacheDir: path.join(tmp, "c1"), ...quiet });
    expect(p).toBe(path.join(dir, "r8", "test.txt.gz"));
    clearDatasetCache();
    const rows = await loadTextSplit("r8", "test", { mirrorDirs: [dir], cacheDir: path.join(tmp, "c1"), ...quiet });
    expect(rows.length).toBe(2189);
    expect(rows.filter((r) => r.label === "grain").length).toBe(10);
    clearDatasetCache();
  });

  it("a missing file fails with the file name, the places searched and the fixing command", async () => {
    const dir = tempMirror("missing", {});
    const err = await ensureFile("r8", "train.txt.gz", { mirrorDirs: [dir], cacheDir: path.join(tmp, "c2"), ...quiet }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain("train.txt.gz");
    expect(err.message).toContain("was not found");
    expect(err.message).toContain(path.join(dir, "r8", "train.txt.gz"));
    expect(err.message).toContain("npm run data -- fetch r8");
    expect(err.message).toContain("git checkout -- datasets/r8/train.txt.gz");
  });

  it("a corrupt file (one bit flipped) is never used: the error gives expected and found checksums", async () => {
    const bytes = gunzipSync(fs.readFileSync(path.join(shipped, "r8", "test.txt.gz")));
    bytes[1000] ^= 1;
    const found = createHash("sha256").update(bytes).digest("hex");
    const dir = tempMirror("corrupt", { "test.txt.gz": gzipSync(bytes) });
    const logs: string[] = [];
    const err = await loadTextSplit("r8", "test", { ...quiet, mirrorDirs: [dir], cacheDir: path.join(tmp, "c3"), log: (s) => logs.push(s) }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain("failed verification");
    expect(err.message).toContain(getManifest("r8").files[1]!.sha256.slice(0, 16));
    expect(err.message).toContain(found.slice(0, 16));
    expect(err.message).toMatch(/Fix: /);
    expect(logs.join("\n")).toContain("Skipping corrupt copy");
  });

  it("a truncated gzip file is reported as such", async () => {
    const gz = fs.readFileSync(path.join(shipped, "r8", "test.txt.gz"));
    const dir = tempMirror("truncated", { "test.txt.gz": gz.subarray(0, gz.length >> 1) });
    const err = await ensureFile("r8", "test.txt.gz", { mirrorDirs: [dir], cacheDir: path.join(tmp, "c4"), ...quiet }).catch((e) => e);
    expect(err.message).toMatch(/not a valid gzip file/);
  });

  it("a corrupt cache copy is skipped in favour of the good shipped copy", async () => {
    const cache = path.join(tmp, "c5");
    fs.mkdirSync(path.join(cache, "r8"), { recursive: true });
    fs.writeFileSync(path.join(cache, "r8", "test.txt.gz"), gzipSync(Buffer.from("earn\tnot the real file\n")));
    const logs: string[] = [];
    const p = await ensureFile("r8", "test.txt.gz", { mirrorDirs: [], cacheDir: cache, download: false, log: (s) => logs.push(s) });
    expect(p).toBe(path.join(shipped, "r8", "test.txt.gz"));
    expect(logs[0]).toContain(path.join(cache, "r8", "test.txt.gz"));
  });

  it("unknown datasets and splits give the list of valid names", async () => {
    expect(() => getManifest("nope")).toThrow(/Registered datasets: .*r8/);
    await expect(loadTextSplit("r8", "validation")).rejects.toThrow(/splits: train, test/);
  });
});
