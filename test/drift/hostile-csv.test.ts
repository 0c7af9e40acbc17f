/**
 * Hostile CSVs for the drift report (issue 15, defects 12–14 and the generated suite): ragged rows,
 * typos in numeric columns, mismatched columns, special column names and empty files must give a
 * clear error or the correct answer (the answer on the cleaned data, computed separately), never a
 * crash or a silent wrong answer.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../lib/data/random";
import { driftReport, inferColumnKind, monthlyDrift, parseCsvTable, populationStabilityIndex } from "../../lib/drift";

const root = resolve(__dirname, "../..");
const tsxCli = join(root, "node_modules", "tsx", "dist", "cli.mjs");
function runDrift(...args: string[]) {
  const r = spawnSync(process.execPath, [tsxCli, join(root, "scripts", "drift.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A CSV text from a header and rows of cells (cells are written as given). */
const csv = (header: string[], rows: (string | number)[][]): string => [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";

/** n normal values with the given mean, 4 decimals, from a seeded generator. */
function normals(seed: number, n: number, mean: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => (mean + rng.normal()).toFixed(4));
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "drift-hostile-"));
  const ref = normals(1, 300, 0);
  const cur = normals(2, 300, 0.05);
  writeFileSync(join(dir, "abc.csv"), csv(["a", "b", "cat"], ref.map((v, i) => [v, i % 7, i % 2 ? "x" : "y"])));
  writeFileSync(join(dir, "acd.csv"), csv(["a", "c", "dog"], cur.map((v, i) => [v, i % 5, i % 3 ? "x" : "y"])));
  const typo = normals(3, 2000, 0.02);
  typo[1234] = "n/a";
  writeFileSync(join(dir, "num-ref.csv"), csv(["price"], normals(4, 2000, 0).map((v) => [v])));
  writeFileSync(join(dir, "num-typo.csv"), csv(["price"], typo.map((v) => [v])));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mismatched columns (defect 12)", () => {
  const ref = parseCsvTable(csv(["a", "b", "cat"], [[1, 2, "x"], [2, 3, "y"]]));
  const cur = parseCsvTable(csv(["a", "c", "dog"], [[1, 2, "x"], [3, 4, "y"]]));
  it("driftReport names every missing and extra column", () => {
    expect(() => driftReport(ref.rows, cur.rows, { referenceColumns: ref.columns, currentColumns: cur.columns })).toThrow(
      /missing from the current table: "b", "cat"; not in the reference table: "c", "dog"\); only "a" are shared/,
    );
  });
  it("onColumnMismatch: \"report\" tests the shared column and lists the others", () => {
    const r = driftReport(ref.rows, cur.rows, { referenceColumns: ref.columns, currentColumns: cur.columns, onColumnMismatch: "report" });
    expect(r.columns.map((c) => c.column)).toEqual(["a"]);
    expect(r.unmatchedColumns).toEqual({ referenceOnly: ["b", "cat"], currentOnly: ["c", "dog"] });
  });
  it("npm run drift exits non-zero naming them; --columns a tests only a", () => {
    const bad = runDrift("--reference", join(dir, "abc.csv"), "--current", join(dir, "acd.csv"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"b", "cat".*"c", "dog"/);
    const ok = runDrift("--reference", join(dir, "abc.csv"), "--current", join(dir, "acd.csv"), "--columns", "a", "--json");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split("\n").pop()!).columns.map((c: { column: string }) => c.column)).toEqual(["a"]);
  });
});

