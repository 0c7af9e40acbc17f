/**
 * `npm run check -- 01 [--solutions | --file PATH] [--report FILE] [--timeout SECONDS]`
 * `npm run check -- 01 --hint 2 [--step 2]`
 *
 * Runs module 01's exercise checks (exercises/checks/01.ts) against your code in exercises/01.ts
 * (the reference solutions with --solutions, any file with --file, e.g. a student's submission),
 * each check in a child process under its time limit, and says which pass. A failure says what was
 * wrong, never the answer: `--hint 2` shows the first hint step of exercise 01.2, `--step 2` the
 * next. `--report FILE` also writes the result for an autograder: JSON, or JUnit XML when FILE ends
 * in .xml. Exit code 0 when all pass, 1 otherwise, 2 on a usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runChecksIsolated, formatCheckReport, checkRunReport, checkReportJUnit, hintSteps, hintCommand, repoRoot, type ExerciseCheck, type CheckRunReport } from "../lib/index";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function showHint(m: string, n: string, stepArg: string | undefined): number {
  const { checks } = require(path.join(repoRoot(), "exercises", "checks", `${m}.ts`)) as { checks: ExerciseCheck<never>[] };
  const id = n.includes(".") ? n : `${m}.${n}`;
  const c = checks.find((x) => x.id === id);
  if (!c) {
    console.error(`Module ${m} has no exercise ${id} (have: ${checks.map((x) => x.id).join(", ")}).`);
    return 2;
  }
  const steps = hintSteps(c);
  if (!steps.length) {
    console.log(`${id} has no hints: read its doc comment in exercises/${m}.ts again.`);
    return 0;
  }
  const upTo = Math.min(Math.max(1, Number(stepArg ?? 1) || 1), steps.length);
  console.log(`Hints for ${id} ${c.title}:`);
  steps.slice(0, upTo).forEach((s, i) => console.log(`  ${i + 1}/${steps.length}. ${s}`));
  if (upTo < steps.length) console.log(`Still stuck? the next step: ${hintCommand(id, upTo + 1)}`);
  return 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const root = repoRoot();
  const available = fs.readdirSync(path.join(root, "exercises", "checks")).filter((f) => /^\d\d\.ts$/.test(f)).map((f) => f.slice(0, 2)).sort();
  const valued = new Set(["--hint", "--step", "--report", "--timeout", "--file"].flatMap((o) => (args.includes(o) ? [args.indexOf(o) + 1] : [])));
  const mods = args.filter((a, i) => !valued.has(i) && /^\d{1,2}$/.test(a)).map((a) => a.padStart(2, "0"));
  if (!mods.length) {
    console.error(`usage: npm run check -- MODULE [--solutions | --file PATH] [--report FILE.json|FILE.xml] [--timeout SECONDS]\n       npm run check -- MODULE --hint N [--step S]   (modules with exercises: ${available.join(", ")})`);
    return 2;
  }
  const missing = mods.find((m) => !available.includes(m));
  if (missing) {
    console.error(`No exercises for module ${missing} (have: ${available.join(", ")}).`);
    return 2;
  }
  const hint = option(args, "--hint");
  if (hint) return showHint(mods[0]!, hint, option(args, "--step"));
  const file = option(args, "--file");
  if (file && mods.length > 1) {
    console.error("--file checks one module's file: give one module.");
    return 2;
  }
  const timeout = option(args, "--timeout");
  if (timeout !== undefined && !(Number(timeout) > 0)) {
    console.error(`--timeout takes seconds (a positive number), got "${timeout}".`);
    return 2;
  }
  let failed = 0;
  const reports: CheckRunReport[] = [];
  for (const m of mods) {
    const impl = file ? path.resolve(file) : path.join(root, args.includes("--solutions") ? "solutions" : "exercises", `${m}.ts`);
    const shown = path.relative(root, impl);
    console.log(`Module ${m} — checking ${shown}`);
    const results = await runChecksIsolated(path.join(root, "exercises", "checks", `${m}.ts`), impl, timeout ? { timeoutMs: Number(timeout) * 1000 } : {});
    console.log(formatCheckReport(results));
    failed += results.filter((r) => !r.passed).length;
    reports.push(checkRunReport(m, shown, results));
  }
  const report = option(args, "--report");
  if (report) {
    fs.mkdirSync(path.dirname(path.resolve(report)), { recursive: true });
    fs.writeFileSync(report, report.endsWith(".xml") ? checkReportJUnit(reports) : JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + "\n");
    console.log(`Report written to ${report}`);
  }
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
