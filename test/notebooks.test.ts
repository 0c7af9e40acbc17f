import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebook, defaultEngine } from "../lib/nb/index";

// Executes every course notebook headless (Jupyter + the course kernel when installed, tslab
// in-process otherwise) and fails on any cell error, naming the cell.
const root = path.resolve(__dirname, "..");
const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => /^\d\d[a-z]?-.*\.ipynb$/.test(f)).sort();

describe(`notebooks execute headless (${defaultEngine()} engine)`, () => {
  it.each(notebooks)("%s", async (f) => {
    const run = await runNotebook(path.join(root, "notebooks", f), { out: path.join(root, "build", "test-notebooks", f), onProgress: () => {} });
    expect(run.ok, `${f}: cell ${run.failedCell} failed:\n${run.error}`).toBe(true);
    // rich output must be displayed, not printed: a chart's HTML in a text stream shows as code
    const nb = JSON.parse(fs.readFileSync(run.out, "utf8")) as { cells: { outputs?: { output_type: string; text?: string | string[] }[] }[] };
    nb.cells.forEach((c, i) => {
      for (const o of c.outputs ?? []) {
        const text = Array.isArray(o.text) ? o.text.join("") : o.text ?? "";
        if (o.output_type === "stream") expect(text.includes("<script"), `${f}: cell ${i + 1} printed HTML/script as text`).toBe(false);
      }
    });
  }, 900_000);
});
