import { describe, it, expect, beforeAll, afterAll, beforeEach, vi } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import {
  DatasetManifestSchema,
  ensureManifestFile,
  ensureFile,
  partialPath,
  hasSplit,
  loadTextSplit,
  clearDatasetCache,
  DatasetError,
  repoRoot,
  type DatasetManifest,
} from "../../lib/data/index";

// The download path, against a stand-in file served on 127.0.0.1 (the real AG News train set cannot
// be reached from here): success, checksum mismatch, truncated transfer then resume, a server that
// ignores Range, 404, an unreachable host, and offline mode. Each must say what happened and what to do.

// a stand-in for AG News train.csv: 4,000 rows, 1,000 per class, no header, every field quoted
const rows = Array.from({ length: 4000 }, (_, i) => `"${(i % 4) + 1}","Stand-in title ${i}","Stand-in description number ${i}, padded to look like news ${"x".repeat(i % 50)}"`);
const content = Buffer.from(rows.join("\n") + "\n");
const contentSha = createHash("sha256").update(content).digest("hex");

type Mode = "ok" | "truncate" | "404" | "ignore-range";
let mode: Mode = "ok";
const requests: { url: string; range?: string; sent: number }[] = [];
let server: http.Server;
let base: string;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlsys-download-"));
  server = http.createServer((req, res) => {
    const r = { url: req.url!, range: req.headers.range, sent: 0 };
    requests.push(r);
    if (mode === "404" || req.url !== "/data/train.csv") {
      res.writeHead(404).end("not found");
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (m && mode !== "ignore-range") {
      const from = Number(m[1]);
      if (from >= content.length) {
        res.writeHead(416, { "Content-Range": `bytes */${content.length}` }).end();
        return;
      }
      const part = content.subarray(from);
      r.sent = part.length;
      res.writeHead(206, { "Content-Length": part.length, "Content-Range": `bytes ${from}-${content.length - 1}/${content.length}` }).end(part);
      return;
    }
    res.writeHead(200, { "Content-Length": content.length });
    if (mode === "truncate") {
      const half = content.subarray(0, 100_000);
      r.sent = half.length;
      res.write(half, () => setTimeout(() => res.socket?.destroy(), 20)); // the connection drops mid-transfer
      return;
    }
    r.sent = content.length;
    res.end(content);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  mode = "ok";
  requests.length = 0;
  delete process.env.MLSYS_OFFLINE;
});

function standIn(sha = contentSha, urlPath = "/data/train.csv", url = base): DatasetManifest {
  return DatasetManifestSchema.parse({
    name: "ag_news",
    title: "stand-in",
    description: "a stand-in for AG News, served locally",
    licence: "test data",
    citation: "none",
    files: [{ name: "train.csv.gz", sha256: sha, urls: [`${url}${urlPath}`], optional: true }],
    splits: {
      train_full: {
        file: "train.csv.gz",
        format: "csv",
        header: false,
        columns: ["label", "title", "description"],
        labelField: "label",
        textFields: ["title", "description"],
        labelNames: { "1": "World", "2": "Sports", "3": "Business", "4": "Sci/Tech" },
        rows: 4000,
        classCounts: { "1": 1000, "2": 1000, "3": 1000, "4": 1000 },
      },
    },
  });
}

const quiet = (cacheDir: string): { cacheDir: string; shippedDir: string; mirrorDirs: string[]; log: (s: string) => void; progress: "silent" } => ({
  cacheDir,
  shippedDir: path.join(tmp, "no-shipped"),
  mirrorDirs: [],
  log: () => {},
  progress: "silent",
});

describe("verified downloads from a local stand-in server", () => {
  it("downloads, verifies and stores the file gzip-compressed in the cache", async () => {
    const o = quiet(path.join(tmp, "c-ok"));
    const p = await ensureManifestFile(standIn(), "train.csv.gz", o);
    expect(p).toBe(path.join(o.cacheDir, "ag_news", "train.csv.gz"));
    expect(gunzipSync(fs.readFileSync(p)).equals(content)).toBe(true);
    expect(fs.existsSync(partialPath(p))).toBe(false);
    // a second call uses the cached copy: no new request
    expect(await ensureManifestFile(standIn(), "train.csv.gz", o)).toBe(p);
    expect(requests.length).toBe(1);
  });

  it("refuses a file whose checksum does not match, with both values, and keeps nothing", async () => {
    const wrong = "0".repeat(64);
    const o = quiet(path.join(tmp, "c-sha"));
    const err = await ensureManifestFile(standIn(wrong), "train.csv.gz", o).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain("failed its checksum");
    expect(err.message).toContain(`expected SHA-256 ${wrong}`);
    expect(err.message).toContain(`got ${contentSha}`);
    // the stand-in ships nothing (its one file is optional), so its fetch command is the whole
    // dataset's, as for 20 Newsgroups; the real AG News says `--split train_full` (shipped.test.ts)
    expect(err.message).toContain("`npm run data -- fetch ag_news` on a machine with internet");
    expect(fs.readdirSync(path.join(o.cacheDir, "ag_news"))).toEqual([]);
  });

  it("a truncated transfer keeps its bytes and says to run again; the next run resumes with a Range request", async () => {
    const o = quiet(path.join(tmp, "c-resume"));
    const dest = path.join(o.cacheDir, "ag_news", "train.csv.gz");
    mode = "truncate";
    const err = await ensureManifestFile(standIn(), "train.csv.gz", o).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toMatch(/interrupted after 100,000 of [\d,]+ bytes/);
    expect(err.message).toContain("run the same command again to resume");
    expect(fs.statSync(partialPath(dest)).size).toBe(100_000);
    expect(fs.existsSync(dest)).toBe(false);

    mode = "ok";
    const logs: string[] = [];
    const p = await ensureManifestFile(standIn(), "train.csv.gz", { ...o, log: (s) => logs.push(s) });
    expect(requests.at(-1)).toEqual({ url: "/data/train.csv", range: "bytes=100000-", sent: content.length - 100_000 });
    expect(logs.join("\n")).toContain("Resuming ag_news/train.csv.gz at 100,000 bytes");
    expect(gunzipSync(fs.readFileSync(p)).equals(content)).toBe(true);
    expect(fs.existsSync(partialPath(dest))).toBe(false);
  });

  it("a server that ignores Range makes the download start over, saying so", async () => {
    const o = quiet(path.join(tmp, "c-norange"));
    const dest = path.join(o.cacheDir, "ag_news", "train.csv.gz");
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(partialPath(dest), content.subarray(0, 5000));
    mode = "ignore-range";
    const logs: string[] = [];
    const p = await ensureManifestFile(standIn(), "train.csv.gz", { ...o, log: (s) => logs.push(s) });
    expect(logs.join("\n")).toContain("did not resume");
    expect(gunzipSync(fs.readFileSync(p)).equals(content)).toBe(true);
  });

  it("HTTP 404 names the status, the URL and what it means", async () => {
    const o = quiet(path.join(tmp, "c-404"));
    mode = "404";
    const err = await ensureManifestFile(standIn(), "train.csv.gz", o).catch((e) => e);
    expect(err.message).toContain(`HTTP 404 Not Found for ${base}/data/train.csv`);
    expect(err.message).toContain("not at this address");
  });

  it("an unreachable host says so and suggests trying again online", async () => {
    const closed = http.createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const err = await ensureManifestFile(standIn(contentSha, "/data/train.csv", `http://127.0.0.1:${port}`), "train.csv.gz", quiet(path.join(tmp, "c-refused"))).catch((e) => e);
    expect(err.message).toContain(`Could not reach 127.0.0.1:${port}`);
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.message).toContain("Are you offline?");
  });

  it("MLSYS_OFFLINE=1 wins over download: true: no request is made, and the message says why (issue 15 #11)", async () => {
    process.env.MLSYS_OFFLINE = "1";
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      const err = await ensureManifestFile(standIn(), "train.csv.gz", { ...quiet(path.join(tmp, "c-offline")), download: true }).catch((e) => e);
      expect(err).toBeInstanceOf(DatasetError);
      expect(err.message).toContain("MLSYS_OFFLINE=1 forbids downloads");
      // the same for a registered dataset whose files are not found locally
      const r8 = await ensureFile("r8", "train.txt.gz", { ...quiet(path.join(tmp, "c-offline")), download: true }).catch((e) => e);
      expect(r8.message).toContain("MLSYS_OFFLINE=1 forbids downloads");
      expect(spy).not.toHaveBeenCalled();
      expect(requests.length).toBe(0);
    } finally {
      spy.mockRestore();
      delete process.env.MLSYS_OFFLINE;
    }
  });
});

