import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import {
  listDatasets,
  getManifest,
  loadRows,
  loadTextSplit,
  ensureFile,
  verifyDataset,
  hasSplit,
  firstAvailableSplit,
  isOptionalSplit,
  defaultMirrorDirs,
  clearDatasetCache,
  DatasetError,
  repoRoot,
  type DataSourceOptions,
} from "../../lib/data/index";

// The course as a learner who cloned it meets it: no mirror, no ../shared, offline. Every file the
// course needs ships in datasets/<name>/ and verifies; every needed split loads with its counts.
const shipped = path.join(repoRoot(), "datasets");
let tmp: string;
let opts: DataSourceOptions;
const saved = { offline: process.env.MLSYS_OFFLINE, mirror: process.env.MLSYS_DATA_MIRROR };

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlsys-shipped-"));
  process.env.MLSYS_OFFLINE = "1";
  process.env.MLSYS_DATA_MIRROR = ""; // set but empty: no mirror at all, not even ../shared/datasets
  opts = { cacheDir: path.join(tmp, "empty-cache"), log: () => {} };
});
afterAll(() => {
  for (const [k, v] of [["MLSYS_OFFLINE", saved.offline], ["MLSYS_DATA_MIRROR", saved.mirror]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const needed = (): { name: string; file: string }[] =>
  listDatasets().flatMap((name) => getManifest(name).files.filter((f) => !f.optional).map((f) => ({ name, file: f.name })));

describe("the data that ships with the course", () => {
  it("MLSYS_DATA_MIRROR set but empty means no mirror", () => {
    expect(defaultMirrorDirs()).toEqual([]);
  });

  it("datasets/ holds exactly the needed files: none optional, none extra, each ≤ 25 MB, ≤ 40 MB in all", () => {
    const onDisk = listDatasets().flatMap((name) => {
      const dir = path.join(shipped, name);
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => `${name}/${f}`) : [];
    });
    expect(onDisk.sort()).toEqual(needed().map((n) => `${n.name}/${n.file}`).sort());
    const sizes = onDisk.map((f) => fs.statSync(path.join(shipped, f)).size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25e6);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(40e6);
  });

  it("every shipped file hashes to its manifest's SHA-256 and size (checked here with zlib and crypto directly)", () => {
    for (const { name, file } of needed()) {
      const spec = getManifest(name).files.find((f) => f.name === file)!;
      const bytes = gunzipSync(fs.readFileSync(path.join(shipped, name, file)));
      expect(createHash("sha256").update(bytes).digest("hex"), `${name}/${file}`).toBe(spec.sha256);
      expect(bytes.length, `${name}/${file}`).toBe(spec.bytes);
    }
  });

  it("the count and size of datasets/ stated in README.md and datasets/README.md are the real ones", () => {
    const files = listDatasets().flatMap((name) => {
      const dir = path.join(shipped, name);
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
    });
    const mb = (files.reduce((a, f) => a + fs.statSync(f).size, 0) / 1e6).toFixed(1);
    for (const doc of ["README.md", path.join("datasets", "README.md")]) {
      const stated = /(\d+) files, ([\d.]+) MB/.exec(fs.readFileSync(path.join(repoRoot(), doc), "utf8"));
      expect(stated, `${doc} states "N files, X MB"`).not.toBeNull();
      expect({ files: Number(stated![1]), mb: stated![2] }, doc).toEqual({ files: files.length, mb });
    }
  });

  it("20 Newsgroups (posters' names in the messages) ships nothing: every file optional, converted from the canonical archive", () => {
    expect(fs.existsSync(path.join(shipped, "20newsgroups"))).toBe(false);
    const m = getManifest("20newsgroups");
    expect(m.files.map((f) => [f.name, f.optional, f.archive])).toEqual([
      ["train.jsonl.gz", true, "20news-bydate.tar.gz"],
      ["test.jsonl.gz", true, "20news-bydate.tar.gz"],
    ]);
    expect(m.archives[0]!.urls[0]).toBe("http://qwone.com/~jason/20Newsgroups/20news-bydate.tar.gz");
  });

  it("20 Newsgroups offline with no copy: the error names `npm run data -- fetch 20newsgroups` and the archive, no git checkout", async () => {
    expect(isOptionalSplit("20newsgroups", "train")).toBe(true);
    const err = await loadTextSplit("20newsgroups", "train", opts).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain("file train.jsonl.gz was not found");
    expect(err.message).toContain("MLSYS_OFFLINE=1 forbids downloads");
    expect(err.message).toContain("run `npm run data -- fetch 20newsgroups` on a machine with internet (downloads http://qwone.com/~jason/20Newsgroups/20news-bydate.tar.gz and converts it)");
    expect(err.message).not.toContain("git checkout");
  });

  it("COMPAS ships without the defendants' name columns", () => {
    const header = gunzipSync(fs.readFileSync(path.join(shipped, "compas", "compas-two-years-noname.csv.gz"))).toString("utf8").split("\n", 1)[0]!.split(",");
    expect(header).toContain("two_year_recid");
    for (const col of ["name", "first", "last"]) expect(header).not.toContain(col);
  });

  it.each(listDatasets())("%s: offline with no mirror, every needed file verifies and every needed split loads with the manifest's counts", async (name) => {
    const st = await verifyDataset(name, opts);
    for (const f of st.files.filter((x) => !x.optional)) {
      expect(f.ok, `${name}/${f.name}: ${f.problem}`).toBe(true);
      expect(f.source).toBe("shipped");
      expect(f.path).toBe(path.join(shipped, name, f.name));
    }
    for (const f of st.files.filter((x) => x.optional)) expect(f).toMatchObject({ ok: false, missing: true });
    const m = getManifest(name);
    for (const [split, s] of Object.entries(m.splits)) {
      if (isOptionalSplit(name, split)) {
        expect(hasSplit(name, split, opts)).toBe(false);
        continue;
      }
      const rows = await loadRows(name, split, opts); // checks rows and per-class counts itself
      expect(rows.length).toBe(s.rows);
    }
    expect(fs.existsSync(opts.cacheDir!)).toBe(false); // nothing was downloaded or copied
  }, 120_000);

  it("AG News: train_full is optional and absent, so the shipped 12,000-row subset is picked", () => {
    expect(isOptionalSplit("ag_news", "train_full")).toBe(true);
    expect(isOptionalSplit("ag_news", "train")).toBe(false);
    expect(firstAvailableSplit("ag_news", ["train_full", "train"], opts)).toBe("train");
    expect(() => firstAvailableSplit("ag_news", ["train_full"], opts)).toThrow(/npm run data -- fetch ag_news --split train_full/);
  });

  it("AG News: loading the absent train_full offline says it is not downloaded and how to get it", async () => {
    const err = await loadTextSplit("ag_news", "train_full", opts).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain("file train.csv.gz was not found");
    expect(err.message).toContain("MLSYS_OFFLINE=1 forbids downloads");
    expect(err.message).toContain("npm run data -- fetch ag_news --split train_full");
    expect(err.message).not.toContain("git checkout"); // optional: nothing shipped to restore
  });
});

describe("a corrupted shipped file (on a temporary copy of datasets/r8)", () => {
  const copyR8 = (label: string): string => {
    const dir = path.join(tmp, label);
    fs.mkdirSync(path.join(dir, "r8"), { recursive: true });
    for (const f of fs.readdirSync(path.join(shipped, "r8"))) fs.copyFileSync(path.join(shipped, "r8", f), path.join(dir, "r8", f));
    return dir;
  };

  it("one flipped byte in the gzip stream: refused, gzip's integrity check named, with the fix; nothing loads", async () => {
    const dir = copyR8("flip-gz");
    const file = path.join(dir, "r8", "test.txt.gz");
    const gz = fs.readFileSync(file);
    gz[gz.length >> 1] ^= 0x01;
    fs.writeFileSync(file, gz);
    const o = { ...opts, shippedDir: dir, cacheDir: path.join(tmp, "c-flip-gz") };
    clearDatasetCache();
    const err = await loadTextSplit("r8", "test", o).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain(file);
    expect(err.message).toContain("gzip's integrity check failed");
    expect(err.message).toContain("git checkout -- datasets/r8/test.txt.gz");
    expect(err.message).toContain("npm run data -- fetch r8");
    expect(err.message).toContain("MLSYS_OFFLINE=1 forbids downloads");
    // asked again, it is refused again (nothing was cached from it), and the good file beside it still loads
    await expect(ensureFile("r8", "test.txt.gz", o)).rejects.toThrow(/integrity check/);
    expect((await loadTextSplit("r8", "train", o)).length).toBe(5485);
    expect(fs.existsSync(o.cacheDir)).toBe(false);
  });

  it("one flipped byte in the content (valid gzip): refused with both SHA-256 values and the fix", async () => {
    const dir = copyR8("flip-content");
    const file = path.join(dir, "r8", "test.txt.gz");
    const bytes = gunzipSync(fs.readFileSync(file));
    bytes[1000] ^= 0x01;
    const found = createHash("sha256").update(bytes).digest("hex");
    fs.writeFileSync(file, gzipSync(bytes));
    const o = { ...opts, shippedDir: dir, cacheDir: path.join(tmp, "c-flip-content") };
    const logs: string[] = [];
    clearDatasetCache();
    const err = await loadTextSplit("r8", "test", { ...o, log: (s) => logs.push(s) }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain(file);
    expect(err.message).toContain("failed verification");
    expect(err.message).toContain(`expected ${getManifest("r8").files.find((f) => f.name === "test.txt.gz")!.sha256}`);
    expect(err.message).toContain(`found ${found}`);
    expect(err.message).toContain("git checkout -- datasets/r8/test.txt.gz");
    expect(logs.join("\n")).toMatch(/Skipping corrupt copy .*restore it: git checkout -- datasets\/r8\/test\.txt\.gz/);
  });
});
