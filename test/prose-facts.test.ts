import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePercentNotebook } from "../lib/nb/percent";
import { regeneratedReadme, README_BEGIN, README_END } from "../scripts/readme";

// Numbers that cannot go stale, and names that exist. Prose (notebook Markdown, deck text, README)
// must not type a figure that a results file provides: such a figure goes stale at the next run, so
// it is computed (a showMarkdown cell, a {{value …}} / {{name …}} placeholder) instead. And a
// function named in backticks in prose must be one that lib/ exports.
const root = path.resolve(__dirname, "..");

/** A piece of prose and where it comes from. */
interface Prose { where: string; text: string }

function notebookProse(): Prose[] {
  const dir = path.join(root, "notebooks", "src");
  return fs.readdirSync(dir).filter((f) => /^\d\d[a-z]?-.*\.ts$/.test(f)).sort().flatMap((f) =>
    parsePercentNotebook(fs.readFileSync(path.join(dir, f), "utf8"), f).filter((c) => c.kind === "markdown").map((c) => ({ where: `notebooks/src/${f}:${c.line}`, text: c.source })),
  );
}
function deckProse(): Prose[] {
  const dir = path.join(root, "slides");
  return fs.readdirSync(dir).filter((f) => /^\d\d-.*\.md$/.test(f)).sort().map((f) => ({
    where: `slides/${f}`,
    text: fs.readFileSync(path.join(dir, f), "utf8").replace(/^---\n[\s\S]*?\n---\n/, "").replace(/\{\{[^}]*\}\}/g, " "),
  }));
}
/** README.md without its generated results section (test "README's results section" checks that one). */
function readmeProse(): Prose {
  const text = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const a = text.indexOf(README_BEGIN);
  const b = text.indexOf(README_END);
  return { where: "README.md", text: a >= 0 && b > a ? text.slice(0, a) + text.slice(b) : text };
}
const allProse = (): Prose[] => [...notebookProse(), ...deckProse(), readmeProse()];

/** Prose without fenced code, HTML comments, link targets and URLs. */
function stripNonProse(text: string): string {
  return text.replace(/```[\s\S]*?```/g, " ").replace(/<!--[\s\S]*?-->/g, " ").replace(/\]\([^)]*\)/g, "]").replace(/<?https?:\/\/\S+/g, " ");
}

/** Every number stored in results/**.json (recursively; the committed measurements). */
function resultNumbers(): { value: number; file: string }[] {
  const out: { value: number; file: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) {
        const visit = (v: unknown): void => {
          if (typeof v === "number" && Number.isFinite(v)) out.push({ value: v, file: path.relative(root, p) });
          else if (Array.isArray(v)) v.forEach(visit);
          else if (v && typeof v === "object") Object.values(v).forEach(visit);
        };
        visit(JSON.parse(fs.readFileSync(p, "utf8")));
      }
    }
  };
  walk(path.join(root, "results"));
  return out;
}

/** A number typed in prose: its value, its decimals, whether it is a percentage, the text. */
interface Typed { value: number; decimals: number; percent: boolean; raw: string; index: number }

/**
 * Numbers in prose worth checking: at least three significant digits (0.876, 4.04, 95.3%, 246,
 * 12,014), not inside backticks, not part of a name or version (r8, v2, 24.22.3, §10), not a year,
 * not a round number (a multiple of 10 without decimals: settings such as 400 or 1,000).
 */
