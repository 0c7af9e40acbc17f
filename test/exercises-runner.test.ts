import { describe, it, expect, beforeAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { runChecks, runChecksIsolated, formatCheckReport, classifyCheckError, checkReportJUnit, syntaxErrorOf, type CheckRunReport, type ExerciseCheck } from "../lib/nb/index";
import { loadTextSplit } from "../lib/data/index";

// How `npm run check` treats what is not a wrong answer: an infinite loop, a syntax error, a bad
// import, a missing dataset; hints on request; the report a TA's autograder reads.
const root = path.resolve(__dirname, "..");
const checks00 = path.join(root, "exercises", "checks", "00.ts");
const work = path.join(root, "build", "check-fixtures");
const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "check.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 240_000 });

beforeAll(() => {
  fs.mkdirSync(work, { recursive: true });
  // a syntax error on line 6 (a parenthesis never closed)
  fs.writeFileSync(path.join(work, "00-syntax.ts"), `/** fixture */\nimport { labelCounts, type LabelledText } from "../../lib/index";\n\n/** 00.1 */\nexport function majorityShare(rows: LabelledText[]): number {\n  return labelCounts(rows[0]?.share ?? 0;\n}\n`);
  // an import of a folder that does not exist, on line 3
  fs.writeFileSync(path.join(work, "00-import.ts"), `/** fixture */\nexport { sampleForLesson } from "../../solutions/00";\nimport { labelCounts } from "../../library/index";\nexport const majorityShare = (rows: never[]) => labelCounts(rows)[0]?.share ?? 0;\n`);
});

describe("npm run check: what is not a wrong answer", () => {
  it("stops an infinite loop at the check's time limit and goes on with the other checks", async () => {
    const out: string[] = [];
    const res = await runChecksIsolated(checks00, path.join(root, "test", "fixtures", "exercises", "00-loop.ts"), { timeoutMs: 4000, output: (s) => out.push(s) });
    expect(res.map((r) => r.status)).toEqual(["timeout", "pass", "pass", "pass"]);
    expect(res[0]!.message).toMatch(/stopped after 4 s, its time limit: does a loop never end/);
  }, 240_000);

  it("reports a syntax error as the file, line and message in one paragraph, once", async () => {
    const file = path.join(work, "00-syntax.ts");
    expect(syntaxErrorOf(file)).toMatch(/00-syntax\.ts, line 6, column \d+: syntax error: '\)' expected\. \(the line reads `return labelCounts\(rows\[0\]\?\.share \?\? 0;`\)/);
    const res = await runChecksIsolated(checks00, file);
    expect(res.every((r) => r.status === "error")).toBe(true);
    const text = formatCheckReport(res);
    expect(text.split("\n")).toHaveLength(2);
    expect(text).toMatch(/^✗ .*00-syntax\.ts, line 6/);
    expect(text).not.toMatch(/at |node_modules|esbuild/);
  }, 240_000);

  it("reports an import that fails with the file, the line of the import and a fix", async () => {
    const res = await runChecksIsolated(checks00, path.join(work, "00-import.ts"), { output: () => {} });
    expect(res[0]!.status).toBe("error");
    expect(res[0]!.message).toMatch(/00-import\.ts, line 3: could not be loaded: Cannot find module '\.\.\/\.\.\/library\/index'.*"\.\.\/lib\/index"/);
  }, 240_000);

  it("reports a missing dataset as a setup problem with the data fix, never with a hint", async () => {
    let thrown: unknown;
    try {
      await loadTextSplit("r8", "no-such-split");
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).toBe("DatasetError");
    const check: ExerciseCheck<unknown> = { id: "00.9", title: "needs data", hints: ["nudge", "formula"], run: async () => { throw thrown; } };
    const [r] = await runChecks([check], {});
    expect(r!.status).toBe("setup");
    expect(r!.message).toMatch(/^Setup problem \(not your code\): Dataset "r8" has no split/);
    const text = formatCheckReport([r!]);
    expect(text).not.toMatch(/hint|nudge|formula/);
    expect(text).toMatch(/could not run: fix the setup first/);
    const enoent = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT", path: "models/austen-gpt/model.onnx" });
    expect(classifyCheckError(enoent)).toEqual({ status: "setup", message: expect.stringMatching(/models\/austen-gpt\/model\.onnx is missing\. Run `npm run setup`/) });
  });
});

describe("npm run check: hints and reports", () => {
  it("shows no hint with a failure, only where to ask; --hint gives steps one at a time", () => {
    const wrong = path.join(work, "00-wrong.ts");
    fs.writeFileSync(wrong, `/** fixture: 00.1 hard-coded */\nexport { sampleForLesson, splitSummary, predictMajorityBaseline } from "../../solutions/00";\nexport const majorityShare = (rows: unknown[]) => (rows.length === 6 ? 0.5 : rows.length === 0 ? 0 : 0.4947);\n`);
    const run = cli("00", "--file", wrong);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✗ 00\.1 .*\n {4}a random list .*\n {4}stuck\? a hint in 3 steps: npm run check -- 00 --hint 1/);
    expect(run.stdout).not.toMatch(/labelCounts\(rows\)\[0\]/);
    const h1 = cli("00", "--hint", "1");
    expect(h1.stdout).toMatch(/1\/3\. a share is a count/);
    expect(h1.stdout).not.toMatch(/2\/3/);
    expect(h1.stdout).toMatch(/--hint 1 --step 2/);
    const h3 = cli("00", "--hint", "1", "--step", "3");
    expect(h3.stdout).toMatch(/1\/3[\s\S]*2\/3[\s\S]*3\/3\. return labelCounts\(rows\)\[0\]\?\.share \?\? 0/);
  }, 240_000);

  it("--report writes JSON and JUnit XML that parse and agree with the run", () => {
    const json = path.join(work, "report-00.json"), xml = path.join(work, "report-00.xml");
    const a = cli("00", "--solutions", "--report", json);
    expect(a.status).toBe(0);
    const r = JSON.parse(fs.readFileSync(json, "utf8")) as CheckRunReport;
    expect(r.schema).toBe("mlsys-check-report/1");
    expect(r.module).toBe("00");
    expect(r.file).toBe(path.join("solutions", "00.ts"));
    expect(r.summary).toMatchObject({ total: 4, passed: 4, failed: 0, score: 1 });
    expect(r.checks.map((c) => c.id)).toEqual(["00.1", "00.2", "00.3", "00.4"]);
    const b = cli("00", "--file", path.join(work, "00-wrong.ts"), "--report", xml);
    expect(b.status).toBe(1);
    const text = fs.readFileSync(xml, "utf8");
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites>/);
    expect(text).toMatch(/<testsuite name="module 00 \([^)]*00-wrong\.ts\)" tests="4" failures="1" errors="0"/);
    expect(text.match(/<testcase /g)).toHaveLength(4);
    expect(text.match(/<failure type="fail"/g)).toHaveLength(1);
  }, 240_000);

  it("JUnit marks setup problems as errors and escapes XML", () => {
    const rep: CheckRunReport = { schema: "mlsys-check-report/1", module: "01", file: "x.ts", at: "2026-01-01T00:00:00.000Z", node: "v20", summary: { total: 2, passed: 0, failed: 2, setup: 1, score: 0 }, checks: [{ id: "01.1", title: "a < b & c", status: "fail", passed: false, message: 'got "<1>"', ms: 5 }, { id: "01.2", title: "data", status: "setup", passed: false, message: "Setup problem", ms: null }] };
    const x = checkReportJUnit([rep]);
    expect(x).toMatch(/failures="1" errors="1"/);
    expect(x).toMatch(/name="01\.1 a &lt; b &amp; c" time="0\.005"/);
    expect(x).toMatch(/<failure type="fail" message="got &quot;&lt;1&gt;&quot;">/);
    expect(x).toMatch(/<error type="setup"/);
  });
});
