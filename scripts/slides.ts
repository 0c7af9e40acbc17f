/**
 * `npm run slides [-- --out DIR] [-- --no-pdf] [-- --list] [-- 01 03]`
 *
 * Builds the weekly-session decks (slides/NN-*.md, Marp Markdown) offline into HTML in
 * build/slides/ (and PDF when a Chromium is found: /usr/bin/chromium, chromium-browser,
 * google-chrome, or CHROME_PATH). Before Marp sees a deck, its placeholders are replaced with the
 * measured figures from results/**.json:
 *
 *   {{value FILE PATH [FORMAT]}}   a field of results/FILE, e.g. {{value gzip-knn/r8-gzip-9.json accuracy.k1.1 .3f}}
 *                                 PATH: keys/indices separated by dots, [field=value] picks an array element
 *                                 FORMAT: .3f  .1%  ,  ,.1f  .2x (number + "×")  (default: as stored)
 *   {{name KEY [FORMAT]}}          a named value of slides/named-values.ts (namedValues)
 *   {{chart KEY}}                  a chart of slides/charts.ts, rendered to inline SVG (Vega-Lite)
 *   {{cell NN #ID}}                where notebook NN's cell with stable id ID is ("notebook 02, cell 23, under …");
 *                                 the id comes from a `// %% id=ID` header (test/slide-pointers.test.ts checks them)
 *
 * Append `| pending: WHY` to make a figure optional: when its results do not exist yet the deck
 * shows a visible "pending: WHY" note instead. Any other missing value stops the build with the
 * deck, the placeholder, its line and the missing file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { vegaLiteToSvg } from "../lib/viz/vega";
import { parsePercentNotebook, headingAbove } from "../lib/nb/percent";
import { charts, namedValues, openResults, MissingResultError, type FigureValue, type Results } from "../slides/charts";

/** Options for {@link buildSlides}. */
export interface BuildSlidesOptions {
  /** Repository root. Default: the folder above scripts/. */
  root?: string;
  /** Folder with the decks (NN-*.md). Default `<root>/slides`. */
  slidesDir?: string;
  /** Results folder. Default `<root>/results`. */
  resultsDir?: string;
  /** Notebook sources (NN-*.ts, cells split by `// %%`). Default `<root>/notebooks/src`. */
  notebooksDir?: string;
  /** Output folder. Default `<root>/build/slides`. */
  outDir?: string;
  /** Only these modules ("00", "01", …). Default: every deck. */
  modules?: string[];
  /** PDF too: true, false, or "auto" (when a Chromium is found). Default "auto". */
  pdf?: boolean | "auto";
  /** Print progress. Default true. */
  log?: boolean;
}

/** What {@link buildSlides} produced. */
export interface BuiltDeck {
  /** Deck file name, e.g. `01-compression-is-learning.md`. */
  deck: string;
  /** The HTML file written. */
  html: string;
  /** The PDF file written, when one was. */
  pdf?: string;
  /** Slides in the deck. */
  slides: number;
  /** Placeholders replaced with measured values or charts. */
  resolved: number;
  /** Charts rendered into the deck. */
  charts: string[];
  /** Optional figures shown as "pending", with why. */
  pending: { placeholder: string; reason: string; missing: string }[];
}

/** A deck placeholder could not be resolved. The message names every failure. */
export class SlidesBuildError extends Error {
  constructor(readonly failures: string[]) {
    super(`The slides cannot be built: ${failures.length} placeholder${failures.length > 1 ? "s" : ""} could not be resolved.\n${failures.map((f) => "  • " + f).join("\n")}\nRun the command named to produce the results, or mark the figure optional with "| pending: measured when … runs".`);
    this.name = "SlidesBuildError";
  }
}

/**
 * Format a number: `.Nf` fixed, `.N%` percent, `,` thousands separators (`,.Nf` both), `.Nx`
 * fixed with "×", `min` seconds as whole minutes. No format: integers with separators, others as stored.
 */
export function formatValue(v: FigureValue, format?: string): string {
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) throw new Error(`value ${v} is not a finite number`);
  if (!format) return Number.isInteger(v) ? v.toLocaleString("en-US") : String(v);
  if (format === "min") return String(Math.round(v / 60)); // seconds → whole minutes
  const m = /^(,)?(?:\.(\d+))?([f%x])?$/.exec(format);
  if (!m || (!m[1] && !m[3])) throw new Error(`unknown format "${format}": use .3f, .1%, ",", ",.1f" or .2x`);
  const digits = m[2] !== undefined ? Number(m[2]) : m[3] ? 0 : 0;
  const x = m[3] === "%" ? v * 100 : v;
  const s = m[1] ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : x.toFixed(digits);
  return m[3] === "%" ? `${s}%` : m[3] === "x" ? `${s}×` : s;
}

