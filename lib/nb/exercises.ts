import { tslabDisplay } from "./env";

/** One automatic check of a learner's exercise code. */
export interface ExerciseCheck<M = Record<string, unknown>> {
  /** Short id shown to the learner, e.g. `"01.2"`. */
  id: string;
  /** What the check verifies, in one line. */
  title: string;
  /** Throws (with a helpful message) when the learner's module is wrong; returns an optional note when right. */
  run: (impl: M) => void | string | Promise<void | string>;
  /** A nudge shown when the check fails. */
  hint?: string;
}

/** Outcome of one check. */
export interface CheckResult {
  id: string;
  title: string;
  passed: boolean;
  /** The failure message (with the hint), or the success note. */
  message: string;
}

/** Thrown by an unfinished exercise stub; reported as "not done yet" rather than as a bug. */
export class NotImplementedYet extends Error {
  constructor(what: string) {
    super(`not done yet: ${what}`);
    this.name = "NotImplementedYet";
  }
}

/** Fails a check with `message` unless `cond` holds. */
export function expectThat(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** Fails a check unless `actual` is within `tol` of `expected`. */
export function expectClose(actual: number, expected: number, tol: number, what: string): void {
  if (!(Math.abs(actual - expected) <= tol)) throw new Error(`${what}: expected ${expected} (±${tol}), got ${actual}`);
}

/**
 * Runs every check against a learner's module (or a reference solution) and collects the results.
 * A check never stops the others; an exception inside the learner's code becomes that check's message.
 */
export async function runChecks<M>(checks: ExerciseCheck<M>[], impl: M): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) {
    try {
      const note = await c.run(impl);
      out.push({ id: c.id, title: c.title, passed: true, message: note || "ok" });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      out.push({ id: c.id, title: c.title, passed: false, message: c.hint ? `${msg} — hint: ${c.hint}` : msg });
    }
  }
  return out;
}

/** Formats results for a terminal, one line per check plus a summary line. */
export function formatCheckReport(results: CheckResult[]): string {
  const lines = results.map((r) => `${r.passed ? "✓" : "✗"} ${r.id} ${r.title}${r.passed ? "" : `\n    ${r.message}`}`);
  const n = results.filter((r) => r.passed).length;
  lines.push(`${n} of ${results.length} checks pass${n === results.length ? " — well done!" : ""}`);
  return lines.join("\n");
}

/** Shows results as a table in a notebook (the terminal report elsewhere). */
export function showCheckReport(results: CheckResult[]): void {
  const n = results.filter((r) => r.passed).length;
  const t = tslabDisplay();
  if (!t) {
    console.log(formatCheckReport(results));
    return;
  }
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const rows = results
    .map((r) => `<tr><td>${r.passed ? "✅" : "❌"}</td><td>${esc(r.id)}</td><td style="text-align:left">${esc(r.title)}</td><td style="text-align:left">${esc(r.passed ? "" : r.message)}</td></tr>`)
    .join("");
  t.display.html(`<table><tr><th></th><th>check</th><th>what</th><th>feedback</th></tr>${rows}</table><p><b>${n} of ${results.length} checks pass</b></p>`);
}
