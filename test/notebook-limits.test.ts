import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePercentNotebook, type PercentCell } from "../lib/nb/percent";

// A course a club can run in an hour: each notebook defines (bold) or links (GLOSSARY.md) a glossary
// term at its first use; a core notebook keeps to at most 8 tables and 6 charts, reads every chart
// in the sentence after it, keeps code lines short, and states a time no shorter than an estimate
// from its words (130 a minute), its tables and charts (a minute each) and its measured run time.
const root = path.resolve(__dirname, "..");
const srcDir = path.join(root, "notebooks", "src");
const sources = fs.readdirSync(srcDir).filter((f) => /^\d\d[a-z]?-.*\.ts$/.test(f)).sort();
const cellsOf = (f: string): PercentCell[] => parsePercentNotebook(fs.readFileSync(path.join(srcDir, f), "utf8"), f);
const isCore = (f: string): boolean => /^\d\d-/.test(f);

/** The glossary's terms: each entry `**Term, alias** (NN).` gives one or more names. */
export function glossaryTerms(text: string): { entry: string; names: string[] }[] {
  return [...text.matchAll(/^\*\*([^*]+)\*\* \(/gm)].map((m) => ({
    entry: m[1]!,
    names: m[1]!.split(/,\s*/).map((n) => n.trim()).filter((n) => n && !/^\d+$/.test(n)),
  }));
}

/** A regular expression for a term in prose: acronyms and mixed case match exactly, words in any case; plurals too. */
export function termPattern(name: string): RegExp {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
  const exact = /[A-Z0-9]/.test(name.slice(1)) || /^[A-Z]{2}/.test(name);
  return new RegExp(`(?<![\\w-])${esc}s?(?![\\w-])`, exact ? "g" : "gi");
}

/** Index ranges of text that defines (bold) or links to the glossary. */
function definingRanges(md: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of md.matchAll(/\*\*[^*]+?\*\*/g)) out.push([m.index!, m.index! + m[0].length]);
  for (const m of md.matchAll(/\[[^\]]+\]\([^)]*GLOSSARY\.md[^)]*\)/g)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