describe("npm run data -- fetch, against the stand-in (a datasets folder holding only the stand-in manifest)", () => {
  // asynchronous: the stand-in server runs in this process and must keep answering
  const cli = (args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      const child = spawn(path.join(repoRoot(), "node_modules", ".bin", "tsx"), [path.join(repoRoot(), "scripts", "data.ts"), ...args], {
        cwd: repoRoot(),
        env: { ...process.env, MLSYS_DATA_MIRROR: "", ...env },
        timeout: 60_000,
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("close", (code) => resolve({ code: code ?? -1, out }));
    });
  let datasets: string;
  beforeAll(() => {
    datasets = path.join(tmp, "datasets");
    fs.mkdirSync(datasets, { recursive: true });
    fs.writeFileSync(path.join(datasets, "ag_news.json"), JSON.stringify(standIn()));
    const r8 = standIn();
    r8.name = "r8";
    r8.files[0]!.name = "train.txt.gz";
    r8.splits.train_full!.file = "train.txt.gz";
    r8.files[0]!.optional = false;
    fs.writeFileSync(path.join(datasets, "r8.json"), JSON.stringify(r8));
  });

  it("MLSYS_OFFLINE=1 npm run data -- fetch r8 downloads nothing and says why (issue 15 #11)", async () => {
    const r = await cli(["fetch", "r8"], { MLSYS_OFFLINE: "1", MLSYS_DATASETS_DIR: datasets, MLSYS_DATA_CACHE: path.join(tmp, "cli-offline") });
    expect(r.code).toBe(1);
    expect(r.out).toContain("MLSYS_OFFLINE=1: nothing will be downloaded");
    expect(r.out).toContain("MLSYS_OFFLINE=1 forbids downloads");
    expect(r.out).not.toContain("Downloading");
    expect(requests.length).toBe(0);
  });

  it("fetch ag_news --split train_full downloads with a progress report, verifies, and the split then loads", async () => {
    const cache = path.join(tmp, "cli-cache");
    const env = { MLSYS_DATASETS_DIR: datasets, MLSYS_DATA_CACHE: cache };
    const r = await cli(["fetch", "ag_news", "--split", "train_full"], env);
    expect(r.out).toContain(`✓ ag_news/train.csv.gz: ${path.join(cache, "ag_news", "train.csv.gz")}`);
    expect(r.out).toMatch(/download ag_news\/train\.csv\.gz: [\d,]+\/[\d,]+ kB \(100\.0%\)/);
    expect(r.code).toBe(0);
    const verify = await cli(["verify", "ag_news"], env);
    expect(verify.out).toContain("✓ ag_news/train.csv.gz  cache:");
    expect(verify.code).toBe(0);
    // in this process, with the same folders: the split is present and loads with its counts
    const saved = process.env.MLSYS_DATASETS_DIR;
    process.env.MLSYS_DATASETS_DIR = datasets;
    try {
      expect(hasSplit("ag_news", "train_full", { cacheDir: cache, mirrorDirs: [] })).toBe(true);
      clearDatasetCache();
      const train = await loadTextSplit("ag_news", "train_full", { cacheDir: cache, mirrorDirs: [], download: false });
      expect(train.length).toBe(4000);
      expect(train[1]).toEqual({ label: "Sports", text: `Stand-in title 1 Stand-in description number 1, padded to look like news x` });
    } finally {
      if (saved === undefined) delete process.env.MLSYS_DATASETS_DIR;
      else process.env.MLSYS_DATASETS_DIR = saved;
      clearDatasetCache();
    }
  });

  it("verify fails (exit 1) on a corrupt needed file, naming it, what failed and the fix", async () => {
    fs.mkdirSync(path.join(datasets, "r8"), { recursive: true });
    fs.writeFileSync(path.join(datasets, "r8", "train.txt.gz"), Buffer.from("not gzip at all"));
    try {
      const r = await cli(["verify", "r8"], { MLSYS_DATASETS_DIR: datasets, MLSYS_DATA_CACHE: path.join(tmp, "cli-corrupt"), MLSYS_OFFLINE: "1" });
      expect(r.code).toBe(1);
      expect(r.out).toContain(`✗ r8/train.txt.gz: Dataset "r8": file train.txt.gz failed verification: ${path.join(datasets, "r8", "train.txt.gz")}`);
      expect(r.out).toContain("gzip's integrity check failed");
      expect(r.out).toContain("git checkout -- datasets/r8/train.txt.gz");
      expect(r.out).toContain("0 of 1 needed files verified in 1 dataset(s); 1 missing or corrupt.");
    } finally {
      fs.rmSync(path.join(datasets, "r8"), { recursive: true, force: true });
    }
  });

  it("verify reports an absent optional file as not shipped and succeeds", async () => {
    const r = await cli(["verify", "ag_news"], { MLSYS_DATASETS_DIR: datasets, MLSYS_DATA_CACHE: path.join(tmp, "cli-empty") });
    // a dataset that ships nothing is fetched whole by name (the real AG News says --split train_full)
    expect(r.out).toContain("– ag_news/train.csv.gz: not shipped (optional); `npm run data -- fetch ag_news` downloads it");
    expect(r.out).toContain("0 of 0 needed files verified in 1 dataset(s); 1 optional file(s) not shipped.");
    expect(r.code).toBe(0);
  });
});
