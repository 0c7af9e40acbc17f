import * as fs from "node:fs";
import { z } from "zod";
import { formatIssuePath } from "../schema/issues";

/**
 * Schema of one streamed chunk of a response: when it arrived and the text it carried.
 * A chunk with empty text (a role header, a keep-alive, a final usage record) is not a token.
 */
export const llmChunkSchema = z.object({
  /** Arrival time in ms, on the same clock as `sent`. */
  t: z.number().finite(),
  /** Text the chunk carried ("" for an empty chunk). */
  text: z.string(),
});

/**
 * Schema of one request of an LLM serving trace (one JSON object per line in a JSONL file):
 * `{ id, sent, input_tokens, tokens: [{ t, text }], end?, error? }`, all times in ms on one clock.
 * Chunk times must not go backwards and must not precede `sent`.
 */
export const llmTraceSchema = z
  .object({
    /** Request id, unique within a trace. */
    id: z.union([z.string(), z.number()]),
    /** When the request was sent, ms. */
    sent: z.number().finite(),
    /** Prompt length in tokens. */
    input_tokens: z.number().int().nonnegative(),
    /** Streamed chunks in arrival order. */
    tokens: z.array(llmChunkSchema),
    /** Optional: when the stream closed, ms (vLLM measures end-to-end latency to here); default the last non-empty chunk (GenAI-Perf). */
    end: z.number().finite().optional(),
    /** Optional: the request failed with this message; it counts as failed and is left out of latency statistics. */
    error: z.string().optional(),
  })
  .superRefine((r, ctx) => {
    let prev = r.sent;
    r.tokens.forEach((c, i) => {
      if (c.t < r.sent) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["tokens", i, "t"], message: `chunk time ${c.t} is before the request was sent (${r.sent})` });
      } else if (c.t < prev) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["tokens", i, "t"], message: `chunk time ${c.t} goes backwards (previous chunk at ${prev}); chunks must be in arrival order` });
      }
      prev = Math.max(prev, c.t);
    });
    if (r.end !== undefined && r.end < prev) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["end"], message: `end ${r.end} is before the last chunk (${prev})` });
    }
  });

/** One streamed chunk (type inferred from {@link llmChunkSchema}). */
export type LlmChunk = z.infer<typeof llmChunkSchema>;
/** One request of a serving trace (type inferred from {@link llmTraceSchema}). */
export type LlmTrace = z.infer<typeof llmTraceSchema>;

/** A problem found while reading a JSONL trace: which line, which field, what is wrong. */
export interface LlmTraceIssue {
  /** 1-based line number in the file. */
  line: number;
  /** Path of the offending field, e.g. `tokens[2].t`; "" for the whole line. */
  field: string;
  /** What is wrong. */
  message: string;
}

/** Thrown by {@link parseLlmTraceJsonl} with every issue found (up to 20), each naming its line and field. */
export class LlmTraceParseError extends Error {
  /** The issues, in line order. */
  readonly issues: LlmTraceIssue[];
  constructor(source: string, issues: LlmTraceIssue[], more: number) {
    const lines = issues.map((i) => `  ${source}:${i.line}: ${i.field ? `field "${i.field}": ` : ""}${i.message}`);
    if (more > 0) lines.push(`  … and ${more} more`);
    super(
      `invalid LLM trace ${source} (${issues.length + more} problem${issues.length + more === 1 ? "" : "s"}):\n${lines.join("\n")}\n` +
        `Each line must be a JSON object {"id", "sent": ms, "input_tokens": n, "tokens": [{"t": ms, "text": "..."}]} (optional "end": ms, "error": "...").`,
    );
    this.name = "LlmTraceParseError";
    this.issues = issues;
  }
}

/**
 * Parses a JSONL serving trace (one request per line; blank lines skipped), validating each
 * line with {@link llmTraceSchema}. Throws an {@link LlmTraceParseError} listing every bad line
 * with its number and the field that is wrong; duplicate ids are an error too.
 * @param text file contents
 * @param source name used in error messages; default "trace"
 */
export function parseLlmTraceJsonl(text: string, source = "trace"): LlmTrace[] {
  const out: LlmTrace[] = [];
  const issues: LlmTraceIssue[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      issues.push({ line, field: "", message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const r = llmTraceSchema.safeParse(json);
    if (!r.success) {
      for (const iss of r.error.issues) issues.push({ line, field: formatIssuePath(iss.path, ""), message: iss.message });
      return;
    }
    const key = `${typeof r.data.id}:${r.data.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ line, field: "id", message: `id ${JSON.stringify(r.data.id)} already used on line ${first}; ids must be unique` });
      return;
    }
    seen.set(key, line);
    out.push(r.data);
  });
  if (issues.length > 0) throw new LlmTraceParseError(source, issues.slice(0, 20), Math.max(0, issues.length - 20));
  if (out.length === 0) throw new LlmTraceParseError(source, [{ line: 1, field: "", message: "the trace holds no requests" }], 0);
  return out;
}

/**
 * Reads and validates a JSONL trace file (see {@link parseLlmTraceJsonl}).
 * @param path file path
 */
export function readLlmTraceFile(path: string): LlmTrace[] {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read trace file ${path}: ${(e as Error).message}`);
  }
  return parseLlmTraceJsonl(text, path);
}

/**
 * Serialises traces as JSONL (one request per line), the format {@link parseLlmTraceJsonl} reads.
 * @param traces requests
 */
export function formatLlmTraceJsonl(traces: readonly LlmTrace[]): string {
  return traces.map((t) => JSON.stringify(t)).join("\n") + "\n";
}
