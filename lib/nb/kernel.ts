import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { repoRoot } from "../data/paths";

/** The kernelspec name every course notebook declares in its metadata. */
export const COURSE_KERNEL = "mlsys-ts";

/** The Python that has Debian's Jupyter packages (not a pyenv/conda one first on PATH). */
export const JUPYTER_PYTHON = process.env.MLSYS_JUPYTER_PYTHON || "/usr/bin/python3";

/**
 * Writes the course kernelspec into `<repo>/build/jupyter/kernels/mlsys-ts/` (pointing at this clone's
 * `scripts/kernel.cjs` and the running Node.js) and returns the folder to put on `JUPYTER_PATH`.
 * Written fresh on every run, so a moved or second clone never starts another clone's kernel.
 */
export function writeKernelspec(root = repoRoot()): string {
  const base = path.join(root, "build", "jupyter");
  const dir = path.join(base, "kernels", COURSE_KERNEL);
  fs.mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, path.join(root, "scripts", "kernel.cjs"), "{connection_file}"],
    display_name: "TypeScript (ML Systems course)",
    language: "typescript",
    metadata: { course_root: root },
  };
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return base;
}

/** Whether Jupyter's notebook executor (nbclient) is importable by {@link JUPYTER_PYTHON}. */
export function jupyterAvailable(): boolean {
  try {
    execFileSync(JUPYTER_PYTHON, ["-c", "import nbclient, nbformat, jupyter_client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
