import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import * as tar from "tar";
import {
  readNewsgroupsBydate,
  newsgroupsJsonl,
  convertNewsgroupsBydate,
  ensureManifestFile,
  getManifest,
  defaultMirrorDirs,
  DatasetManifestSchema,
  DatasetError,
  repoRoot,
  type DatasetManifest,
} from "../../lib/data/index";

// 20 Newsgroups does not ship (posters' names); `npm run data -- fetch 20newsgroups` downloads the
// canonical 20news-bydate.tar.gz and converts it. The real archive cannot be reached from here, so
// these tests build stand-in tarballs with the `tar` package (from files on disk, as the real one was
// made, or in memory for the full-size one) and serve them on 127.0.0.1.

const hash = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
let tmp: string;
const served = new Map<string, Buffer>(); // URL path -> bytes
const requests: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlsys-20ng-"));
  server = http.createServer((req, res) => {
    requests.push(req.url!);
    const body = served.get(req.url!);
    if (!body) res.writeHead(404).end("not found");
    else res.writeHead(200, { "Content-Length": body.length }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes `files` (path -> bytes) under a fresh folder and returns its gzip-compressed tarball. */
function tarball(label: string, files: Map<string, Buffer>, roots: string[]): Buffer {
  const dir = path.join(tmp, label);
  for (const [p, b] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), b);
  }
  const out = path.join(tmp, `${label}.tar.gz`);
  tar.c({ gzip: true, file: out, cwd: dir, sync: true, portable: true }, roots);
  return fs.readFileSync(out);
}

/**
 * The same kind of tarball built in memory with the `tar` package's own writer (Pack fed ReadEntry
 * objects): for 18,846 messages this avoids writing as many files to disk.
 */
async function tarballInMemory(files: Map<string, Buffer>): Promise<Buffer> {
  const pack = new tar.Pack({ gzip: true, portable: true });
  const chunks: Buffer[] = [];
  pack.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((ok, fail) => {
    pack.on("end", () => ok());
    pack.on("error", fail);
  });
  for (const [p, b] of files) {
    const entry = new tar.ReadEntry(new tar.Header({ path: p, mode: 0o644, size: b.length, mtime: new Date(0), type: "File" }));
    pack.add(entry);
    const padded = Buffer.alloc(512 * Math.ceil(b.length / 512)); // a tar body fills whole 512-byte blocks
    b.copy(padded);
    entry.end(padded);
  }
  pack.end();
  await done;
  return Buffer.concat(chunks);
}

// three train messages in two groups (numbers 10 and 9 to test integer order; a latin-1 byte, an
// ESC control byte, a quote, a backslash and a slash), and one test message
const small = new Map<string, Buffer>([
  ["20news-bydate-train/comp.x/10", Buffer.from("From: b\nSubject: ten\n\n10 > 9\n", "latin1")],
  ["20news-bydate-train/comp.x/9", Buffer.from("From: a\n\nnine\t\"q\" a\\b c/d\n", "latin1")],
  ["20news-bydate-train/alt.y/2", Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9, 0x1b]), Buffer.from("\r\n")])],
  ["20news-bydate-test/alt.y/100", Buffer.from("later\n", "latin1")],
]);
// written by hand, as Python's json.dumps(obj, ensure_ascii=False) writes these lines (é stays é, UTF-8)
const smallTrain =
  '{"id": "alt.y/2", "label": "alt.y", "text": "café\\u001b\\r\\n"}\n' +
  '{"id": "comp.x/9", "label": "comp.x", "text": "From: a\\n\\nnine\\t\\"q\\" a\\\\b c/d\\n"}\n' +
  '{"id": "comp.x/10", "label": "comp.x", "text": "From: b\\nSubject: ten\\n\\n10 > 9\\n"}\n';
const smallTest = '{"id": "alt.y/100", "label": "alt.y", "text": "later\\n"}\n';