/** One `{{…}}` placeholder of a deck. */
export interface Placeholder {
  /** The whole text, braces included. */
  raw: string;
  /** 1-based line in the deck. */
  line: number;
  /** value | name | chart | cell */
  kind: string;
  /** Arguments after the kind. */
  args: string[];
  /** The reason given after `| pending:`; undefined when the figure is required. */
  pending?: string;
}

/** The placeholders of a deck, in order. @throws Error on a malformed one */
export function parsePlaceholders(markdown: string, deck = "deck"): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of markdown.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const line = markdown.slice(0, m.index).split("\n").length;
    const [body, ...rest] = m[1]!.split("|");
    let pending: string | undefined;
    if (rest.length) {
      const pm = /^\s*pending:\s*([\s\S]+?)\s*$/.exec(rest.join("|"));
      if (!pm) throw new Error(`${deck}, line ${line}: ${m[0]}: after "|" write "pending: why" (e.g. "| pending: measured when npm run gzip-knn -- --dataset ag_news runs").`);
      pending = pm[1]!.replace(/\s+/g, " ");
    }
    const words = body!.trim().match(/"[^"]*"|\S+/g) ?? [];
    const [kind, ...args] = words.map((w) => w.replace(/^"(.*)"$/, "$1"));
    if (!kind || !["value", "name", "chart", "cell"].includes(kind)) throw new Error(`${deck}, line ${line}: ${m[0]}: unknown placeholder kind "${kind ?? ""}": use value, name, chart or cell.`);
    out.push({ raw: m[0], line, kind, args, pending });
  }
  return out;
}

