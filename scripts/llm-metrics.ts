/**
 * Prints the LLM serving metrics of a JSONL trace as JSON (GenAI-Perf / vLLM definitions, with
 * llmperf's inter-token latency beside them).
 *
 *   npm run llm-metrics -- --trace FILE.jsonl [--slo-ttft MS] [--slo-tpot MS] [--slo-e2e MS]
 *                          [--duration MS] [--per-request] [--tokenizer gpt]
 *
 * One request per line: {"id", "sent": ms, "input_tokens": n, "tokens": [{"t": ms, "text": "..."}]}.
 * Exit code 2 on bad arguments, 1 on an invalid trace (the message names the line and field).
 */
import { computeLlmMetrics, readLlmTraceFile, type LlmSlo } from "../lib/metrics";

const USAGE =
  "usage: npm run llm-metrics -- --trace FILE.jsonl [--slo-ttft MS] [--slo-tpot MS] [--slo-e2e MS] [--duration MS] [--per-request] [--tokenizer gpt]";

function fail(message: string, code: number): never {
  process.stderr.write(`llm-metrics: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): { trace: string; slo: LlmSlo; durationMs?: number; perRequest: boolean; tokenizer?: string } {
  let trace: string | undefined;
  const slo: LlmSlo = {};
  let durationMs: number | undefined;
  let perRequest = false;
  let tokenizer: string | undefined;
  const num = (flag: string, v: string | undefined): number => {
    const x = v === undefined ? NaN : Number(v);
    if (!Number.isFinite(x) || x <= 0) fail(`${flag} needs a positive number of milliseconds, got ${v === undefined ? "nothing" : JSON.stringify(v)}\n${USAGE}`, 2);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--trace":
        trace = value();
        break;
      case "--slo-ttft":
        slo.ttftMs = num(flag, value());
        break;
      case "--slo-tpot":
        slo.tpotMs = num(flag, value());
        break;
      case "--slo-e2e":
        slo.e2eMs = num(flag, value());
        break;
      case "--duration":
        durationMs = num(flag, value());
        break;
      case "--per-request":
        perRequest = true;
        break;
      case "--tokenizer":
        tokenizer = value();
        break;
      case "-h":
      case "--help":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        fail(`unknown argument ${JSON.stringify(a)}\n${USAGE}`, 2);
    }
  }
  if (!trace) fail(`--trace FILE.jsonl is required\n${USAGE}`, 2);
  return { trace, slo, durationMs, perRequest, tokenizer };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let countTokens: ((text: string) => number) | undefined;
  if (args.tokenizer !== undefined) {
    if (args.tokenizer !== "gpt") fail(`--tokenizer: only "gpt" (gpt-tokenizer, o200k_base) is supported, got ${JSON.stringify(args.tokenizer)}`, 2);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { encode } = require("gpt-tokenizer") as { encode: (s: string) => number[] };
    countTokens = (s) => encode(s).length;
  }
  let traces;
  try {
    traces = readLlmTraceFile(args.trace);
  } catch (e) {
    fail((e as Error).message, 1);
  }
  const hasSlo = Object.keys(args.slo).length > 0;
  const report = computeLlmMetrics(traces, { slo: hasSlo ? args.slo : undefined, durationMs: args.durationMs, countTokens });
  const { perRequest, ...rest } = report;
  const out = {
    trace: args.trace,
    tokenCounting: countTokens ? "gpt-tokenizer (o200k_base) over each request's text" : "one token per non-empty chunk",
    definitions: {
      ttftMs: "first non-empty chunk - sent (GenAI-Perf, vLLM)",
      tpotMs: "(e2e - TTFT) / (output tokens - 1), requests with > 1 token (vLLM TPOT = GenAI-Perf inter-token latency)",
      itlMs: "every gap between non-empty chunks after the first, pooled (vLLM ITL)",
      e2eMs: "end (if given) or last non-empty chunk - sent",
      llmperfItlMs: "e2e / output tokens, TTFT included (llmperf); not comparable with itlMs or tpotMs",
      throughput: "per second over duration = last response - first request (GenAI-Perf)",
    },
    ...rest,
    ...(args.perRequest ? { perRequest } : {}),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();
