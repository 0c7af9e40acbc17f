import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ModelRegistry, RegistryFileError, ModelNotFoundError, seedRegistry, createTempRegistry, withFileLock } from "../../lib/serving/index";

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "registry-corrupt-"));

async function twoVersions(): Promise<ModelRegistry> {
  const reg = new ModelRegistry(tmp());
  await reg.register("clf", { files: { "model.onnx": "weights-1", "vectorizer.json": '{"idf":[1,2]}' } });
  await reg.register("clf", { files: { "model.onnx": "weights-2", "vectorizer.json": '{"idf":[3,4]}' } });
  await reg.promote("clf", "1", "production");
  return reg;
}

describe("registry files are validated, and damage is named with its fix (issue 15, defects 6–10)", () => {
  it("defect 6: a truncated registry-entry.json names the file and the fix; the other versions stay readable", async () => {
    const reg = await twoVersions();
    const entry = path.join(reg.root, "clf", "versions", "2", "registry-entry.json");
    fs.writeFileSync(entry, fs.readFileSync(entry, "utf8").slice(0, 100));
    const err = await reg.get("clf", "2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryFileError);
    expect((err as RegistryFileError).statusCode).toBe(500);
    expect((err as Error).message).toContain(entry);
    expect((err as Error).message).toMatch(/is not valid JSON .*truncated or edited.*Fix: restore the file/);
    expect((await reg.resolve("clf@production")).version).toBe("1"); // the good version is still served
    const seen = await reg.inspect("clf");
    expect(seen.versions.map((v) => v.version)).toEqual(["1"]);
    expect(seen.problems).toHaveLength(1);
    expect(seen.problems[0]).toContain(entry);
    await expect(reg.listVersions("clf")).rejects.toThrow(/registry-entry\.json is not valid JSON/);
  });

  it("defect 6: a truncated stages.json names the file and the fix instead of a bare SyntaxError", async () => {
    const reg = await twoVersions();
    const stages = path.join(reg.root, "clf", "stages.json");
    fs.writeFileSync(stages, fs.readFileSync(stages, "utf8").slice(0, 40));
    const err = await reg.resolve("clf@production").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryFileError);
    expect((err as Error).message).toContain(stages);
    expect((err as Error).message).toMatch(/Fix: restore it from a backup, or delete it and promote/);
    expect((await reg.get("clf", "2")).version).toBe("2"); // versions named explicitly still resolve
  });

  it("defect 7: a wrongly shaped stages.json makes promote fail with the field named, not a TypeError", async () => {
    const reg = await twoVersions();
    const stages = path.join(reg.root, "clf", "stages.json");
    fs.writeFileSync(stages, JSON.stringify({ production: "1", staging: null, archived: null, productionHistory: [], events: [] }));
    const err = await reg.promote("clf", "2", "production").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryFileError);
    expect((err as Error).message).toMatch(/stages\.json has the wrong shape \(archived: Expected array, received null\)/);
    expect(fs.existsSync(path.join(reg.root, "clf", ".lock"))).toBe(false); // the lock was released
  });

  it("defect 8: editing the recorded artifact hash makes verify fail with the record named as the problem", async () => {
    const reg = await twoVersions();
    const entry = path.join(reg.root, "clf", "versions", "1", "registry-entry.json");
    const rec = JSON.parse(fs.readFileSync(entry, "utf8")) as { artifactSha256: string };
    rec.artifactSha256 = "0".repeat(64);
    fs.writeFileSync(entry, JSON.stringify(rec));
    const r = await reg.verify("clf", "1");
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^registry-entry\.json: artifactSha256 000000000000… does not match the hash of its own file list .*the record was edited/);
    // and a file added after registration is a problem too
    fs.writeFileSync(path.join(reg.root, "clf", "versions", "2", "extra.bin"), "x");
    expect((await reg.verify("clf", "2")).problems).toEqual(["extra.bin: not in the record (added after registration)"]);
  });

  it("defect 9: a version folder whose entry file was deleted is reported, never hidden, and the next register takes a new number", async () => {
    const reg = await twoVersions();
    const entry = path.join(reg.root, "clf", "versions", "2", "registry-entry.json");
    fs.rmSync(entry);
    const err = await reg.get("clf", "2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryFileError);
    expect((err as Error).message).toMatch(/registry-entry\.json is missing: the version folder exists but has no record/);
    expect((await reg.inspect("clf")).problems[0]).toContain(entry);
    await expect(reg.resolve("clf@9")).rejects.toBeInstanceOf(ModelNotFoundError);
    const next = await reg.register("clf", { files: { "model.onnx": "weights-3" } });
    expect(next.version).toBe("3");
    expect((await reg.verify("clf", "3")).ok).toBe(true);
  });

  it("defect 10: an empty lock file older than the stale limit (a crash between create and write) is broken", async () => {
    const reg = await twoVersions();
    const lock = path.join(reg.root, "clf", ".lock");
    fs.writeFileSync(lock, "");
    const old = new Date(Date.now() - 5000);
    fs.utimesSync(lock, old, old);
    const fast = new ModelRegistry(reg.root, { staleMs: 1000, lockTimeoutMs: 3000 });
    const v = await fast.register("clf", { files: { "model.onnx": "after crash" } });
    expect(v.version).toBe("3");
    expect(fs.existsSync(lock)).toBe(false);
    // a fresh empty lock is respected until it is stale: the waiter times out naming the empty file
    fs.writeFileSync(lock, "");
    await expect(withFileLock(lock, async () => 1, { staleMs: 60_000, timeoutMs: 200 })).rejects.toThrow(/held by pid \? \(empty lock file\)/);
    fs.rmSync(lock);
  });

  it("seedRegistry registers and promotes an artifact once; createTempRegistry gives a fresh one", async () => {
    const artifact = tmp();
    fs.writeFileSync(path.join(artifact, "model.onnx"), "bytes");
    fs.writeFileSync(path.join(artifact, "meta.json"), JSON.stringify({ testAccuracy: 0.9, command: "make it", data: { sha256: "d".repeat(64) } }));
    const root = tmp();
    const first = await seedRegistry(root, { artifact, name: "m" });
    expect(first.record).toMatchObject({ version: "1", metrics: { accuracy: 0.9 }, metadata: { source: artifact, command: "make it" }, trainingDataSha256: "d".repeat(64) });
    expect((await first.registry.resolve("m@production")).version).toBe("1");
    expect((await seedRegistry(root, { artifact, name: "m" })).record).toBeNull(); // not empty: left alone
    const t = await createTempRegistry({ artifact, name: "m" });
    expect((await t.registry.verify("m", t.record.version)).ok).toBe(true);
    t.remove();
    expect(fs.existsSync(t.dir)).toBe(false);
    await expect(seedRegistry(tmp(), { artifact: path.join(artifact, "nope") })).rejects.toThrow(/npm run train-baselines -- --dataset ag_news/);
  });
});