describe("the 20news-bydate converter, on a synthetic 4-message tarball", () => {
  it("reads each message as latin-1 and writes the course's JSON lines: by group, then number as an integer", async () => {
    const tgz = tarball("small", small, ["20news-bydate-train", "20news-bydate-test"]);
    const read = await readNewsgroupsBydate(tgz);
    expect(read.train.map((m) => m.id).sort()).toEqual(["alt.y/2", "comp.x/10", "comp.x/9"]);
    expect(read.train.find((m) => m.id === "alt.y/2")!.text).toBe("caf\u00e9\u001b\r\n");
    const out = await convertNewsgroupsBydate(tgz);
    expect(out.train!.toString("utf8")).toBe(smallTrain);
    expect(out.test!.toString("utf8")).toBe(smallTest);
    // the byte 0xE9 became the character é, stored as its two UTF-8 bytes
    expect(out.train!.includes(Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0x5c, 0x75]))).toBe(true);
    expect(newsgroupsJsonl(read.test).equals(out.test!)).toBe(true);
  });

  it("a tarball written in memory (as the full-size test below builds it) converts to the same bytes", async () => {
    const out = await convertNewsgroupsBydate(await tarballInMemory(small));
    expect(out.train!.toString("utf8")).toBe(smallTrain);
    expect(out.test!.toString("utf8")).toBe(smallTest);
  });

  it("refuses what is not a 20news-bydate tarball, saying what it is", async () => {
    await expect(convertNewsgroupsBydate(Buffer.from("not gzip"))).rejects.toThrow(/not valid gzip/);
    const other = tarball("other", new Map([["README", Buffer.from("hello")]]), ["README"]);
    await expect(convertNewsgroupsBydate(other)).rejects.toThrow(/not the 20news-bydate archive/);
  });
});

/** A 20newsgroups-like manifest whose archive is served by the stand-in server. */
function manifestFor(archive: Buffer, files: { train: string; test: string }, urls: string[]): DatasetManifest {
  return DatasetManifestSchema.parse({
    name: "ng_small",
    title: "stand-in",
    description: "a 4-message stand-in for 20 Newsgroups",
    licence: "test data",
    citation: "none",
    files: [
      { name: "train.jsonl.gz", sha256: files.train, urls: [], optional: true, archive: "a.tar.gz" },
      { name: "test.jsonl.gz", sha256: files.test, urls: [], optional: true, archive: "a.tar.gz" },
    ],
    archives: [{ name: "a.tar.gz", sha256: hash(archive), urls, convert: "20news-bydate" }],
    splits: {
      train: { file: "train.jsonl.gz", format: "jsonl", labelField: "label", textFields: ["text"], rows: 3 },
      test: { file: "test.jsonl.gz", format: "jsonl", labelField: "label", textFields: ["text"], rows: 1 },
    },
  });
}

describe("fetching a file converted from an archive (stand-in served on 127.0.0.1)", () => {
  const opts = (cacheDir: string) => ({ cacheDir, shippedDir: path.join(tmp, "none"), mirrorDirs: [], log: () => {}, progress: "silent" as const });

  it("downloads the archive (the first URL 404s, the second serves it), converts, verifies, caches both files, deletes the archive", async () => {
    const tgz = tarball("small-2", small, ["20news-bydate-train", "20news-bydate-test"]);
    served.set("/small.tar.gz", tgz);
    const m = manifestFor(tgz, { train: hash(Buffer.from(smallTrain)), test: hash(Buffer.from(smallTest)) }, [`${base}/moved.tar.gz`, `${base}/small.tar.gz`]);
    const cache = path.join(tmp, "c-ok");
    requests.length = 0;
    const p = await ensureManifestFile(m, "train.jsonl.gz", opts(cache));
    expect(p).toBe(path.join(cache, "ng_small", "train.jsonl.gz"));
    expect(gunzipSync(fs.readFileSync(p)).toString("utf8")).toBe(smallTrain);
    expect(requests).toEqual(["/moved.tar.gz", "/small.tar.gz"]);
    // the test file came from the same conversion: found in the cache, nothing downloaded again
    expect(await ensureManifestFile(m, "test.jsonl.gz", opts(cache))).toBe(path.join(cache, "ng_small", "test.jsonl.gz"));
    expect(requests.length).toBe(2);
    expect(fs.readdirSync(path.join(cache, "ng_small")).sort()).toEqual(["test.jsonl.gz", "train.jsonl.gz"]);
  });

  it("an archive that converts to other bytes: refused with both SHA-256 values, nothing cached but the archive", async () => {
    const changed = new Map(small);
    changed.set("20news-bydate-train/comp.x/9", Buffer.from("From: a\n\nNINE\n", "latin1"));
    const tgz = tarball("changed", changed, ["20news-bydate-train", "20news-bydate-test"]);
    served.set("/changed.tar.gz", tgz);
    const want = hash(Buffer.from(smallTrain));
    const m = manifestFor(tgz, { train: want, test: hash(Buffer.from(smallTest)) }, [`${base}/changed.tar.gz`]);
    const cache = path.join(tmp, "c-changed");
    const err = await ensureManifestFile(m, "train.jsonl.gz", opts(cache)).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain(`expected ${want}`);
    expect(err.message).toContain("converting it gave other bytes for ng_small/train.jsonl.gz");
    expect(err.message).toContain("npm run data -- fetch ng_small");
    // the test split still matched and is kept; the archive is kept for a look
    expect(fs.readdirSync(path.join(cache, "ng_small")).sort()).toEqual(["a.tar.gz", "test.jsonl.gz"]);
  });

  it("an archive whose own SHA-256 differs from the manifest's: not converted, deleted", async () => {
    const tgz = tarball("small-3", small, ["20news-bydate-train", "20news-bydate-test"]);
    served.set("/small-3.tar.gz", tgz);
    const m = manifestFor(Buffer.from("another archive"), { train: hash(Buffer.from(smallTrain)), test: hash(Buffer.from(smallTest)) }, [`${base}/small-3.tar.gz`]);
    const cache = path.join(tmp, "c-bad-archive");
    const err = await ensureManifestFile(m, "train.jsonl.gz", opts(cache)).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain("a.tar.gz");
    expect(err.message).toContain("failed its checksum");
    expect(fs.readdirSync(path.join(cache, "ng_small"))).toEqual([]);
  });
});

