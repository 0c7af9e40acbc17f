import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { repoRoot } from "../data/paths";
import { COURSE_KERNEL, JUPYTER_PYTHON, jupyterAvailable, writeKernelspec } from "./kernel";

/** How a notebook is executed. */
export type NotebookEngine = "jupyter" | "tslab";

/** Options for {@link runNotebook}. */
export interface RunNotebookOptions {
  /** `auto` (default): Jupyter with the course kernel when installed, else tslab in-process. */
  engine?: NotebookEngine | "auto";
  /** Where the executed copy is written. Default `<repo>/build/notebooks/<name>.ipynb`. */
  out?: string;
  /** Per-cell timeout in seconds (Jupyter engine). Default 900. */
  cellTimeoutS?: number;
  /** Receives progress text (per-cell lines). Default: written to stderr. */
  onProgress?: (text: string) => void;
  /** Extra environment for the kernel process. */
  env?: NodeJS.ProcessEnv;
}

/** Outcome of executing one notebook. */
export interface NotebookRun {
  notebook: string;
  out: string;
  engine: NotebookEngine;
  ok: boolean;
  seconds: number;
  /** 1-based index among all cells of the failing cell, when one failed. */
  failedCell?: number;
  /** 1-based index among code cells of the failing cell. */
  codeCell?: number;
  /** The failing cell's error text. */
  error?: string;
}

/** Picks the engine `auto` resolves to on this machine. */
export function defaultEngine(): NotebookEngine {
  if (process.env.MLSYS_NB_ENGINE === "tslab" || process.env.MLSYS_NB_ENGINE === "jupyter") return process.env.MLSYS_NB_ENGINE;
  return jupyterAvailable() ? "jupyter" : "tslab";
}

/**
 * Executes a notebook headless and writes the executed copy (outputs kept). Never throws for a cell
 * error: the result says which cell failed and why, and the partial copy is still written.
 */
export async function runNotebook(notebook: string, options: RunNotebookOptions = {}): Promise<NotebookRun> {
  const root = repoRoot();
  const engine = !options.engine || options.engine === "auto" ? defaultEngine() : options.engine;
  const name = path.basename(notebook, ".ipynb");
  const out = options.out ?? path.join(root, "build", "notebooks", `${name}.ipynb`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const progress = options.onProgress ?? ((s: string) => process.stderr.write(s));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, MLSYS_HEADLESS: "1" };
  let cmd: string;
  let args: string[];
  if (engine === "jupyter") {
    const jp = writeKernelspec(root);
    env.JUPYTER_PATH = [jp, env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
    cmd = JUPYTER_PYTHON;
    args = [path.join(root, "scripts", "run_notebook.py"), path.resolve(notebook), out, COURSE_KERNEL, String(options.cellTimeoutS ?? 900)];
  } else {
    cmd = process.execPath;
    args = [path.join(root, "scripts", "tslab-exec.cjs"), path.resolve(notebook), out];
  }
  const t0 = Date.now();
  const once = async (): Promise<{ code: number; stdout: string; stderr: string }> => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-8000);
      progress(d.toString());
    });
    const code: number = await new Promise((resolve) => {
      child.on("error", (e) => {
        stderr += `\n${e.message}`;
        resolve(127);
      });
      child.on("close", (c) => resolve(c ?? 1));
    });
    return { code, stdout, stderr };
  };
  const resultLine = (out: string): string | undefined => out.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  let r = await once();
  // a failure that names no cell is the machinery (a kernel that did not start in time on a
  // loaded machine), not the notebook: try once more before reporting it
  if (r.code !== 0 && !resultLine(r.stdout)) {
    progress(`  (the ${engine} run stopped without naming a cell, exit ${r.code}: retrying once)\n`);
    r = await once();
  }
  const { code, stdout, stderr } = r;
  const run: NotebookRun = { notebook, out, engine, ok: code === 0, seconds: (Date.now() - t0) / 1000 };
  if (code !== 0) {
    const line = resultLine(stdout);
    try {
      const info = JSON.parse(line ?? "{}") as { failedCell?: number; codeCell?: number; error?: string };
      Object.assign(run, info);
    } catch {
      /* not JSON */
    }
    run.error = run.error ?? `exit code ${code}${stdout.trim() ? `\n${stdout.trim().slice(-2000)}` : ""}\n${stderr.trim().slice(-3000)}`;
  }
  return run;
}
