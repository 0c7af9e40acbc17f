import type { CheckResult } from "./exercises";

/** The machine-readable result of one `npm run check` run (`--report FILE`), for a TA's autograder. */
export interface CheckRunReport {
  /** Format version of this report. */
  schema: "mlsys-check-report/1";
  /** Module checked, e.g. "01". */
  module: string;
  /** The file that was checked, relative to the repository (e.g. "exercises/01.ts"). */
  file: string;
  /** ISO time of the run. */
  at: string;
  /** Node.js version that ran it. */
  node: string;
  /** Counts: passed + failed = total; `setup` of the failed could not run (a missing dataset). */
  summary: { total: number; passed: number; failed: number; setup: number; score: number };
  /** One entry per check, in order. */
  checks: { id: string; title: string; status: string; passed: boolean; message: string; ms: number | null }[];
}

/** Builds the JSON report of a run (score = passed / total, 0–1). */
export function checkRunReport(module: string, file: string, results: CheckResult[], at = new Date()): CheckRunReport {
  const passed = results.filter((r) => r.passed).length;
  return {
    schema: "mlsys-check-report/1",
    module,
    file,
    at: at.toISOString(),
    node: process.version,
    summary: { total: results.length, passed, failed: results.length - passed, setup: results.filter((r) => r.status === "setup").length, score: results.length ? passed / results.length : 0 },
    checks: results.map((r) => ({ id: r.id, title: r.title, status: r.status ?? (r.passed ? "pass" : "fail"), passed: r.passed, message: r.message, ms: r.ms ?? null })),
  };
}

const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The same report as JUnit XML (one `<testsuite>` per module, one `<testcase>` per check; a
 * failure is `<failure>`, a setup problem or a file that does not load is `<error>`), which CI
 * systems and autograders read.
 */
export function checkReportJUnit(reports: CheckRunReport[]): string {
  const suites = reports.map((r) => {
    const errors = r.checks.filter((c) => c.status === "setup" || c.status === "error").length;
    const cases = r.checks.map((c) => {
      const time = c.ms === null ? "" : ` time="${(c.ms / 1000).toFixed(3)}"`;
      const head = `    <testcase classname="module${r.module}" name="${xml(`${c.id} ${c.title}`)}"${time}`;
      if (c.passed) return `${head}/>`;
      const tag = c.status === "setup" || c.status === "error" ? "error" : "failure";
      return `${head}>\n      <${tag} type="${c.status}" message="${xml(c.message.split("\n")[0]!.slice(0, 200))}">${xml(c.message)}</${tag}>\n    </testcase>`;
    });
    return `  <testsuite name="module ${r.module} (${xml(r.file)})" tests="${r.summary.total}" failures="${r.summary.failed - errors}" errors="${errors}" timestamp="${r.at}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join("\n")}\n</testsuites>\n`;
}