describe("a typo in a numeric column (defect 13)", () => {
  it("stays numeric, warns naming the column and the value, and gives the answer of the cleaned data", () => {
    const ref = normals(4, 2000, 0).map((price) => ({ price }));
    const cur = normals(3, 2000, 0.02).map((price) => ({ price }));
    const typo = cur.map((r, i) => (i === 1234 ? { price: "n/a" } : r));
    const cleaned = cur.filter((_, i) => i !== 1234);
    const got = driftReport(ref, typo);
    const want = driftReport(ref, cleaned);
    expect(got.columns[0]!.kind).toBe("numeric");
    expect(got.columns[0]!.score).toBe(want.columns[0]!.score);
    expect(got.columns[0]!.drifted).toBe(false);
    expect(got.warnings).toHaveLength(1);
    expect(got.warnings[0]).toMatch(/column "price": 1 of 4000 values are not numbers \(1 in the current: "n\/a"\); treated as missing/);
    expect(want.warnings).toEqual([]);
  });
  it("npm run drift prints the warning", () => {
    const r = runDrift("--reference", join(dir, "num-ref.csv"), "--current", join(dir, "num-typo.csv"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/price\s+numeric\s+wasserstein/);
    expect(r.stdout).toMatch(/warning: column "price": 1 of 4000 values are not numbers/);
  });
  it("generated: a few junk tokens keep a column numeric with the cleaned answer; many make it categorical", () => {
    const junk = ["n/a", "abc", "1,5", "12..3", "--", "none", "∞", "0x1g", "1e", "TRUE"];
    for (let seed = 0; seed < 20; seed++) {
      const rng = createRng(100 + seed);
      const n = 200 + Math.floor(rng.next() * 3000);
      const ref = normals(seed, n, 0).map((v) => ({ v }));
      const cur = normals(seed + 50, n, rng.next() * 0.5).map((v) => ({ v }));
      const k = 1 + Math.floor(rng.next() * Math.max(1, Math.floor((2 * n) / 100)));
      const hit = new Set<number>();
      while (hit.size < k) hit.add(Math.floor(rng.next() * n));
      const dirty = cur.map((r, i) => (hit.has(i) ? { v: junk[i % junk.length]! } : r));
      const got = driftReport(ref, dirty);
      const want = driftReport(ref, cur.filter((_, i) => !hit.has(i)));
      expect(got.columns[0]!.kind, `seed ${seed}`).toBe("numeric");
      expect(got.columns[0]!.score, `seed ${seed}`).toBe(want.columns[0]!.score);
      expect(got.warnings[0], `seed ${seed}`).toMatch(new RegExp(`^column "v": ${k} of ${2 * n} values are not numbers`));
    }
    // a column of words with some numbers stays categorical, without a warning
    const words = Array.from({ length: 300 }, (_, i) => ({ w: i % 10 === 0 ? String(i) : ["red", "green", "blue"][i % 3]! }));
    const r = driftReport(words, words);
    expect(r.columns[0]!.kind).toBe("categorical");
    expect(r.warnings).toEqual([]);
    expect(inferColumnKind(["1", "2", "x"])).toBe("categorical"); // 1 in 3 is no typo
  });
});

describe("special column names (defect 14)", () => {
  const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "a,b", 'say "hi"', "é ü", " padded "];
  it("every name is an ordinary column: the same scores as under a plain name", () => {
    const ref = normals(7, 400, 0);
    const cur = normals(8, 400, 0.6);
    const quote = (s: string): string => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    for (const name of names) {
      const text = (vals: string[]): string => [quote(name) + ",z", ...vals.map((v, i) => `${v},${i % 3}`)].join("\n");
      const r = parseCsvTable(text(ref));
      const c = parseCsvTable(text(cur));
      const col = name.trim();
      expect(r.columns, name).toEqual([col, "z"]);
      expect(r.rows[0]![col], name).toBe(ref[0]);
      const got = driftReport(r.rows, c.rows, { referenceColumns: r.columns, currentColumns: c.columns });
      const plain = driftReport(ref.map((v) => ({ x: v })), cur.map((v) => ({ x: v })));
      expect(got.columns[0]!.column, name).toBe(col);
      expect(got.columns[0]!.score, name).toBe(plain.columns[0]!.score);
      expect(got.columns[0]!.drifted, name).toBe(true);
    }
  });
  it("kinds and tests options do not pick up inherited properties for such names", () => {
    const rows = Array.from({ length: 50 }, (_, i) => Object.assign(Object.create(null) as Record<string, unknown>, { constructor: String(i % 4), toString: i }));
    const r = driftReport(rows, rows, { kinds: {}, tests: {} });
    expect(r.columns.map((c) => [c.column, c.kind])).toEqual([["constructor", "numeric"], ["toString", "numeric"]]);
  });
});

