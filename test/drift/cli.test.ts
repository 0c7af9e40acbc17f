import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../lib/data/random";

const root = resolve(__dirname, "../..");
const tsxCli = join(root, "node_modules", "tsx", "dist", "cli.mjs");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [tsxCli, join(root, "scripts", "drift.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "drift-cli-"));
  const rng = createRng(7);
  const lines = (shift: number, n: number) => {
    const out = ["price,region,note"];
    for (let i = 0; i < n; i++) {
      out.push(`${(10 + shift + rng.normal()).toFixed(4)},${i % 3 === 0 ? "north" : "south"},"row ${i}, quoted"`);
    }
    return out.join("\n") + "\n";
  };
  writeFileSync(join(dir, "ref.csv"), lines(0, 200));
  writeFileSync(join(dir, "cur.csv.gz"), gzipSync(lines(1, 150)));
  writeFileSync(join(dir, "empty.csv"), "");
  writeFileSync(join(dir, "other.csv"), "a,b\n1,2\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run drift", () => {
  it("prints a table for .csv vs .csv.gz", () => {
    const r = run("--reference", join(dir, "ref.csv"), "--current", join(dir, "cur.csv.gz"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/price\s+numeric\s+ks\s+\S+\s+p < 0.05\s+DRIFT/);
    expect(r.stdout).toMatch(/region\s+categorical\s+chi-squared/);
    expect(r.stdout).toMatch(/dataset drift:/);
  });
  it("--json puts the report on the last line; --columns restricts it", () => {
    const r = run("--reference", join(dir, "ref.csv"), "--current", join(dir, "cur.csv.gz"), "--json", "--columns", "price,region");
    expect(r.status).toBe(0);
    const last = r.stdout.trim().split("\n").pop()!;
    const rep = JSON.parse(last);
    expect(rep.columns.map((c: { column: string }) => c.column)).toEqual(["price", "region"]);
    expect(rep.columns[0].drifted).toBe(true);
    expect(rep.columns[0].score).toBeLessThan(1e-6);
    expect(rep.datasetDrift).toBe(true);
  });
  it("clear errors: missing file, empty file, no shared columns, bad arguments", () => {
    const missing = run("--reference", join(dir, "nope.csv"), "--current", join(dir, "cur.csv.gz"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/file not found: .*nope\.csv/);
    const empty = run("--reference", join(dir, "empty.csv"), "--current", join(dir, "ref.csv"));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/empty\.csv is empty/);
    const noShared = run("--reference", join(dir, "other.csv"), "--current", join(dir, "ref.csv"));
    expect(noShared.status).toBe(2);
    expect(noShared.stderr).toMatch(/share no columns/);
    const noArgs = run("--reference", join(dir, "ref.csv"));
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr).toMatch(/--current are required/);
  });
});
