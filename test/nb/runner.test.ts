import { describe, it, expect, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runNotebook, jupyterAvailable, notebookToHtml, courseIndexHtml, type NotebookJson } from "../../lib/nb/index";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlsys-nb-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function notebook(cells: [string, string][]): string {
  const nb = {
    cells: cells.map(([t, s], i) => ({ id: `c${i}`, cell_type: t, metadata: {}, source: s, ...(t === "code" ? { outputs: [], execution_count: null } : {}) })),
    metadata: { kernelspec: { name: "mlsys-ts", display_name: "TypeScript (ML Systems course)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(tmp, `nb-${Math.random().toString(36).slice(2)}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

const engines = (["tslab", "jupyter"] as const).filter((e) => e === "tslab" || jupyterAvailable());

describe.each(engines)("notebook runner (%s engine)", (engine) => {
  it("executes cells in order, keeps state, imports ./lib/index, captures output and rich display", async () => {
    const file = notebook([
      ["markdown", "# t"],
      ["code", 'import { createRng, showTable } from "./lib/index";\nconst r = createRng(42);\nconsole.log("first", Math.round(r.next() * 4294967296));'],
      ["code", 'showTable([{ a: 1, b: "x" }]);\nconst y: number = 6 * 7;\ny'],
    ]);
    const out = path.join(tmp, `${engine}-ok.ipynb`);
    const run = await runNotebook(file, { engine, out, onProgress: () => {} });
    expect(run.ok, run.error).toBe(true);
    const nb = JSON.parse(fs.readFileSync(out, "utf8")) as NotebookJson;
    const text = (i: number): string => JSON.stringify(nb.cells[i]!.outputs);
    expect(text(1)).toContain("first 2581720956");
    expect(text(2)).toContain("<table>");
    expect(text(2)).toContain("42");
  });

  it("stops at a failing cell and reports its number and error", async () => {
    const file = notebook([
      ["code", "const a = 1;"],
      ["markdown", "text"],
      ["code", 'throw new Error("planted failure " + a);'],
      ["code", 'console.log("never runs");'],
    ]);
    const out = path.join(tmp, `${engine}-fail.ipynb`);
    const run = await runNotebook(file, { engine, out, onProgress: () => {} });
    expect(run.ok).toBe(false);
    expect(run.failedCell).toBe(3);
    expect(run.codeCell).toBe(2);
    expect(run.error).toContain("planted failure 1");
    const nb = JSON.parse(fs.readFileSync(out, "utf8")) as NotebookJson;
    expect(JSON.stringify(nb.cells[3]!.outputs ?? [])).not.toContain("never runs");
  });

  it("reports a type error in a cell as a failure", async () => {
    const file = notebook([["code", 'const n: number = "not a number";']]);
    const run = await runNotebook(file, { engine, out: path.join(tmp, `${engine}-type.ipynb`), onProgress: () => {} });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/not assignable to type 'number'/);
  });
});

describe("HTML export", () => {
  it("renders markdown, code, streams, HTML and errors", () => {
    const html = notebookToHtml(
      {
        cells: [
          { cell_type: "markdown", source: "# Title\n\nsome *text*" },
          { cell_type: "code", source: "1 < 2", execution_count: 1, outputs: [
            { output_type: "stream", name: "stdout", text: "a < b\n" },
            { output_type: "display_data", data: { "text/html": "<b>bold</b>" } },
            { output_type: "stream", name: "stderr", text: "\u001b[31mboom\u001b[0m" },
          ] },
        ],
      },
      "t",
    );
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<em>text</em>");
    expect(html).toContain("1 &lt; 2");
    expect(html).toContain("a &lt; b");
    expect(html).toContain("<b>bold</b>");
    expect(html).toContain('class="out stderr">boom<');
  });
  it("index lists every notebook with status", () => {
    const html = courseIndexHtml([
      { title: "00-welcome", href: "00-welcome.html", ok: true, seconds: 3.2, engine: "jupyter" },
      { title: "01-x", href: "01-x.html", ok: false, seconds: 1, engine: "tslab", note: "cell 4" },
    ]);
    expect(html).toContain('href="00-welcome.html"');
    expect(html).toContain("✗ failed");
    expect(html).toContain("cell 4");
    expect(html).toContain('href="../../SYLLABUS.md"');
  });
});