interface Context {
  results: Results;
  notebooksDir: string;
  chartCount: number;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Where a notebook's cell is: "notebook `02-…`, cell 23, under “heading”". `target` is a stable cell id
 * (`#pareto-front`, from a `// %% id=pareto-front` header) or, for old pointers, text the cell contains.
 */
function findCell(ctx: Context, nn: string, target: string): string {
  const file = fs.existsSync(ctx.notebooksDir) ? fs.readdirSync(ctx.notebooksDir).find((f) => f.startsWith(`${nn}-`) && f.endsWith(".ts")) : undefined;
  if (!file) throw new MissingResultError(`notebook ${nn} does not exist yet (no notebooks/src/${nn}-*.ts)`, `notebooks/src/${nn}-*.ts`);
  const cells = parsePercentNotebook(fs.readFileSync(path.join(ctx.notebooksDir, file), "utf8"), `notebooks/src/${file}`);
  const byId = target.startsWith("#");
  const i = byId ? cells.findIndex((c) => c.stableId && c.id === target.slice(1)) : cells.findIndex((c) => c.source.toLowerCase().includes(target.toLowerCase()));
  if (i < 0) {
    const have = cells.filter((c) => c.stableId).map((c) => `#${c.id}`).join(", ") || "none";
    throw new MissingResultError(byId ? `notebooks/src/${file} has no cell with id ${target} (ids there: ${have}); add \`// %% id=${target.slice(1)}\` to the cell's header or fix the deck's pointer` : `notebooks/src/${file} has no cell containing "${target}" (the notebook changed: update the deck's cell pointer)`, `notebooks/src/${file}`);
  }
  // learners find a cell by the heading above it: the nearest Markdown heading at or before the cell
  const first = headingAbove(cells, i);
  const label = first.length > 60 ? first.slice(0, 58) + "…" : first;
  return `notebook \`${file.replace(/\.ts$/, "")}\`, cell ${i + 1}, under “${escapeHtml(label)}”`;
}

async function resolvePlaceholder(p: Placeholder, ctx: Context, deck: string, chartsUsed: string[]): Promise<string> {
  const { results } = ctx;
  switch (p.kind) {
    case "value": {
      const [file, field, format] = p.args;
      if (!file || !field) throw new Error(`write {{value FILE PATH [FORMAT]}}`);
      const v = results.get(file, field);
      if (typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") throw new MissingResultError(`results/${file} at "${field}" is ${Array.isArray(v) ? "an array" : "an object"}, not a single value`, `results/${file}`);
      return escapeHtml(formatValue(typeof v === "boolean" ? String(v) : v, format));
    }
    case "name": {
      const [key, format] = p.args;
      const def = key ? namedValues[key] : undefined;
      if (!def) throw new Error(`no named value "${key}" in slides/named-values.ts (have: ${Object.keys(namedValues).join(", ")})`);
      return escapeHtml(formatValue(def.value(results), format ?? def.format));
    }
    case "chart": {
      const [key] = p.args;
      const def = key ? charts[key] : undefined;
      if (!def) throw new Error(`no chart "${key}" in slides/charts.ts (have: ${Object.keys(charts).join(", ")})`);
      const { spec, note } = def.build(results);
      const svg = await vegaLiteToSvg(spec, { idPrefix: `c${++ctx.chartCount}`, singleLine: true });
      chartsUsed.push(key!);
      // an HTML block on its own lines (blank lines around it, none inside) so Markdown leaves it alone
      return `\n\n<figure class="chart" data-chart="${key}" data-deck="${deck}">${svg.replace(/^<svg /, '<svg role="img" ')}<figcaption>${escapeHtml(def.title)}${note ? `<br><span class="chart-note">${escapeHtml(note)}</span>` : ""}</figcaption></figure>\n\n`;
    }
    case "cell": {
      const [nn, ...words] = p.args;
      if (!nn || !/^\d\d[a-z]?$/.test(nn) || !words.length) throw new Error(`write {{cell NN #cell-id}} (the id of a \`// %% id=…\` header in notebooks/src/NN-*.ts)`);
      return findCell(ctx, nn, words.join(" "));
    }
  }
  throw new Error(`unknown kind ${p.kind}`);
}

function pendingHtml(p: Placeholder, missing: string): string {
  if (p.kind === "chart") {
    const title = charts[p.args[0] ?? ""]?.title ?? p.args[0];
    return `\n\n<div class="pending pending-chart"><strong>Chart pending:</strong> ${escapeHtml(title ?? "")}<br>${escapeHtml(p.pending!)}<br><small>(${escapeHtml(missing)})</small></div>\n\n`;
  }
  return `<span class="pending" title="${escapeHtml(missing).replace(/"/g, "&quot;")}">pending: ${escapeHtml(p.pending!)}</span>`;
}

/**
 * Any Markdown (not a deck: README's results section, docs/readme-results.md) with its `{{value …}}`,
 * `{{name …}}` and `{{cell …}}` placeholders replaced from `<root>/results`; charts are refused.
 * @throws SlidesBuildError naming every placeholder that cannot be resolved
 */
export async function resolveFigures(markdown: string, where: string, root = path.resolve(__dirname, "..")): Promise<string> {
  const ctx: Context = { results: openResults(path.join(root, "results")), notebooksDir: path.join(root, "notebooks", "src"), chartCount: 0 };
  const failures: string[] = [];
  const out: string[] = [];
  for (const p of parsePlaceholders(markdown, where)) {
    try {
      if (p.kind === "chart") throw new Error("charts belong in decks");
      out.push(await resolvePlaceholder(p, ctx, where, []));
    } catch (e) {
      failures.push(`${where}, line ${p.line}: ${p.raw}: ${e instanceof Error ? e.message : String(e)}`);
      out.push(p.raw);
    }
  }
  if (failures.length) throw new SlidesBuildError(failures);
  let i = 0;
  return markdown.replace(/\{\{([\s\S]*?)\}\}/g, () => out[i++]!);
}

/** A deck with its placeholders replaced (Markdown), or the failures. Does not run Marp. */
export async function resolveDeck(markdown: string, deck: string, ctx: Context): Promise<{ markdown: string; resolved: number; charts: string[]; pending: BuiltDeck["pending"]; failures: string[] }> {
  if (!/^---\s*\n[\s\S]*?\bmarp:\s*true\b[\s\S]*?\n---/.test(markdown)) {
    return { markdown, resolved: 0, charts: [], pending: [], failures: [`slides/${deck}: the front matter must start the file and contain "marp: true".`] };
  }
  const placeholders = parsePlaceholders(markdown, `slides/${deck}`);
  const replacements: string[] = [];
  const failures: string[] = [];
  const pending: BuiltDeck["pending"] = [];
  const chartsUsed: string[] = [];
  let resolved = 0;
  for (const p of placeholders) {
    try {
      replacements.push(await resolvePlaceholder(p, ctx, deck, chartsUsed));
      resolved++;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (e instanceof MissingResultError && p.pending) {
        pending.push({ placeholder: p.raw, reason: p.pending, missing: msg });
        replacements.push(pendingHtml(p, msg));
      } else {
        failures.push(`slides/${deck}, line ${p.line}: ${p.raw}: ${msg}${e instanceof MissingResultError && e.file ? ` [file: ${e.file}]` : ""}`);
        replacements.push(p.raw);
      }
    }
  }
  let i = 0;
  const out = markdown.replace(/\{\{([\s\S]*?)\}\}/g, () => replacements[i++]!);
  return { markdown: out, resolved, charts: chartsUsed, pending, failures };
}

/** The style every deck gets (Marp's default theme, tuned for projected slides). */
export const DECK_STYLE = `<style>
section { font-size: 27px; padding: 48px 64px; }
section h1 { color: #1f5aa6; }
section h2 { color: #1f5aa6; border-bottom: 2px solid #e6e6e6; padding-bottom: 6px; }
section.lead h1 { font-size: 58px; }
section.lead { justify-content: center; }
section table { font-size: 22px; }
section code { font-size: 0.9em; }
section small, section .small { font-size: 19px; color: #555; }
figure.chart { margin: 6px 0 0 0; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; max-height: 470px; }
figure.chart figcaption { font-size: 17px; color: #444; margin-top: 2px; }
.chart-note { font-size: 15px; color: #666; }
.pending { background: #fff4d6; border: 1px dashed #c79100; color: #7a5a00; padding: 1px 6px; border-radius: 4px; font-size: 0.8em; }
.pending-chart { display: block; padding: 28px; margin: 16px 0; text-align: center; font-size: 22px; }
.credit { position: absolute; bottom: 26px; left: 64px; right: 64px; font-size: 16px; color: #666; }
.live { background: #e8f1fb; border-left: 6px solid #1f5aa6; padding: 8px 14px; font-size: 22px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
</style>`;

function findChromium(): string | undefined {
  const candidates = [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter((x): x is string => !!x);
  return candidates.find((c) => fs.existsSync(c));
}

function decksIn(dir: string, modules?: string[]): string[] {
  if (!fs.existsSync(dir)) throw new Error(`No slides folder at ${dir}.`);
  const all = fs.readdirSync(dir).filter((f) => /^\d\d-.+\.md$/.test(f)).sort();
  if (!modules?.length) return all;
  const picked = all.filter((f) => modules.includes(f.slice(0, 2)));
  const unknown = modules.filter((m) => !all.some((f) => f.startsWith(m + "-")));
  if (unknown.length) throw new Error(`No deck for module ${unknown.join(", ")} (decks: ${all.join(", ")}).`);
  return picked;
}

/**
 * Resolve every deck's placeholders from the results files, then convert the decks to HTML (and
 * PDF) with Marp, offline. @throws SlidesBuildError naming every unresolved placeholder
 */
export async function buildSlides(options: BuildSlidesOptions = {}): Promise<BuiltDeck[]> {
  const root = options.root ?? path.resolve(__dirname, "..");
  const slidesDir = options.slidesDir ?? path.join(root, "slides");
  const outDir = options.outDir ?? path.join(root, "build", "slides");
  const log = options.log ?? true;
  const say = (s: string) => log && console.log(s);
  const ctx: Context = { results: openResults(options.resultsDir ?? path.join(root, "results")), notebooksDir: options.notebooksDir ?? path.join(root, "notebooks", "src"), chartCount: 0 };
  const decks = decksIn(slidesDir, options.modules);
  if (!decks.length) throw new Error(`No decks (NN-name.md) in ${slidesDir}.`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlsys-slides-"));
  const built: BuiltDeck[] = [];
  const failures: string[] = [];
  try {
    for (const deck of decks) {
      const src = fs.readFileSync(path.join(slidesDir, deck), "utf8");
      const r = await resolveDeck(src, deck, ctx);
      failures.push(...r.failures);
      // the style goes right after the front matter
      const md = r.markdown.replace(/^(---\s*\n[\s\S]*?\n---\s*\n)/, `$1\n${DECK_STYLE}\n\n`);
      fs.writeFileSync(path.join(tmp, deck), md);
      const slides = 1 + (src.replace(/^---\s*\n[\s\S]*?\n---\s*\n/, "").match(/^---\s*$/gm) ?? []).length;
      built.push({ deck, html: path.join(outDir, deck.replace(/\.md$/, ".html")), slides, resolved: r.resolved, charts: r.charts, pending: r.pending });
      say(`${deck}: ${slides} slides, ${r.resolved} figures${r.charts.length ? ` (${r.charts.length} charts)` : ""}${r.pending.length ? `, ${r.pending.length} pending` : ""}`);
    }
    if (failures.length) throw new SlidesBuildError(failures);

    fs.mkdirSync(outDir, { recursive: true });
    const { marpCli } = require("@marp-team/marp-cli") as { marpCli: (argv: string[]) => Promise<number> };
    const base = ["--no-config-file", "--no-stdin", "--html", "--allow-local-files", "--input-dir", tmp, "--output", outDir];
    // Marp logs every file it converts; keep the console quiet when asked to
    const silence = <T>(fn: () => Promise<T>): Promise<T> => {
      if (log) return fn();
      const saved = { warn: console.warn, info: console.info, log: console.log, error: console.error };
      const errors: unknown[][] = [];
      console.warn = console.info = console.log = () => undefined;
      console.error = (...a: unknown[]) => void errors.push(a);
      return fn().finally(() => {
        Object.assign(console, saved);
        for (const e of errors) console.error(...e);
      });
    };
    const code = await silence(() => marpCli(base));
    if (code !== 0) throw new Error(`Marp failed (exit ${code}) converting ${decks.join(", ")}; run with --debug for details.`);
    for (const b of built) if (!fs.existsSync(b.html)) throw new Error(`Marp did not write ${b.html}.`);

    const wantPdf = options.pdf ?? "auto";
    const chrome = findChromium();
    if (wantPdf === true && !chrome) throw new Error("PDF asked for but no Chromium found: install chromium or set CHROME_PATH.");
    if (wantPdf !== false && chrome) {
      process.env.CHROME_PATH = chrome;
      const pc = await silence(() => marpCli([...base, "--pdf"]));
      if (pc !== 0) throw new Error(`Marp failed (exit ${pc}) writing PDFs with ${chrome}.`);
      for (const b of built) b.pdf = b.html.replace(/\.html$/, ".pdf");
    } else if (wantPdf === "auto") {
      say("PDF skipped: no Chromium found (/usr/bin/chromium or CHROME_PATH). The HTML decks print to PDF from any browser.");
    }
    writeIndex(outDir, built, slidesDir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return built;
}

function writeIndex(outDir: string, built: BuiltDeck[], slidesDir: string): void {
  const rows = built.map((b) => {
    const title = /^#\s+(.+)$/m.exec(fs.readFileSync(path.join(slidesDir, b.deck), "utf8"))?.[1] ?? b.deck;
    const name = path.basename(b.html);
    return `<li><a href="${name}">${escapeHtml(title.replace(/\{\{[\s\S]*?\}\}/g, ""))}</a> — ${b.slides} slides, ${b.charts.length} charts${b.pending.length ? `, ${b.pending.length} figures pending` : ""}${b.pdf ? ` · <a href="${path.basename(b.pdf)}">PDF</a>` : ""}</li>`;
  });
  fs.writeFileSync(path.join(outDir, "index.html"), `<!doctype html><meta charset="utf-8"><title>ML Systems in Production — slides</title><style>body{font-family:Helvetica,Arial,sans-serif;max-width:760px;margin:40px auto;line-height:1.6}</style><h1>ML Systems in Production — session decks</h1><p>Built from the committed results files by <code>npm run slides</code>. Open a deck and press <kbd>F</kbd> for full screen, <kbd>P</kbd> for the presenter view.</p><ul>${rows.join("\n")}</ul>\n`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log("usage: npm run slides [-- MODULE …] [--out DIR] [--no-pdf | --pdf] [--list]");
    return 0;
  }
  if (args.includes("--list")) {
    for (const [k, v] of Object.entries(namedValues)) console.log(`name  ${k.padEnd(32)} ${v.description}`);
    for (const [k, v] of Object.entries(charts)) console.log(`chart ${k.padEnd(32)} ${v.title}`);
    return 0;
  }
  const outIdx = args.indexOf("--out");
  const t0 = performance.now();
  try {
    const built = await buildSlides({
      outDir: outIdx >= 0 ? path.resolve(args[outIdx + 1] ?? "build/slides") : undefined,
      modules: args.filter((a) => /^\d{1,2}$/.test(a)).map((a) => a.padStart(2, "0")),
      pdf: args.includes("--no-pdf") ? false : args.includes("--pdf") ? true : "auto",
    });
    const pending = built.flatMap((b) => b.pending.map((p) => `  ${b.deck}: ${p.placeholder.replace(/\s*\|[\s\S]*$/, "}}")} — ${p.missing}`));
    if (pending.length) console.log(`Pending figures (shown as notes in the decks):\n${pending.join("\n")}`);
    console.log(`Built ${built.length} decks in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), path.dirname(built[0]!.html)) || "."}/index.html`);
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().then((c) => process.exit(c));
}
