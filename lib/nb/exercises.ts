import { tslabDisplay } from "./env";

/** One automatic check of a learner's exercise code. */
export interface ExerciseCheck<M = Record<string, unknown>> {
  /** Short id shown to the learner, e.g. `"01.2"`. */
  id: string;
  /** What the check verifies, in one line. */
  title: string;
  /** Throws (with a helpful message) when the learner's module is wrong; returns an optional note when right. */
  run: (impl: M) => void | string | Promise<void | string>;
  /**
   * Hints in steps, shown only on request (`npm run check -- 01 --hint 2`): a nudge first, the
   * formula last. Never shown with a failure.
   */
  hints?: string[];
  /** A single hint (the older form): treated as a one-step {@link ExerciseCheck.hints}. */
  hint?: string;
  /** Time limit of this check in ms when run by `npm run check` (each check in a child process). Default {@link DEFAULT_CHECK_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** Time limit of one check when it gives none: 120 s (the slowest reference solution takes about 20 s on 2 cores). */
export const DEFAULT_CHECK_TIMEOUT_MS = 120_000;

/**
 * How a check ended: `pass`; `fail` (wrong answer); `not-done` (the stub still throws
 * NotImplementedYet); `setup` (a dataset or other file the check needs is missing: not the
 * learner's fault); `timeout` (ran past its limit); `error` (the exercise file could not be loaded).
 */
export type CheckStatus = "pass" | "fail" | "not-done" | "setup" | "timeout" | "error";

/** Outcome of one check. */
export interface CheckResult {
  id: string;
  title: string;
  passed: boolean;
  /** How it ended (see {@link CheckStatus}). Absent in results made before statuses existed: read `passed`. */
  status?: CheckStatus;
  /** The failure message (never the hint), or the success note. */
  message: string;
  /** How many hint steps the check offers. */
  hintSteps?: number;
  /** Time the check took (ms). */
  ms?: number;
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

/** The hint steps of a check (nudge first, formula last); empty when it has none. */
export function hintSteps(check: Pick<ExerciseCheck<never>, "hints" | "hint">): string[] {
  return check.hints?.length ? check.hints : check.hint ? [check.hint] : [];
}

/**
 * Sorts a thrown value into a status and a message. A missing or corrupt dataset (the data
 * library's `DatasetError`) or a missing course file (ENOENT) is a setup problem with its fix,
 * never the learner's fault.
 */
export function classifyCheckError(e: unknown): { status: CheckStatus; message: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === "NotImplementedYet" || /^not done yet: /.test(err.message)) return { status: "not-done", message: err.message };
  if (err.name === "DatasetError") return { status: "setup", message: `Setup problem (not your code): ${err.message}` };
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    const file = (err as NodeJS.ErrnoException).path ?? "a file";
    return { status: "setup", message: `Setup problem (not your code): ${file} is missing. Run \`npm run setup\` (it fetches and verifies the datasets and builds the models), then check again.` };
  }
  return { status: "fail", message: err.message };
}

/**
 * Runs every check against a learner's module (or a reference solution), in this process, and
 * collects the results. A check never stops the others; an exception inside the learner's code
 * becomes that check's message (without the hint). There is no time limit here: an infinite loop
 * hangs; `npm run check` (lib/nb/check-runner.ts) runs each check under a limit.
 */
export async function runChecks<M>(checks: ExerciseCheck<M>[], impl: M): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) {
    const t0 = Date.now();
    const hints = hintSteps(c as ExerciseCheck<never>).length;
    try {
      const note = await c.run(impl);
      out.push({ id: c.id, title: c.title, passed: true, status: "pass", message: note || "ok", hintSteps: hints, ms: Date.now() - t0 });
    } catch (e) {
      const { status, message } = classifyCheckError(e);
      out.push({ id: c.id, title: c.title, passed: false, status, message, hintSteps: hints, ms: Date.now() - t0 });
    }
  }
  return out;
}

/** The command that shows the first hint of check `id` (e.g. "01.2" → `npm run check -- 01 --hint 2`). */
export function hintCommand(id: string, step = 1): string {
  const [m, n] = id.split(".");
  return `npm run check -- ${m} --hint ${n}${step > 1 ? ` --step ${step}` : ""}`;
}

/** Formats results for a terminal, one line per check plus a summary line; a failure points at its hint, never prints it. */
export function formatCheckReport(results: CheckResult[]): string {
  // a file that does not parse or load: one paragraph, not the same message under every check
  if (results.length && results.every((r) => r.status === "error" && r.message === results[0]!.message)) {
    return `✗ ${results[0]!.message}\n0 of ${results.length} checks could run`;
  }
  const mark = (r: CheckResult): string => (r.passed ? "✓" : r.status === "setup" ? "!" : r.status === "not-done" ? "·" : "✗");
  const lines = results.map((r) => {
    if (r.passed) return `${mark(r)} ${r.id} ${r.title}${r.message && r.message !== "ok" ? `\n    ${r.message}` : ""}`;
    const more = r.status === "fail" || r.status === "timeout" ? (r.hintSteps ? `\n    stuck? a hint in ${r.hintSteps} step${r.hintSteps > 1 ? "s" : ""}: ${hintCommand(r.id)}` : "") : "";
    return `${mark(r)} ${r.id} ${r.title}\n    ${r.message.replace(/\n/g, "\n    ")}${more}`;
  });
  const n = results.filter((r) => r.passed).length;
  const setup = results.filter((r) => r.status === "setup").length;
  lines.push(`${n} of ${results.length} checks pass${n === results.length ? " — well done!" : ""}${setup ? ` (${setup} could not run: fix the setup first)` : ""}`);
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
  const feedback = (r: CheckResult): string => (r.passed ? "" : esc(r.message) + (r.status === "fail" && r.hintSteps ? `<br><i>stuck? <code>${esc(hintCommand(r.id))}</code></i>` : ""));
  const rows = results
    .map((r) => `<tr><td>${r.passed ? "✅" : r.status === "setup" ? "⚠️" : "❌"}</td><td>${esc(r.id)}</td><td style="text-align:left">${esc(r.title)}</td><td style="text-align:left">${feedback(r)}</td></tr>`)
    .join("");
  t.display.html(`<table><tr><th></th><th>check</th><th>what</th><th>feedback</th></tr>${rows}</table><p><b>${n} of ${results.length} checks pass</b></p>`);
}
