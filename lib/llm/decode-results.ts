/**
 * Reading the results files `npm run bench:decode` writes (`results/llm/decode-<provider>-<host>.json`):
 * one row per variant, batch and prompt length. The notebook and the decks quote the same comparisons
 * from here.
 * @packageDocumentation
 */

/** One row of a bench:decode results file (a variant that ran has `stepMs`; one that could not, `error`). */
export interface DecodeResultRow {
  /** The variant's name (see `CPU_DECODE_VARIANTS`, `GPU_DECODE_VARIANTS`). */
  variant: string;
  dtype?: string;
  fused?: boolean;
  argmaxInGraph?: boolean;
  staticCache?: boolean;
  /** Rows decoded together. */
  batch: number;
  /** Prompt tokens before the timed steps (files written before 2026-12-04 lack it: 128). */
  promptTokens?: number;
  /** Wall time per decode step, ms. */
  stepMs?: { p50: number; p25?: number; p75?: number; min?: number; count?: number };
  /** Why the variant did not run on this provider. */
  error?: string;
}

/** The prompt length of rows that do not record one (the bench's default). */
export const DEFAULT_DECODE_PROMPT = 128;

/** Median step time of `variant` at this batch and prompt length, or undefined when it did not run. */
export function decodeStepMs(rows: readonly DecodeResultRow[], variant: string, batch = 1, prompt = DEFAULT_DECODE_PROMPT): number | undefined {
  return rows.find((r) => r.variant === variant && r.batch === batch && (r.promptTokens ?? DEFAULT_DECODE_PROMPT) === prompt)?.stepMs?.p50;
}

/** A static cache against the growing cache of the same graph otherwise, at batch 1, after two prompt lengths. */
export interface StaticCacheComparison {
  /** The static-cache variant. */
  staticVariant: string;
  /** The growing-cache variant with the same dtype, fusion and argmax. */
  growingVariant: string;
  /** The long prompt's length (the short one is {@link DEFAULT_DECODE_PROMPT}). */
  longPrompt: number;
  /** Median step ms, static cache: after the short and the long prompt. */
  staticMs: { short: number; long: number };
  /** Median step ms, growing cache: after the short and the long prompt. */
  growingMs: { short: number; long: number };
}

/**
 * Finds the static-cache variant and its growing-cache twin (same dtype, fused, argmax in graph) and
 * their batch-1 step times after the default and the long prompt; null when the file lacks any of
 * the four.
 */
export function compareStaticCache(rows: readonly DecodeResultRow[]): StaticCacheComparison | null {
  const stat = rows.find((r) => r.staticCache && r.stepMs);
  if (!stat) return null;
  const twin = rows.find((r) => r.stepMs && !r.staticCache && r.fused === stat.fused && r.dtype === stat.dtype && r.argmaxInGraph === stat.argmaxInGraph);
  const longPrompt = rows.find((r) => (r.promptTokens ?? DEFAULT_DECODE_PROMPT) > DEFAULT_DECODE_PROMPT)?.promptTokens;
  if (!twin || longPrompt === undefined) return null;
  const s = decodeStepMs(rows, stat.variant), sl = decodeStepMs(rows, stat.variant, 1, longPrompt);
  const g = decodeStepMs(rows, twin.variant), gl = decodeStepMs(rows, twin.variant, 1, longPrompt);
  if (s === undefined || sl === undefined || g === undefined || gl === undefined) return null;
  return { staticVariant: stat.variant, growingVariant: twin.variant, longPrompt, staticMs: { short: s, long: sl }, growingMs: { short: g, long: gl } };
}
