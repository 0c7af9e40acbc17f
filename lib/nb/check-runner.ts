import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import type { CheckResult } from "./exercises";

/** Options for {@link runChecksIsolated}. */
export interface IsolatedCheckOptions {
  /** Time limit of every check in ms, overriding each check's own `timeoutMs` (e.g. from `--timeout`). Default: the check's own. */
  timeoutMs?: number;
  /** Where the child's console output goes. Default: this process's stdout and stderr. */
  output?: (text: string) => void;
}

/**
 * A syntax error in a TypeScript file as one paragraph: the file, line, column, message and the
 * line itself; `undefined` when the file parses. Uses the TypeScript compiler's parser (no type check).
 */
export function syntaxErrorOf(file: string, source = fs.readFileSync(file, "utf8")): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require("typescript") as typeof import("typescript");
  const out = ts.transpileModule(source, { fileName: file, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const d = out.diagnostics?.find((x) => x.category === ts.DiagnosticCategory.Error && x.start !== undefined);
  if (!d) return undefined;
  const { line, character } = ts.getLineAndCharacterOfPosition(d.file!, d.start!);
  const text = source.split("\n")[line] ?? "";
  return `${relative(file)}, line ${line + 1}, column ${character + 1}: syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")} (the line reads \`${text.trim()}\`). Fix it and run the check again; nothing was checked.`;
}

/** A file that failed to load (an import of something that does not exist, an error at top level) as one paragraph with its line when it can be found. */
export function loadErrorOf(file: string, message: string): string {
  const source = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const esb = /([^\s:]+\.ts):(\d+):(\d+): ERROR: (.*)/.exec(message);
  if (esb) return `${relative(file)}, line ${esb[2]}, column ${esb[3]}: ${esb[4]}. Fix it and run the check again; nothing was checked.`;
  const first = message.split("\n")[0]!;
  const mod = /Cannot find module '([^']+)'/.exec(first)?.[1];
  const lineNo = mod ? source.findIndex((l) => l.includes(`"${mod}"`) || l.includes(`'${mod}'`)) : -1;
  const where = lineNo >= 0 ? `, line ${lineNo + 1}` : "";
  const fix = mod ? ` Check the path in the import (the course's library is "../lib/index").` : "";
  return `${relative(file)}${where}: could not be loaded: ${first}.${fix} Nothing was checked.`;
}

const relative = (file: string): string => path.relative(process.cwd(), file) || file;

/**
 * Runs the checks of `checksFile` against the exercise file `implFile`, each in a child process
 * under its time limit: a check that runs past it (an infinite loop) is stopped and reported as
 * `timeout`, and the remaining checks go on in a fresh child. A file with a syntax error or one
 * that cannot be loaded gives every check status `error` with the same one-paragraph message.
 */
export async function runChecksIsolated(checksFile: string, implFile: string, options: IsolatedCheckOptions = {}): Promise<CheckResult[]> {
  const output = options.output ?? ((s: string) => process.stdout.write(s));
  const results = new Map<string, CheckResult>();
  let list: CheckInfo[] | undefined;
  let remaining: string[] | "*" = "*";
  while (remaining === "*" || remaining.length) {
    const outcome = await runChild(checksFile, implFile, remaining, options.timeoutMs, output);
    list ??= outcome.checks;
    if (!list) throw new Error(`Could not read the checks in ${relative(checksFile)} (${outcome.exit}); see the output above.`);
    if (outcome.loadError !== undefined) {
      const message = !fs.existsSync(implFile) ? `${relative(implFile)} does not exist.` : (syntaxErrorOf(implFile) ?? loadErrorOf(implFile, outcome.loadError));
      return list.map((c) => ({ id: c.id, title: c.title, passed: false, status: "error", message, hintSteps: 0 }));
    }
    for (const r of outcome.results) results.set(r.id, r);
    const pending = list.filter((c) => !results.has(c.id));
    if (outcome.timedOut) {
      const c = list.find((x) => x.id === outcome.timedOut!.id)!;
      const s = Math.round(outcome.timedOut.limitMs / 100) / 10;
      results.set(c.id, { id: c.id, title: c.title, passed: false, status: "timeout", message: `stopped after ${s} s, its time limit: does a loop never end (a condition that stays true, a counter that never moves)?`, hintSteps: c.hintSteps, ms: outcome.timedOut.limitMs });
    } else if (pending.length) {
      // the child died without a word (out of memory, process.exit in the learner's code)
      const c = pending[0]!;
      results.set(c.id, { id: c.id, title: c.title, passed: false, status: "fail", message: `the check's process ended unexpectedly (${outcome.exit}); does your code call process.exit or use too much memory?`, hintSteps: c.hintSteps });
    }
    remaining = list.filter((c) => !results.has(c.id)).map((c) => c.id);
  }
  return list!.map((c) => results.get(c.id)!);
}

/** What the child says about each check before running any. */
interface CheckInfo {
  id: string;
  title: string;
  hintSteps: number;
}

interface ChildOutcome {
  checks?: CheckInfo[];
  results: CheckResult[];
  timedOut?: { id: string; limitMs: number };
  loadError?: string;
  exit: string;
}

function runChild(checksFile: string, implFile: string, ids: string[] | "*", timeoutMs: number | undefined, output: (s: string) => void): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, path.join(__dirname, "check-child.ts"), checksFile, implFile, ids === "*" ? "*" : ids.join(",")], { stdio: ["ignore", "pipe", "pipe", "ipc"] });
    child.stdout!.on("data", (b: Buffer) => output(b.toString()));
    child.stderr!.on("data", (b: Buffer) => output(b.toString()));
    const outcome: ChildOutcome = { results: [], exit: "" };
    let timer: NodeJS.Timeout | undefined;
    child.on("message", (msg: { type: string; id?: string; timeoutMs?: number; result?: CheckResult; message?: string; name?: string; checks?: CheckInfo[] }) => {
      if (msg.type === "checks") outcome.checks = msg.checks;
      else if (msg.type === "start") {
        const limit = timeoutMs ?? msg.timeoutMs!;
        clearTimeout(timer);
        timer = setTimeout(() => {
          outcome.timedOut = { id: msg.id!, limitMs: limit };
          child.kill("SIGKILL");
        }, limit);
      } else if (msg.type === "result") {
        clearTimeout(timer);
        outcome.results.push(msg.result!);
      } else if (msg.type === "load-error") {
        outcome.loadError = msg.message ?? "unknown error";
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      outcome.exit = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve(outcome);
    });
  });
}