describe("malformed files: clear errors", () => {
  it("ragged rows (generated): a line with too many or too few fields is named", () => {
    for (let seed = 0; seed < 15; seed++) {
      const rng = createRng(500 + seed);
      const cols = 2 + Math.floor(rng.next() * 4);
      const rows = Array.from({ length: 5 + Math.floor(rng.next() * 30) }, (_, i) => Array.from({ length: cols }, (_, j) => i * 10 + j));
      const bad = Math.floor(rng.next() * rows.length);
      rows[bad] = seed % 2 ? [...rows[bad]!, 99] : rows[bad]!.slice(0, cols - 1);
      const text = csv(Array.from({ length: cols }, (_, j) => `c${j}`), rows);
      expect(() => parseCsvTable(text, "t.csv"), `seed ${seed}`).toThrow(new RegExp(`t\\.csv: line ${bad + 2} has ${rows[bad]!.length} fields but the header has ${cols}`));
    }
  });
  it("empty, blank, BOM-only, header-only, unnamed and duplicate columns, unterminated quote", () => {
    expect(() => parseCsvTable("", "e.csv")).toThrow(/e\.csv is empty/);
    expect(() => parseCsvTable(" \n\n ", "e.csv")).toThrow(/e\.csv is empty/);
    expect(() => parseCsvTable("\ufeff", "e.csv")).toThrow(/e\.csv is empty/);
    expect(parseCsvTable("a,b\n", "h.csv").rows).toEqual([]);
    expect(() => parseCsvTable(",a,b\n0,1,2\n", "p.csv")).toThrow(/column 1 of the header has no name/);
    expect(() => parseCsvTable("a,a\n1,2\n", "d.csv")).toThrow(/column "a" appears twice/);
    expect(() => parseCsvTable('a,b\n1,"2\n3,4\n', "q.csv")).toThrow(/q\.csv: CSV parse error/);
  });
  it("a header-only file and a file with only missing values: errors or skipped columns, named", () => {
    writeFileSync(join(dir, "header.csv"), "price\n");
    const r = runDrift("--reference", join(dir, "header.csv"), "--current", join(dir, "num-ref.csv"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/header\.csv has a header but no data rows/);
    const rep = driftReport([{ p: "" }, { p: "NA" }], [{ p: 1 }, { p: 2 }]);
    expect(rep.columns).toEqual([]);
    expect(rep.skipped).toEqual([{ column: "p", reason: "no non-missing values in the reference table" }]);
    expect(rep.datasetDrift).toBe(false);
  });
});

describe("NaN in drift inputs", () => {
  it("PSI refuses a NaN instead of counting it in the lowest bin", () => {
    const ref = normals(9, 100, 0).map(Number);
    expect(() => populationStabilityIndex(ref, [...ref.slice(0, 50), NaN])).toThrow(/current sample has NaN at index 50/);
    expect(() => populationStabilityIndex([NaN, ...ref], ref)).toThrow(/reference sample has NaN at index 0/);
  });
  it("the report drops NaN as missing; monthlyDrift names the column", () => {
    const ref = normals(10, 300, 0).map((v) => ({ x: Number(v) }));
    const withNaN = [...ref.slice(0, 100), { x: NaN }];
    expect(driftReport(ref, withNaN).columns[0]!.currentCount).toBe(100);
    const month = (i: number): string => `2020-0${1 + (i % 2)}-01`;
    const rows = withNaN.map((r, i) => ({ ...r, t: month(i) }));
    expect(() => monthlyDrift(ref, rows, { timeKey: "t", columns: ["x"] })).toThrow(/column "x", month 2020-0\d: populationStabilityIndex: the current sample has NaN/);
  });
});
