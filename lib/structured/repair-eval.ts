import type { MalformedOutput, StructuredErrorClass } from "./error-model";
import { parseStructuredOutput } from "./parse";
import { repairStructuredOutput } from "./repair";
import { parseSyntax, type OutputSyntax } from "./syntax";
import { structuredRecordFields, structuredRecordSchema } from "./schemas";
import type { StructuredSource } from "./records";
import { getTokenCounter, type StructuredTokenizerName } from "./tokens";

/** Deep equality of JSON values (object key order ignored). */
export function jsonValuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonValuesEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonValuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The prompt a record's extraction would be sent with (instructions and field list; the input
 * document itself is the `{input}` placeholder, not filled in, so costs built on it are a lower
 * bound).
 */
export function structuredPromptTemplate(source: StructuredSource, syntax: OutputSyntax): string {
  const fmt = syntax === "json" ? "JSON" : "YAML";
  return [
    `Extract one record from the input below. Reply with ${fmt} only, with no explanation and no code fence:`,
    `one object with exactly these fields: ${structuredRecordFields(source).join(", ")}.`,
    `Nested fields (a.b) are nested objects. Use null for a field the input does not give.`,
    ``,
    `Input:`,
    `{input}`,
  ].join("\n");
}

/** One row of the repair evaluation: success before and after repair, and what re-prompting would cost. */
export interface RepairEvaluationRow {
  /** Syntax of the outputs. */
  syntax: OutputSyntax;
  /** Error class (outputs carrying it, alone or with others), or the group label. */
  errorClass: StructuredErrorClass | string;
  /** Number of outputs. */
  items: number;
  /** Share that parse (to an object/array) as they are. */
  parsedBefore: number;
  /** Share that parse and pass the schema as they are. */
  validBefore: number;
  /** Share that give exactly the original record as they are. */
  exactBefore: number;
  /** Share that parse after {@link repairStructuredOutput}. */
  parsedAfter: number;
  /** Share that pass the schema with `parseStructuredOutput(…, {repair: true})`. */
  validAfter: number;
  /** Share that give exactly the original record after repair. */
  exactAfter: number;
  /** Share that pass the schema after repair but differ from the original (silent errors, e.g. a truncated string). */
  wrongButValidAfter: number;
  /** Mean tokens of the (valid) output. */
  meanOutputTokens: number;
  /** Mean tokens of the prompt template. */
  meanPromptTokens: number;
  /** Tokens that re-prompting every output failing validation would cost without repair: Σ (prompt + output). */
  repromptTokensWithoutRepair: number;
  /** The same, for the outputs still failing after repair. */
  repromptTokensWithRepair: number;
  /** Re-prompt tokens saved per 1,000 outputs by repairing first. */
  savedTokensPer1000: number;
}

/** Options of {@link evaluateStructuredRepair}. */
export interface RepairEvaluationOptions {
  /** `"class"`: one row per (syntax, error class) an output carries; `"all"`: one row per syntax labelled `label`. Default `"class"`. */
  groupBy?: "class" | "all";
  /** Label of the rows with `groupBy: "all"`. Default `"all"`. */
  label?: string;
  /** Tokenizer for costs. Default `"o200k_base"`. */
  tokenizer?: StructuredTokenizerName;
  /** The prompt of an output (for its re-prompt cost). Default {@link structuredPromptTemplate}. */
  promptFor?: (item: MalformedOutput) => string;
  /** Passed to the validator's repair: what to do with a value cut by truncation. Default `"drop"`. */
  truncated?: "drop" | "keep";
}

/**
 * Evaluates repair on a corpus from {@link buildMalformedCorpus}: per syntax and error class,
 * the share of outputs that parse, validate (the source's strict zod schema) and equal the
 * original record, before and after repair; and the tokens that re-prompting the failures would
 * cost instead: per failure, tokens(prompt) + tokens(output), the prompt re-sent and the whole
 * output generated again. Rows are ready for a chart.
 * @param options groupBy ("class"), label ("all"), tokenizer ("o200k_base"), promptFor (structuredPromptTemplate), truncated ("drop")
 */
export function evaluateStructuredRepair(items: readonly MalformedOutput[], options: RepairEvaluationOptions = {}): RepairEvaluationRow[] {
  const counter = getTokenCounter(options.tokenizer ?? "o200k_base");
  const promptFor = options.promptFor ?? ((it: MalformedOutput) => structuredPromptTemplate(it.source, it.syntax));
  const promptCache = new Map<string, number>();
  interface Acc {
    syntax: OutputSyntax;
    errorClass: string;
    n: number;
    parsedBefore: number;
    validBefore: number;
    exactBefore: number;
    parsedAfter: number;
    validAfter: number;
    exactAfter: number;
    wrongAfter: number;
    out: number;
    prompt: number;
    costBefore: number;
    costAfter: number;
  }
  const groups = new Map<string, Acc>();
  for (const it of items) {
    const schema = structuredRecordSchema(it.source);
    const raw = parseSyntax(it.text, it.syntax);
    const parsedBefore = raw.ok && typeof raw.value === "object" && raw.value !== null;
    const before = parseStructuredOutput(it.text, schema, { syntax: it.syntax });
    const after = parseStructuredOutput(it.text, schema, { syntax: it.syntax, repair: true, truncated: options.truncated });
    const parsedAfter = repairStructuredOutput(it.text, { syntax: it.syntax }).parses;
    const exactBefore = before.ok && jsonValuesEqual(before.value, it.value);
    const exactAfter = after.ok && jsonValuesEqual(after.value, it.value);
    const prompt = promptFor(it);
    let pt = promptCache.get(prompt);
    if (pt === undefined) promptCache.set(prompt, (pt = counter.count(prompt)));
    const ot = counter.count(it.original);
    const labels = options.groupBy === "all" ? [options.label ?? "all"] : it.classes.length ? it.classes : ["none"];
    for (const label of labels) {
      const key = `${it.syntax}|${label}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { syntax: it.syntax, errorClass: label, n: 0, parsedBefore: 0, validBefore: 0, exactBefore: 0, parsedAfter: 0, validAfter: 0, exactAfter: 0, wrongAfter: 0, out: 0, prompt: 0, costBefore: 0, costAfter: 0 }));
      g.n++;
      g.parsedBefore += +parsedBefore;
      g.validBefore += +before.ok;
      g.exactBefore += +exactBefore;
      g.parsedAfter += +parsedAfter;
      g.validAfter += +after.ok;
      g.exactAfter += +exactAfter;
      g.wrongAfter += +(after.ok && !exactAfter);
      g.out += ot;
      g.prompt += pt;
      if (!before.ok) g.costBefore += pt + ot;
      if (!after.ok) g.costAfter += pt + ot;
    }
  }
  return [...groups.values()].map((g) => ({
    syntax: g.syntax,
    errorClass: g.errorClass,
    items: g.n,
    parsedBefore: g.parsedBefore / g.n,
    validBefore: g.validBefore / g.n,
    exactBefore: g.exactBefore / g.n,
    parsedAfter: g.parsedAfter / g.n,
    validAfter: g.validAfter / g.n,
    exactAfter: g.exactAfter / g.n,
    wrongButValidAfter: g.wrongAfter / g.n,
    meanOutputTokens: g.out / g.n,
    meanPromptTokens: g.prompt / g.n,
    repromptTokensWithoutRepair: g.costBefore,
    repromptTokensWithRepair: g.costAfter,
    savedTokensPer1000: ((g.costBefore - g.costAfter) / g.n) * 1000,
  }));
}
