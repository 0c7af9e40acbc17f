import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebook, defaultEngine } from "../lib/nb/index";

// Executes every course notebook headless (Jupyter + the course kernel when installed, tslab
// in-process otherwise) and fails on any cell error, naming the cell.
const root = path.resolve(__dirname, "..");
const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();

describe(`notebooks execute headless (${defaultEngine()} engine)`, () => {
  it.each(notebooks)("%s", async (f) => {
    const run = await runNotebook(path.join(root, "notebooks", f), { out: path.join(root, "build", "test-notebooks", f), onProgress: () => {} });
    expect(run.ok, `${f}: cell ${run.failedCell} failed:\n${run.error}`).toBe(true);
  }, 900_000);
});
