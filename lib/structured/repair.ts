import { repairJson } from "./json-repair";
import type { RepairStep } from "./repair-step";
import { guessSyntax, parseSyntax, parsesAsCollection, type OutputSyntax } from "./syntax";
import { repairYaml } from "./yaml-repair";

/** Options of {@link repairStructuredOutput}. */
export interface RepairOptions {
  /** Syntax the output should be in. Default `"auto"` ({@link guessSyntax}; both are tried when the first guess does not parse). */
  syntax?: OutputSyntax | "auto";
  /**
   * Default true: text that already parses (to an object or array) is returned unchanged, so a
   * repair can never alter valid output. With false every repair runs even on valid text (the
   * validator does this when valid text fails its schema, e.g. a YAML `None` that parsed as the
   * string "None", or a prose line that YAML read as a key).
   */
  trustValid?: boolean;
  /**
   * What to do with the values a truncation cut in the middle. Default `"drop"`: remove them
   * (with their keys): the scalar being written and nested arrays/objects left open, so a required
   * field goes missing and the schema reports it, instead of a shortened string or list passing
   * silently (the root keeps its complete members). `"keep"`: close them (string closed, number
   * trimmed, literal completed, brackets closed).
   */
  truncated?: "drop" | "keep";
  /**
   * YAML re-indentation: a line halfway between two levels goes to the `"deeper"` one (default,
   * it stays in the block above it) or the `"shallower"` one. The validator tries both.
   */
  indentTies?: "deeper" | "shallower";
}

/** What {@link repairStructuredOutput} did. */
export interface RepairResult {
  /** The repaired text (the input itself when nothing was changed). */
  text: string;
  /** Syntax the text was repaired as. */
  syntax: OutputSyntax;
  /** True when `text` differs from the input. */
  changed: boolean;
  /** Repairs applied, in order. */
  repairs: RepairStep[];
  /** True when `text` now parses to an object or array. */
  parses: boolean;
  /** The parsed value, when `parses`. */
  value?: unknown;
}

// ---------------------------------------------------------------- shared text steps

/**
 * The content of the first markdown code fence in `text` (an unclosed fence runs to the end),
 * or undefined when there is none.
 */
export function extractCodeFence(text: string): { content: string; info: string } | undefined {
  const open = text.indexOf("```");
  if (open < 0) return undefined;
  let start = open + 3;
  const nl = text.indexOf("\n", start);
  const rest = nl < 0 ? text.slice(start) : text.slice(start, nl);
  let info = "";
  const m = /^[ \t]*([A-Za-z0-9_+-]*)[ \t]*$/.exec(rest);
  if (m) {
    info = m[1]!;
    start = nl < 0 ? text.length : nl + 1;
  } else {
    // inline fence: ```{"a": 1}``` or ```json {"a": 1}```
    const w = /^([A-Za-z]+)[ \t]+/.exec(rest);
    if (w && /^(json5?|jsonc|yaml|yml)$/i.test(w[1]!)) {
      info = w[1]!;
      start += w[0].length;
    }
  }
  const close = text.indexOf("```", start);
  let content = close < 0 ? text.slice(start) : text.slice(start, close);
  if (close < 0) content = content.replace(/`{1,2}\s*$/, ""); // a fence cut mid-way
  return { content: content.replace(/\n[ \t]*$/, "\n").replace(/^\n/, ""), info: info.toLowerCase() };
}

// ---------------------------------------------------------------- entry point

/**
 * Repairs the common ways model output breaks: markdown code fences, prose around the structure,
 * comments, Python literals, single quotes, unquoted keys, trailing/missing commas, truncation
 * (see {@link RepairStep}: by default values the cut left incomplete are dropped, not guessed),
 * YAML tabs and inconsistent indentation.
 *
 * Conservative: with the default `trustValid: true`, text that already parses to an object or
 * array comes back unchanged, and each step runs only while the text still does not parse.
 * Steps only remove decoration, or rewrite tokens that are invalid where they stand; truncated
 * output is closed, not completed, so its value can lack what was cut.
 * @param options syntax (`"auto"`), trustValid (true), truncated (`"drop"`), indentTies (`"deeper"`)
 * @example
 * repairStructuredOutput("Sure!\n```json\n{name: 'Ann', age: 41,}\n```").text; // '{"name": "Ann", "age": 41}'
 */
export function repairStructuredOutput(text: string, options: RepairOptions = {}): RepairResult {
  if (typeof text !== "string") throw new TypeError(`repairStructuredOutput: expected the model's output as a string, got ${text === null ? "null" : typeof text}.`);
  const trust = options.trustValid ?? true;
  const truncated = options.truncated ?? "drop";
  if (truncated !== "drop" && truncated !== "keep") throw new Error(`repairStructuredOutput: truncated must be "drop" or "keep", got ${JSON.stringify(truncated)}.`);
  const requested = options.syntax ?? "auto";
  if (requested !== "auto" && requested !== "json" && requested !== "yaml") throw new Error(`repairStructuredOutput: syntax must be "json", "yaml" or "auto", got ${JSON.stringify(requested)}.`);
  const first = requested === "auto" ? guessSyntax(text) : requested;
  if (trust && parsesAsCollection(text, first)) return { text, syntax: first, changed: false, repairs: [], parses: true, value: (parseSyntax(text, first) as { value: unknown }).value };
  const attempt = (syntax: OutputSyntax): RepairResult => {
    const repairs: RepairStep[] = [];
    let t = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
    const fence = extractCodeFence(t);
    if (fence) {
      t = fence.content;
      repairs.push("fence");
      if (t.includes("```") === false && text.slice(0, text.indexOf("```")).trim() !== "") repairs.push("prose");
    }
    if (!(trust && parsesAsCollection(t, syntax))) t = syntax === "json" ? repairJson(t, trust, truncated, repairs) : repairYaml(t, trust, truncated, options.indentTies ?? "deeper", repairs);
    const parsed = parseSyntax(t, syntax);
    const parses = parsed.ok && typeof parsed.value === "object" && parsed.value !== null;
    return { text: t, syntax, changed: t !== text, repairs: [...new Set(repairs)], parses, ...(parses ? { value: (parsed as { value: unknown }).value } : {}) };
  };
  const r = attempt(first);
  if (r.parses || requested !== "auto") return r;
  const other = attempt(first === "json" ? "yaml" : "json");
  return other.parses ? other : r;
}
