/**
 * `npm run course [-- 01 03] [--engine jupyter|tslab] [--keep-going] [--save-times]`
 *
 * Executes the course notebooks in order (all, or those whose file name starts with the given
 * module numbers: "01" runs 01 and its deep dive 01b, "01b" only the deep dive), writes executed copies to build/notebooks/ and one HTML page each plus an index
 * to build/html/. Stops at the first failing cell with notebook, cell number and error (exit 1).
 * `--save-times` records each notebook's run time in notebooks/run-times.json, which
 * test/notebook-limits.test.ts adds to a notebook's reading time to check the time it states.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebook, defaultEngine, notebookToHtml, courseIndexHtml, repoRoot, type IndexEntry, type NotebookEngine, type NotebookJson } from "../lib";

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error("usage: npm run course [-- MODULE ...] [--engine jupyter|tslab] [--keep-going] [--save-times]\n  e.g. npm run course -- 01 (01 and its deep dive 01b) or npm run course -- 01b");
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let engine: NotebookEngine | "auto" = "auto";
  let keepGoing = false;
  let saveTimes = false;
  const modules: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--engine") {
      const e = args[++i];
      if (e !== "jupyter" && e !== "tslab") usage(`--engine must be jupyter or tslab, got ${e}`);
      engine = e;
    } else if (a === "--keep-going") keepGoing = true;
    else if (a === "--save-times") saveTimes = true;
    else if (a === "-h" || a === "--help") usage();
    else if (/^\d{1,2}[a-z]?$/.test(a)) modules.push(a.replace(/^\d+/, (d) => d.padStart(2, "0")));
    else usage(`unknown argument ${a}`);
  }
  const root = repoRoot();
  const nbDir = path.join(root, "notebooks");
  const all = fs.readdirSync(nbDir).filter((f) => /^\d\d[a-z]?-.*\.ipynb$/.test(f)).sort(); // 01b-…: a deep dive of module 01
  const chosen = modules.length ? all.filter((f) => modules.some((m) => new RegExp(/[a-z]$/.test(m) ? `^${m}-` : `^${m}[a-z]?-`).test(f))) : all;
  if (!chosen.length) usage(`no notebook matches ${modules.join(", ")} (have: ${all.join(", ")})`);
  const eng = engine === "auto" ? defaultEngine() : engine;
  console.log(`Running ${chosen.length} notebook(s) with ${eng === "jupyter" ? "Jupyter + the course kernel (mlsys-ts)" : (engine === "tslab" ? "tslab in-process (as asked)" : "tslab in-process (Jupyter not found)")}.`);
  const htmlDir = path.join(root, "build", "html");
  fs.mkdirSync(htmlDir, { recursive: true });
  const entries: IndexEntry[] = [];
  let failed = 0;
  for (const [i, f] of chosen.entries()) {
    console.log(`[${i + 1}/${chosen.length}] ${f}`);
    const run = await runNotebook(path.join(nbDir, f), { engine: eng });
    const name = f.replace(/\.ipynb$/, "");
    if (fs.existsSync(run.out)) {
      const nb = JSON.parse(fs.readFileSync(run.out, "utf8")) as NotebookJson;
      const nav = `<nav><a href="index.html">← all notebooks</a></nav>`;
      fs.writeFileSync(path.join(htmlDir, `${name}.html`), notebookToHtml(nb, name, nav));
    }
    entries.push({ title: name, href: `${name}.html`, ok: run.ok, seconds: run.seconds, engine: run.engine, note: run.ok ? "" : `cell ${run.failedCell}` });
    if (run.ok) {
      console.log(`    ok in ${run.seconds.toFixed(1)} s → build/notebooks/${f}, build/html/${name}.html`);
    } else {
      failed++;
      console.error(`\n✗ ${f}: cell ${run.failedCell ?? "?"} (code cell ${run.codeCell ?? "?"}) failed:\n${run.error}\n`);
      console.error(`The partly executed notebook is in build/notebooks/${f}; open it (npm run jupyter) to see the cell.`);
      if (!keepGoing) break;
    }
  }
  fs.writeFileSync(path.join(htmlDir, "index.html"), courseIndexHtml(entries));
  if (saveTimes) {
    const file = path.join(nbDir, "run-times.json");
    const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { seconds?: Record<string, number> }) : {};
    const seconds = { ...prev.seconds };
    for (const e of entries) if (e.ok) seconds[e.title] = Math.round(e.seconds * 10) / 10;
    const doc = { note: "Seconds each notebook took in its last `npm run course -- NN --save-times` (engine as run; a shared 2-core machine). test/notebook-limits.test.ts adds them to the reading-time estimate.", seconds: Object.fromEntries(Object.entries(seconds).sort()) };
    fs.writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
    console.log(`Run times saved to ${path.relative(process.cwd(), file)}.`);
  }
  console.log(`\nHTML: ${path.relative(process.cwd(), path.join(htmlDir, "index.html"))}`);
  if (failed) process.exit(1);
  console.log(`All ${entries.length} notebook(s) ran.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
