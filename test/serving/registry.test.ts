import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { ModelRegistry, ModelNotFoundError, parseModelSpec, artifactHash, writeFileAtomic } from "../../lib/serving/index";

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "registry-test-"));
const sha = (s: string | Uint8Array): string => createHash("sha256").update(s).digest("hex");
const WRITER = path.join(__dirname, "fixtures", "registry-writer.ts");

/** Runs the writer fixture in a child process; resolves with its stdout lines. */
function runWriter(root: string, id: number, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, root, String(id), String(count)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(out.trim().split("\n")) : reject(new Error(`writer ${id} exited ${code}: ${err}`))));
  });
}

describe("ModelRegistry", () => {
  it("registers immutable versions 1, 2, … with per-file and whole-artifact SHA-256 and metadata", async () => {
    const reg = new ModelRegistry(tmp());
    const a = await reg.register("clf", { files: { "model.onnx": new Uint8Array([1, 2, 3]), "meta.json": '{"x":1}' }, trainingDataSha256: "abc", metrics: { accuracy: 0.9 } });
    const b = await reg.register("clf", { files: { "model.onnx": new Uint8Array([4, 5]) } });
    expect([a.version, b.version]).toEqual(["1", "2"]);
    expect(a.files).toEqual([
      { name: "meta.json", bytes: 7, sha256: sha('{"x":1}') },
      { name: "model.onnx", bytes: 3, sha256: sha(new Uint8Array([1, 2, 3])) },
    ]);
    // whole-artifact hash: sha256 over sorted "name\tsha\n" lines, computed here independently
    expect(a.artifactSha256).toBe(sha(`meta.json\t${sha('{"x":1}')}\nmodel.onnx\t${sha(new Uint8Array([1, 2, 3]))}\n`));
    expect(artifactHash(a.files)).toBe(a.artifactSha256);
    expect(a).toMatchObject({ trainingDataSha256: "abc", metrics: { accuracy: 0.9 } });
    expect(Date.parse(a.createdAt)).not.toBeNaN();
    expect([...(await reg.readFile("clf", "1", "model.onnx"))]).toEqual([1, 2, 3]);
    expect((await reg.verify("clf", "2")).ok).toBe(true);
    expect((await reg.listVersions("clf")).map((r) => r.version)).toEqual(["1", "2"]);
    await expect(reg.register("clf", { version: "1", files: { x: "y" } })).rejects.toThrow(/already exists; versions are immutable/);
    await expect(reg.register("clf", { files: { "registry-entry.json": "x" } })).rejects.toThrow(/reserved/);
  });

  it("resolves name, name@version and name@stage, and says what exists when it cannot", async () => {
    const reg = new ModelRegistry(tmp());
    await reg.register("clf", { files: { m: "1" } });
    await reg.register("clf", { files: { m: "2" } });
    expect((await reg.resolve("clf")).version).toBe("2"); // no production yet: latest
    await reg.promote("clf", "1", "production");
    expect((await reg.resolve("clf")).version).toBe("1");
    expect((await reg.resolve("clf@production")).version).toBe("1");
    await expect(reg.resolve("clf@staging")).rejects.toThrow(/no version in staging/);
    const err = await reg.resolve("clf@9").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelNotFoundError);
    expect((err as Error).message).toMatch(/no version "9"; versions: 1, 2/);
    await expect(reg.resolve("nope")).rejects.toThrow(/No model named "nope".*registered: clf/);
    expect(parseModelSpec("agnews@2")).toEqual({ name: "agnews", ref: "2" });
    expect(() => parseModelSpec("a@b@c")).toThrow(/Bad model spec/);
    expect(() => parseModelSpec("../etc")).toThrow(/Bad model spec/);
  });

  it("promote archives the old production version; rollback restores the exact previous artifact", async () => {
    const reg = new ModelRegistry(tmp());
    const v1 = await reg.register("clf", { files: { "model.onnx": new Uint8Array([9, 9, 9]) } });
    const v2 = await reg.register("clf", { files: { "model.onnx": new Uint8Array([7]) } });
    await reg.promote("clf", "1", "production");
    await reg.promote("clf", "2", "staging");
    expect(await reg.stageOf("clf", "2")).toBe("staging");
    await reg.promote("clf", "2", "production");
    let s = await reg.stages("clf");
    expect(s).toMatchObject({ production: "2", staging: null, archived: ["1"], productionHistory: ["1"] });
    await expect(reg.promote("clf", "2", "archived")).rejects.toThrow(/is in production/);

    expect(await reg.rollback("clf")).toEqual({ from: "2", to: "1" });
    const back = await reg.resolve("clf@production");
    expect(back.version).toBe("1");
    expect(back.artifactSha256).toBe(v1.artifactSha256);
    expect(back.artifactSha256).not.toBe(v2.artifactSha256);
    const check = await reg.verify("clf", "1");
    expect(check).toEqual({ ok: true, artifactSha256: v1.artifactSha256, problems: [] });
    expect([...(await reg.readFile("clf", "1", "model.onnx"))]).toEqual([9, 9, 9]);
    s = await reg.stages("clf");
    expect(s).toMatchObject({ production: "1", archived: ["2"], productionHistory: [] });
    expect(s.events.map((e) => `${e.action}:${e.stage}:${e.version}`)).toEqual(["promote:production:1", "promote:staging:2", "promote:production:2", "rollback:production:1"]);
    await expect(reg.rollback("clf")).rejects.toThrow(/no earlier production version/);
  });

  it("verify detects a file changed after registration", async () => {
    const reg = new ModelRegistry(tmp());
    const v = await reg.register("clf", { files: { "model.onnx": "weights" } });
    fs.writeFileSync(path.join(v.path, "model.onnx"), "tampered");
    const r = await reg.verify("clf", "1");
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/model.onnx: sha256 .* differs/);
  });

  it("concurrent writers in one process get distinct versions and intact contents", async () => {
    const reg = new ModelRegistry(tmp());
    const recs = await Promise.all(Array.from({ length: 12 }, (_, i) => new ModelRegistry(reg.root).register("clf", { files: { m: `payload-${i}` } })));
    expect(recs.map((r) => Number(r.version)).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of recs) {
      const i = recs.indexOf(r);
      expect((await reg.readFile("clf", r.version, "m")).toString()).toBe(`payload-${i}`);
      expect((await reg.verify("clf", r.version)).ok).toBe(true);
    }
    expect(fs.existsSync(path.join(reg.root, "clf", ".lock"))).toBe(false);
  });

  it("concurrent writer processes (O_EXCL lock) get distinct versions; every version is whole", async () => {
    const root = tmp();
    const outs = await Promise.all([1, 2, 3].map((id) => runWriter(root, id, 4)));
    const versions = outs.flat().map(Number);
    expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const reg = new ModelRegistry(root);
    const contents = new Set<string>();
    for (const r of await reg.listVersions("m")) {
      expect((await reg.verify("m", r.version)).ok).toBe(true);
      contents.add((await reg.readFile("m", r.version, "model.bin")).toString());
    }
    expect(contents).toEqual(new Set([1, 2, 3].flatMap((id) => [0, 1, 2, 3].map((i) => `writer-${id}-${i}`))));
  }, 60_000);

  it("a writer killed mid-write (files written, lock held, not renamed) leaves no version; the next writer proceeds", async () => {
    const root = tmp();
    const reg = new ModelRegistry(root);
    await reg.register("m", { files: { "model.bin": "good" } });
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, root, "9", "1", "hang"], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("COMMITTING") && resolve());
      child.on("exit", (code) => reject(new Error(`writer exited early (${code})`)));
    });
    expect(fs.existsSync(path.join(root, "m", ".lock"))).toBe(true);
    const leftovers = fs.readdirSync(path.join(root, "m", ".tmp"));
    expect(leftovers).toHaveLength(1);
    expect(fs.readFileSync(path.join(root, "m", ".tmp", leftovers[0]!, "model.bin"), "utf8")).toBe("writer-9-0"); // fully written, never published
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    expect((await reg.listVersions("m")).map((r) => r.version)).toEqual(["1"]);
    await expect(reg.get("m", "2")).rejects.toBeInstanceOf(ModelNotFoundError);
    // the dead writer's lock is detected (its pid no longer runs) and broken
    const next = await new ModelRegistry(root, { lockTimeoutMs: 5000 }).register("m", { files: { "model.bin": "after crash" } });
    expect(next.version).toBe("2");
    expect((await reg.readFile("m", "2", "model.bin")).toString()).toBe("after crash");
    expect(await reg.cleanupTemp()).toBe(1);
    expect(fs.readdirSync(path.join(root, "m", ".tmp"))).toEqual([]);
  }, 60_000);

  it("an atomic write interrupted before its rename leaves the old stages.json intact", async () => {
    const reg = new ModelRegistry(tmp());
    await reg.register("clf", { files: { m: "1" } });
    await reg.register("clf", { files: { m: "2" } });
    await reg.promote("clf", "1", "production");
    const stagesFile = path.join(reg.root, "clf", "stages.json");
    const before = fs.readFileSync(stagesFile, "utf8");
    // what a crash between write and rename leaves: a half-written temp file next to the target
    fs.writeFileSync(`${stagesFile}.tmp-999999-dead`, '{"production": "2", "stag');
    expect(fs.readFileSync(stagesFile, "utf8")).toBe(before);
    expect((await reg.resolve("clf")).version).toBe("1");
    await reg.promote("clf", "2", "production");
    expect((await reg.resolve("clf")).version).toBe("2");
    // writeFileAtomic itself: content replaced whole
    const f = path.join(reg.root, "x.json");
    await writeFileAtomic(f, "old");
    await writeFileAtomic(f, "new");
    expect(fs.readFileSync(f, "utf8")).toBe("new");
    expect(fs.readdirSync(reg.root).filter((n) => n.startsWith("x.json.tmp"))).toEqual([]);
  });
});