// The real files: rebuild 20news-bydate.tar.gz from the mirror's JSON lines (each text written back
// as its latin-1 bytes at 20news-bydate-<split>/<group>/<number>), serve it, run the CLI fetch, and
// check that both files hash to the committed manifest's SHA-256.
const mirror = defaultMirrorDirs().find((d) => fs.existsSync(path.join(d, "20newsgroups", "train.jsonl.gz")) && fs.existsSync(path.join(d, "20newsgroups", "test.jsonl.gz")));
if (!mirror) console.warn("test/data/newsgroups.test.ts: no mirror holds 20newsgroups/{train,test}.jsonl.gz (set MLSYS_DATA_MIRROR): the full-size round trip through `npm run data -- fetch 20newsgroups` is skipped.");

describe.skipIf(!mirror)("npm run data -- fetch 20newsgroups, on a tarball rebuilt from the mirror", () => {
  it("converts to exactly the manifest's train.jsonl.gz and test.jsonl.gz (SHA-256 and size)", async () => {
    const files = new Map<string, Buffer>();
    for (const split of ["train", "test"]) {
      const lines = gunzipSync(fs.readFileSync(path.join(mirror!, "20newsgroups", `${split}.jsonl.gz`))).toString("utf8").split("\n").filter(Boolean);
      for (const line of lines) {
        const r = JSON.parse(line) as { id: string; text: string };
        files.set(`20news-bydate-${split}/${r.id}`, Buffer.from(r.text, "latin1"));
      }
    }
    expect(files.size).toBe(18_846);
    const tgz = await tarballInMemory(files);
    served.set("/20news-bydate.tar.gz", tgz);

    // a datasets folder holding the real manifest, with the archive's URL and SHA-256 those of the stand-in
    const real = getManifest("20newsgroups");
    const datasets = path.join(tmp, "datasets");
    fs.mkdirSync(datasets, { recursive: true });
    const standIn = { ...real, archives: [{ ...real.archives[0]!, sha256: hash(tgz), urls: [`${base}/20news-bydate.tar.gz`] }] };
    fs.writeFileSync(path.join(datasets, "20newsgroups.json"), JSON.stringify(standIn));
    const cache = path.join(tmp, "c-full");
    const r = await new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(path.join(repoRoot(), "node_modules", ".bin", "tsx"), [path.join(repoRoot(), "scripts", "data.ts"), "fetch", "20newsgroups"], {
        cwd: repoRoot(),
        env: { ...process.env, MLSYS_DATA_MIRROR: "", MLSYS_DATASETS_DIR: datasets, MLSYS_DATA_CACHE: cache, MLSYS_OFFLINE: "" },
        timeout: 240_000,
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("close", (code) => resolve({ code: code ?? -1, out }));
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("converted and verified");
    for (const f of real.files) {
      const bytes = gunzipSync(fs.readFileSync(path.join(cache, "20newsgroups", f.name)));
      expect(hash(bytes), f.name).toBe(f.sha256);
      expect(bytes.length, f.name).toBe(f.bytes);
    }
    expect(fs.readdirSync(path.join(cache, "20newsgroups")).sort()).toEqual(["test.jsonl.gz", "train.jsonl.gz"]);
  }, 300_000);
});
