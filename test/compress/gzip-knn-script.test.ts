import { describe, it, expect, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../lib/data/index";

// scripts/gzip-knn.ts as a user runs it: results go to build/ unless --save; shards and merge from
// the command line; bad shard input is refused with the fix.
const root = repoRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gzip-knn-script-"));
const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/gzip-knn.ts", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
const SETTINGS = ["--dataset", "r8", "--train-limit", "40", "--test-limit", "7", "--workers", "0"];

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(path.join(root, "build", "results", "gzip-knn", "r8-gzip-9-tr40-te7.json"), { force: true });
});

describe("npm run gzip-knn", () => {
  it("writes build/results/gzip-knn/ without --save, never results/", () => {
    const committed = path.join(root, "results", "gzip-knn", "r8-gzip-9-tr40-te7.json");
    const r = run(...SETTINGS, "--no-resume", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote build\/results\/gzip-knn\/r8-gzip-9-tr40-te7\.json \(add --save to write results\/\)/);
    expect(fs.existsSync(path.join(root, "build", "results", "gzip-knn", "r8-gzip-9-tr40-te7.json"))).toBe(true);
    expect(fs.existsSync(committed)).toBe(false);
    const whole = JSON.parse(r.stdout.trim().split("\n").pop()!) as { accuracy: unknown; trainSplit: string };
    expect(whole.trainSplit).toBe("train");
    // the same job as 2 shards from the command line, then merge --json: the same accuracies
    for (const s of ["0/2", "1/2"]) expect(run(...SETTINGS, "--shard", s, "--out", tmp).status).toBe(0);
    const m = run("merge", ...SETTINGS, "--shards", "2", "--out", tmp, "--json");
    expect(m.status, m.stderr).toBe(0);
    expect((JSON.parse(m.stdout.trim().split("\n").pop()!) as { accuracy: unknown }).accuracy).toEqual(whole.accuracy);
  });

  it("refuses bad shard input and a merge of missing shards, saying what to do", () => {
    const bad = run(...SETTINGS, "--shard", "2/2");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Shard index 2 is not in 0\.\.1 \(shards are numbered from 0/);
    const missing = run("merge", ...SETTINGS, "--shards", "3", "--out", tmp);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/shard 0\/3: found only shard files of a 2-shard split/);
    expect(run("merge", ...SETTINGS).stderr).toMatch(/merge needs --shards N/);
    expect(run(...SETTINGS, "--train", "full").stderr).toMatch(/--train full applies to ag_news only/);
  });

  it("--save of a limited run is refused: a -trN-teM file is not canonical and stays out of results/", () => {
    const r = run(...SETTINGS, "--save");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/results\/gzip-knn\/r8-gzip-9-tr40-te7\.json is not a canonical gzip-knn results file.*build\/results/);
    expect(fs.existsSync(path.join(root, "results", "gzip-knn", "r8-gzip-9-tr40-te7.json"))).toBe(false);
  });
});
