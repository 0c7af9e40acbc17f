import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { writeKernelspec, jupyterAvailable } from "../../lib/nb/index";

// Acceptance: the course kernel executes 00-welcome through plain `jupyter nbconvert --execute`.
const root = path.resolve(__dirname, "../..");
const hasNbconvert = jupyterAvailable() && fs.existsSync("/usr/bin/jupyter-nbconvert");

describe.skipIf(!hasNbconvert)("jupyter nbconvert with the course kernel", () => {
  it("executes notebooks/00-welcome.ipynb without error", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "nbconvert-"));
    const env = { ...process.env, JUPYTER_PATH: writeKernelspec(root) };
    execFileSync("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", out, path.join(root, "notebooks", "00-welcome.ipynb")], { env, stdio: "pipe" });
    const nb = JSON.parse(fs.readFileSync(path.join(out, "00-welcome.ipynb"), "utf8"));
    const outputs = JSON.stringify(nb.cells.map((c: { outputs?: unknown[] }) => c.outputs ?? []));
    expect(outputs).toContain("R8 train: 5,485 documents, 8 classes");
    expect(outputs).toContain("The loader refused the file");
    fs.rmSync(out, { recursive: true });
  }, 600_000);
});
