import * as YAML from "yaml";
import type { JsonValue, StructuredRecord, StructuredSource } from "./records";
import { getTokenCounter, STRUCTURED_TOKENIZERS, type StructuredTokenizerName } from "./tokens";

/**
 * Serialisations compared:
 * - `"json-pretty"`: `JSON.stringify(v, null, 2)`, what models usually print;
 * - `"json-min"`: `JSON.stringify(v)`, no whitespace at all;
 * - `"yaml"`: `yaml.stringify(v)` with the library's defaults (block style, 2-space indent,
 *   long plain strings folded at 80 columns).
 */
export type StructuredFormat = "json-pretty" | "json-min" | "yaml";

/** All formats, in table order. */
export const STRUCTURED_FORMATS: readonly StructuredFormat[] = ["json-pretty", "json-min", "yaml"];

/** Serialises a JSON value in one of the compared formats (see {@link StructuredFormat}). */
export function serializeStructured(value: JsonValue, format: StructuredFormat): string {
  switch (format) {
    case "json-pretty":
      return JSON.stringify(value, null, 2);
    case "json-min":
      return JSON.stringify(value);
    case "yaml":
      return YAML.stringify(value);
    default:
      throw new Error(`serializeStructured: unknown format ${JSON.stringify(format)}; use ${STRUCTURED_FORMATS.join(", ")}.`);
  }
}

/** Token and character counts of one record in one format under one tokenizer. */
export interface FormatTokenCount {
  /** Dataset of the record. */
  source: StructuredSource;
  /** Index of the record in the input list. */
  record: number;
  /** Serialisation. */
  format: StructuredFormat;
  /** Tokenizer. */
  tokenizer: StructuredTokenizerName;
  /** Tokens of the serialised record. */
  tokens: number;
  /** Characters (UTF-16 code units) of the serialised record. */
  chars: number;
}

/** Options of {@link countFormatTokens}. */
export interface FormatTokenOptions {
  /** Formats to serialise into. Default all ({@link STRUCTURED_FORMATS}). */
  formats?: readonly StructuredFormat[];
  /** Tokenizers to count with. Default all ({@link STRUCTURED_TOKENIZERS}). */
  tokenizers?: readonly StructuredTokenizerName[];
}

/**
 * Serialises every record in every format and counts its tokens with every tokenizer: one row
 * per (record, format, tokenizer).
 * @param options formats (all three), tokenizers (o200k_base, cl100k_base, char)
 */
export function countFormatTokens(records: readonly StructuredRecord[], options: FormatTokenOptions = {}): FormatTokenCount[] {
  const formats = options.formats ?? STRUCTURED_FORMATS;
  const counters = (options.tokenizers ?? STRUCTURED_TOKENIZERS).map(getTokenCounter);
  const out: FormatTokenCount[] = [];
  records.forEach((r, i) => {
    for (const format of formats) {
      const text = serializeStructured(r.value, format);
      for (const c of counters) out.push({ source: r.source, record: i, format, tokenizer: c.name, tokens: c.count(text), chars: text.length });
    }
  });
  return out;
}

/** One row of the format comparison: mean tokens per record, and ratios to JSON. */
export interface FormatTokenSummaryRow {
  /** Source dataset, or `"all"`. */
  source: StructuredSource | "all";
  /** Tokenizer. */
  tokenizer: StructuredTokenizerName;
  /** Serialisation. */
  format: StructuredFormat;
  /** Number of records. */
  records: number;
  /** Mean tokens per record. */
  meanTokens: number;
  /** Mean characters per record. */
  meanChars: number;
  /** Total tokens of this format / total tokens of minified JSON (same records, same tokenizer). */
  ratioToMinJson: number;
  /** Total tokens of this format / total tokens of pretty JSON. */
  ratioToPrettyJson: number;
}

/**
 * Summarises {@link countFormatTokens} rows per (source, tokenizer, format), plus `"all"`
 * sources together: mean tokens per record and the ratio of totals to minified and to pretty
 * JSON (so YAML's saving over pretty JSON is `1 − ratioToPrettyJson`). Rows are ready for a
 * grouped bar chart. Ratios are NaN when the counts lack a JSON format.
 */
export function summarizeFormatTokens(counts: readonly FormatTokenCount[]): FormatTokenSummaryRow[] {
  const total = new Map<string, { tokens: number; chars: number; n: number }>();
  const add = (k: string, c: FormatTokenCount): void => {
    const t = total.get(k) ?? { tokens: 0, chars: 0, n: 0 };
    t.tokens += c.tokens;
    t.chars += c.chars;
    t.n++;
    total.set(k, t);
  };
  const sources: (StructuredSource | "all")[] = [];
  const tokenizers: StructuredTokenizerName[] = [];
  const formats: StructuredFormat[] = [];
  for (const c of counts) {
    if (!sources.includes(c.source)) sources.push(c.source);
    if (!tokenizers.includes(c.tokenizer)) tokenizers.push(c.tokenizer);
    if (!formats.includes(c.format)) formats.push(c.format);
    add(`${c.source}|${c.tokenizer}|${c.format}`, c);
    add(`all|${c.tokenizer}|${c.format}`, c);
  }
  sources.push("all");
  const rows: FormatTokenSummaryRow[] = [];
  for (const source of sources)
    for (const tokenizer of tokenizers) {
      const min = total.get(`${source}|${tokenizer}|json-min`);
      const pretty = total.get(`${source}|${tokenizer}|json-pretty`);
      for (const format of formats) {
        const t = total.get(`${source}|${tokenizer}|${format}`);
        if (!t) continue;
        rows.push({
          source,
          tokenizer,
          format,
          records: t.n,
          meanTokens: t.tokens / t.n,
          meanChars: t.chars / t.n,
          ratioToMinJson: min ? t.tokens / min.tokens : NaN,
          ratioToPrettyJson: pretty ? t.tokens / pretty.tokens : NaN,
        });
      }
    }
  return rows;
}