export function typedNumbers(text: string): Typed[] {
  const prose = stripNonProse(text).replace(/`[^`\n]*`/g, (m) => " ".repeat(m.length));
  const out: Typed[] = [];
  const re = /(?<![\w.,§#/\-−+])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w.\-]\d|[\w/])(\s?%)?/g;
  for (const m of prose.matchAll(re)) {
    const int = m[1]!.replace(/,/g, "");
    const decimals = m[2]?.length ?? 0;
    const value = Number(int + (m[2] ? "." + m[2] : ""));
    const digits = (int + (m[2] ?? "")).replace(/^0+/, "").length;
    if (digits < 3 || Number.isInteger(value) && (decimals > 0 || value % 10 === 0)) continue; // 1.00, 400: settings, not measurements
    // bare integers are mostly settings, sizes and status codes (128, 429, 1024): only counts with a
    // thousands separator are checked (12,014,339 parameters)
    if (!decimals && !m[1]!.includes(",")) continue;
    out.push({ value, decimals, percent: Boolean(m[3]), raw: m[0], index: m.index! });
  }
  return out;
}

/** Whether a typed number equals a stored value at the typed rounding (percentages: value × 100 too). */
export function sameAtRounding(t: Pick<Typed, "value" | "decimals" | "percent">, v: number): boolean {
  const round = (x: number): number => Number(x.toFixed(t.decimals));
  return round(v) === t.value || (t.percent && round(v * 100) === t.value);
}

// Figures quoted from a source, with the citation that sits beside them. Each entry: where, the
// number as typed, and why it is not ours to compute. A figure here must not come from results/.
const QUOTED: { where: RegExp; raw: string; why: string }[] = [
  { where: /^notebooks\/src\/02-/, raw: "0.0425", why: "an assumed price, $ per vCPU-hour: half of AWS c6i.large on demand, cited in the cell" },
  { where: /^slides\/01-/, raw: "90.4%", why: "KirundiNews test-in-train leakage, quoted from npc_gzip issue #13 on the slide" },
  { where: /^slides\/06-/, raw: "4.877", why: "Lan–DeMets published boundaries, cited on the slide (ours match them)" },
  { where: /^slides\/06-/, raw: "3.357", why: "Lan–DeMets published boundaries" },
  { where: /^slides\/06-/, raw: "2.680", why: "Lan–DeMets published boundaries" },
  { where: /^slides\/06-/, raw: "2.290", why: "Lan–DeMets published boundaries" },
  { where: /^slides\/06-/, raw: "2.031", why: "Lan–DeMets published boundaries" },
  { where: /^(notebooks\/src\/05b?-|slides\/05-)/, raw: "50,257", why: "GPT-2's vocabulary size (Radford et al. 2019), a property of the tokenizer" },
  { where: /^slides\/05-/, raw: "1,024", why: "the static KV cache's capacity, a setting of npm run bench:decode" },
];

describe("typedNumbers and sameAtRounding", () => {
  it("finds figures with three or more significant digits, skipping names, versions, years and code", () => {
    const got = typedNumbers("accuracy 0.876 vs 4.04× and 95.3 % on r8 in 2023, `0.999` v2 Node 24.22.3 §10, 1,024 slots, 400 rows, 429 status, 1.00×, 12,014,339 parameters");
    expect(got.map((t) => [t.value, t.decimals, t.percent])).toEqual([[0.876, 3, false], [4.04, 2, false], [95.3, 1, true], [1024, 0, false], [12014339, 0, false]]);
  });
  it("compares at the typed rounding", () => {
    expect(sameAtRounding({ value: 4.04, decimals: 2, percent: false }, 4.0361)).toBe(true);
    expect(sameAtRounding({ value: 4.04, decimals: 2, percent: false }, 4.05)).toBe(false);
    expect(sameAtRounding({ value: 95.3, decimals: 1, percent: true }, 0.9534)).toBe(true);
    expect(sameAtRounding({ value: 246, decimals: 0, percent: false }, 245.6)).toBe(true);
  });
});

describe("numbers that cannot go stale", () => {
  const stored = resultNumbers();
  it("reads the committed results (a guard that this test has something to compare)", () => {
    expect(stored.length).toBeGreaterThan(1000);
  });
  it("no prose types a figure that a results file provides: compute it, or quote a source with its citation", () => {
    const found: string[] = [];
    for (const p of allProse()) {
      for (const t of typedNumbers(p.text)) {
        const hit = stored.find((s) => sameAtRounding(t, s.value));
        if (!hit) continue;
        if (QUOTED.some((q) => q.where.test(p.where) && q.raw === t.raw.trim())) continue;
        const line = p.text.slice(0, t.index).split("\n").length;
        found.push(`${p.where} (+${line - 1} lines): "${t.raw.trim()}" equals ${hit.value} in ${hit.file}`);
      }
    }
    expect(found, `hand-typed figures that results/ provides (use a {{value}} placeholder in decks, a showMarkdown cell in notebooks, or add a cited source figure to QUOTED):\n${found.join("\n")}`).toEqual([]);
  });
});

describe("README's results section", () => {
  it("is what npm run readme writes from the current results (docs/readme-results.md)", async () => {
    const now = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(now.includes(README_BEGIN) && now.includes(README_END), "README.md lost its results markers").toBe(true);
    expect(await regeneratedReadme(now, root), "README.md's results section is stale: run npm run readme").toBe(now);
  });
});

/** Every name lib/ and the exercises export (functions, classes, constants, types), read from their sources. */
function libExports(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) {
        for (const m of fs.readFileSync(p, "utf8").matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]!);
        for (const m of fs.readFileSync(p, "utf8").matchAll(/^export\s*\{([^}]*)\}/gm)) for (const n of m[1]!.split(",")) names.add(n.trim().split(/\s+as\s+/).pop()!.trim());
      }
    }
  };
  walk(path.join(root, "lib"));
  walk(path.join(root, "exercises")); // the functions a learner writes, named in each notebook's exercises
  return names;
}

/**
 * Function names written in backticks in prose: `camelCase` or `camelCase(…)` with at least one
 * capital after a lower-case start (field names in backticks, like `onFront`, are named by the
 * allow-list below when they are not lib exports).
 */
export function backtickedFunctions(text: string): string[] {
  return [...stripNonProse(text).matchAll(/`([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)(\([^`]*\))?`/g)].map((m) => m[1]!);
}

// Names in prose that are not lib exports on purpose: JavaScript/Node built-ins, tslab's and the
// libraries' own API, results fields and options the prose explains. Each with its reason.
const NOT_LIB: Record<string, string> = {
  setImmediate: "Node.js built-in",
  enableProfiling: "an onnxruntime-node session option",
  preferredOutputLocation: "an onnxruntime-node session option",
  rootDirs: "a tsconfig.json option",
  maxGap: "a parameter of exercise 02.4, thresholdForEqualOpportunity",
};

describe("function names in prose exist", () => {
  const exported = libExports();
  it("reads lib's exports (a guard)", () => {
    expect(exported.has("ncd") || exported.has("parsePercentNotebook")).toBe(true);
    expect(exported.size).toBeGreaterThan(500);
    expect(backtickedFunctions("call `knnEvaluate(rows)` and `showTable`, not `x` or `Foo`")).toEqual(["knnEvaluate", "showTable"]);
  });
  it("every `functionName` in notebook Markdown, decks and README is exported by lib/ (or allow-listed with a reason)", () => {
    const missing: string[] = [];
    for (const p of allProse()) for (const n of backtickedFunctions(p.text)) if (!exported.has(n) && !(n in NOT_LIB)) missing.push(`${p.where}: \`${n}\``);
    expect(missing, `names in prose that lib/ does not export (rename, export, or say in NOT_LIB why it is not lib's):\n${missing.join("\n")}`).toEqual([]);
  });
});