/** The glossary terms a notebook's Markdown uses (outside headings) before defining (bold) or linking them: "term: text around it". */
export function undefinedFirstUses(text: string, terms: { entry: string; names: string[] }[]): string[] {
  const markdown = text.replace(/^#{1,6} .*$/gm, (h) => " ".repeat(h.length)); // a heading names a topic; the prose under it defines
  const ranges = definingRanges(markdown);
  const out: string[] = [];
  for (const t of terms) {
    let first: { index: number; text: string } | undefined;
    for (const n of t.names) {
      const m = termPattern(n).exec(markdown);
      if (m && (!first || m.index < first.index)) first = { index: m.index, text: m[0] };
    }
    if (!first) continue;
    const at = first.index;
    if (ranges.some(([a, b]) => at >= a && at < b)) continue;
    out.push(`${t.entry}: "…${markdown.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, " ")}…"`);
  }
  return out;
}

describe("glossary terms at first use", () => {
  const terms = glossaryTerms(fs.readFileSync(path.join(root, "GLOSSARY.md"), "utf8"));
  it("reads the glossary (a guard)", () => {
    expect(terms.length).toBeGreaterThanOrEqual(30);
    expect(terms.find((t) => t.entry === "p50, p99")?.names).toEqual(["p50", "p99"]);
    expect(undefinedFirstUses("the **SLO** and later SLOs", terms.filter((t) => t.names.includes("SLO")))).toEqual([]);
    expect(undefinedFirstUses("an SLO, then **SLO**", terms.filter((t) => t.names.includes("SLO")))).toHaveLength(1);
    expect(undefinedFirstUses("see [drift](../GLOSSARY.md#drift); drift again", terms.filter((t) => t.names.includes("Drift")))).toEqual([]);
  });
  it.each(sources)("%s defines or links each glossary term at its first use", (f) => {
    const md = cellsOf(f).filter((c) => c.kind === "markdown").map((c) => c.source).join("\n\n");
    const bad = undefinedFirstUses(md, terms);
    expect(bad, `${f}: bold the term where it is first used with a one-line definition, or link it ([term](../GLOSSARY.md#…)):\n${bad.join("\n")}`).toEqual([]);
  });
});

/** Counts that make a notebook long: tables, charts, unread charts, long code lines, prose words. */
export function notebookCounts(cells: readonly PercentCell[]): { tables: number; charts: number; unreadCharts: string[]; longLines: number; words: number } {
  let tables = 0;
  let charts = 0;
  const unreadCharts: string[] = [];
  let longLines = 0;
  let words = 0;
  cells.forEach((c, i) => {
    if (c.kind === "markdown") {
      words += c.source.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
      return;
    }
    tables += (c.source.match(/(?<![\w.])showTable\(/g) ?? []).length;
    const plots = [...c.source.matchAll(/(?<![\w.])plot\(/g)];
    charts += plots.length;
    longLines += c.source.split("\n").filter((l) => l.length > 160).length;
    if (plots.length) {
      // a chart is read by the sentence after it: a showMarkdown after the last plot in the same
      // cell, or a Markdown cell next whose first line is prose, not a heading
      const readInCell = c.source.slice(plots.at(-1)!.index!).includes("showMarkdown(");
      const next = cells[i + 1];
      const readNext = next?.kind === "markdown" && !/^#/.test(next.source.trim());
      if (!readInCell && !readNext) unreadCharts.push(`line ${c.line}`);
    }
  });
  return { tables, charts, unreadCharts, longLines, words };
}

/** The minutes a notebook states in its "**Time.** About N minutes …" sentence, or undefined. */
export function statedMinutes(markdown: string): number | undefined {
  const m = /\*\*Time\.\*\*[^.]*?(\d+)(?:–(\d+))?\s*(minutes|min\b|h\b|hours?)/.exec(markdown);
  if (!m) return undefined;
  const n = Number(m[2] ?? m[1]);
  return m[3]!.startsWith("h") ? n * 60 : n;
}

const LIMITS = { tables: 8, charts: 6, longLines: 0 };
const runTimes = JSON.parse(fs.readFileSync(path.join(root, "notebooks", "run-times.json"), "utf8")) as { seconds: Record<string, number> };

describe("notebooks a learner can hold", () => {
  it("statedMinutes reads the Time sentence", () => {
    expect(statedMinutes("**Time.** About 45 minutes to read and run.")).toBe(45);
    expect(statedMinutes("**Time.** 50–70 minutes; the cells run in a minute.")).toBe(70);
    expect(statedMinutes("no time here")).toBeUndefined();
  });

  it.each(sources)("%s: every chart is followed by a sentence on what to look at", (f) => {
    const { unreadCharts } = notebookCounts(cellsOf(f));
    expect(unreadCharts, `${f}: add a Markdown cell after the chart ("**Read the chart:** look at …") or a showMarkdown after plot()`).toEqual([]);
  });

  it.each(sources.filter(isCore))("%s: at most 8 tables, 6 charts, no code line over 160 characters", (f) => {
    const c = notebookCounts(cellsOf(f));
    const nn = f.slice(0, 2);
    expect(c.tables, `${f}: tables (move sections to a deep dive, ${nn}b-…, or say a supporting table in a sentence)`).toBeLessThanOrEqual(LIMITS.tables);
    expect(c.charts, `${f}: charts (move sections to a deep dive, ${nn}b-…, or put related charts side by side: sideBySide of lib/viz)`).toBeLessThanOrEqual(LIMITS.charts);
    expect(c.longLines, `${f}: code lines over 160 characters`).toBeLessThanOrEqual(LIMITS.longLines);
  });

  it.each(sources)("%s: no cell shows more than a screen of prose (Markdown ≤ 45 lines and 520 words; showMarkdown ≤ 2,000 characters)", (f) => {
    const long: string[] = [];
    for (const cell of cellsOf(f)) {
      if (cell.kind === "markdown") {
        const lines = cell.source.split("\n").length;
        const words = cell.source.split(/\s+/).filter(Boolean).length;
        if (lines > 45 || words > 520) long.push(`${cell.id}: ${lines} lines, ${words} words`);
      } else {
        for (const m of cell.source.matchAll(/showMarkdown\(`([\s\S]*?)`\)/g)) if (m[1]!.length > 2000) long.push(`${cell.id}: showMarkdown of ${m[1]!.length} characters`);
      }
    }
    expect(long, `${f}: split these cells (a learner reads one screen at a time)`).toEqual([]);
  });

  it.each(sources)("%s states a time no shorter than words/130 + a minute per table and chart + its run time", (f) => {
    const cells = cellsOf(f);
    const c = notebookCounts(cells);
    const name = f.replace(/\.ts$/, "");
    const seconds = runTimes.seconds[name];
    expect(seconds, `notebooks/run-times.json has no run time for ${name}: run npm run course -- ${name.slice(0, 3).replace(/-$/, "")} --save-times`).toBeDefined();
    const estimate = c.words / 130 + c.tables + c.charts + seconds! / 60;
    const stated = statedMinutes(cells.filter((x) => x.kind === "markdown").map((x) => x.source).join("\n"));
    expect(stated, `${f}: state "**Time.** About N minutes to read and run" in the introduction (estimate: ${Math.ceil(estimate)})`).toBeDefined();
    expect(stated!, `${f}: states ${stated} minutes, the estimate is ${estimate.toFixed(0)} (${c.words} words, ${c.tables} tables, ${c.charts} charts, ${seconds!.toFixed(0)} s run)`).toBeGreaterThanOrEqual(estimate);
  });
});

describe("SYLLABUS.md agrees with the notebooks", () => {
  it("each week's stated time is the one its notebook states", () => {
    const syllabus = fs.readFileSync(path.join(root, "SYLLABUS.md"), "utf8");
    const rows = [...syllabus.matchAll(/^\| \d \| (\d\d) [^|]+\| [^|]+\| (\d+) min \|/gm)];
    expect(rows.length).toBe(sources.filter(isCore).length);
    for (const [, nn, minutes] of rows) {
      const f = sources.find((s) => s.startsWith(`${nn}-`))!;
      const stated = statedMinutes(cellsOf(f).filter((c) => c.kind === "markdown").map((c) => c.source).join("\n"));
      expect(Number(minutes), `SYLLABUS.md, week of ${f}`).toBe(stated);
    }
  });
});
