/**
 * Structured output, measured: what YAML saves over JSON in tokens, how often repair rescues
 * malformed output (and what re-prompting would have cost instead), and the llm-numbers checks.
 *
 *   npm run bench:structured -- [--per-source 100] [--seed 42] [--save]
 *
 * 1. Records: --per-source seeded stratified rows of adult, compas (nested), fine_foods and
 *    ag_news, serialised as pretty JSON (2-space), minified JSON and YAML (yaml.stringify);
 *    tokens with o200k_base, cl100k_base and the tiny Austen model's character tokenizer. Prints
 *    mean tokens per record and the YAML / JSON ratios of totals, with the per-record ratio's
 *    median and p25–p75.
 * 2. Repair: for each syntax and error class, a one-class corpus (every record given that error),
 *    plus a mixed corpus at DEFAULT_STRUCTURED_ERROR_RATES; share parsed / valid (strict zod
 *    schema) / exact before and after repair, and re-prompt tokens (prompt + output per failure).
 * 3. llm-numbers: tokens per word on two Austen novels; memory arithmetic on reference shapes.
 *
 * Writes build/results/llm/structured.json (with --save the committed results/llm/structured.json),
 * with describeMachine().
 */
import * as path from "node:path";
import { repoRoot } from "../lib/data/paths";
import { loadDocument } from "../lib/data/load";
import { describeMachine } from "../lib/compute/machine";
import { LLM_STRUCTURED, writeResult, saveRequested } from "../lib/results/index";
import {
  loadStructuredRecords,
  countFormatTokens,
  summarizeFormatTokens,
  buildMalformedCorpus,
  evaluateStructuredRepair,
  STRUCTURED_ERROR_CLASSES,
  DEFAULT_STRUCTURED_ERROR_RATES,
  measureTokensPerWord,
  modelMemoryBytes,
  kvCacheBytesPerToken,
  kvCacheTokenCapacity,
  LLM_REFERENCE_SHAPES,
  type FormatTokenCount,
  type RepairEvaluationRow,
} from "../lib/structured/index";

import { quantile } from "../lib/stats/quantile";
import { intArg as arg } from "./args";

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const perSource = arg("per-source", 100);
  const seed = arg("seed", 42);
  const t0 = Date.now();

  // ---------------------------------------------------------------- 1. tokens per format
  const records = await loadStructuredRecords({ perSource, seed });
  const counts = countFormatTokens(records);
  const summary = summarizeFormatTokens(counts);
  const byKey = new Map<string, FormatTokenCount>();
  for (const c of counts) byKey.set(`${c.record}|${c.tokenizer}|${c.format}`, c);
  const perRecordRatio = (tokenizer: string, source: string, vs: "json-min" | "json-pretty"): { median: number; p25: number; p75: number } => {
    const xs = counts.filter((c) => c.tokenizer === tokenizer && c.format === "yaml" && (source === "all" || c.source === source)).map((c) => c.tokens / byKey.get(`${c.record}|${tokenizer}|${vs}`)!.tokens);
    return { median: r3(quantile(xs, 0.5)), p25: r3(quantile(xs, 0.25)), p75: r3(quantile(xs, 0.75)) };
  };
  console.log(`\n1. Tokens per record (${records.length} records, ${perSource} per source, seed ${seed})`);
  console.log("source      tokenizer     json-pretty  json-min     yaml   yaml/min (median p25–p75)   yaml/pretty (median p25–p75)");
  const formatRows = summary.map((r) => ({ ...r, meanTokens: r3(r.meanTokens), meanChars: r3(r.meanChars), ratioToMinJson: r3(r.ratioToMinJson), ratioToPrettyJson: r3(r.ratioToPrettyJson) }));
  const spreads: Record<string, unknown>[] = [];
  for (const source of ["adult", "compas", "fine_foods", "ag_news", "all"])
    for (const tokenizer of ["o200k_base", "cl100k_base", "char"]) {
      const get = (f: string) => summary.find((r) => r.source === source && r.tokenizer === tokenizer && r.format === f)!;
      const y = get("yaml");
      const vMin = perRecordRatio(tokenizer, source, "json-min");
      const vPretty = perRecordRatio(tokenizer, source, "json-pretty");
      spreads.push({ source, tokenizer, yamlOverMinJson: vMin, yamlOverPrettyJson: vPretty });
      console.log(
        `${source.padEnd(11)} ${tokenizer.padEnd(12)} ${get("json-pretty").meanTokens.toFixed(1).padStart(11)} ${get("json-min").meanTokens.toFixed(1).padStart(9)} ${y.meanTokens.toFixed(1).padStart(8)}   ${y.ratioToMinJson.toFixed(3)} (${vMin.median.toFixed(3)} ${vMin.p25.toFixed(3)}–${vMin.p75.toFixed(3)})      ${y.ratioToPrettyJson.toFixed(3)} (${vPretty.median.toFixed(3)} ${vPretty.p25.toFixed(3)}–${vPretty.p75.toFixed(3)})`,
      );
    }

  // ---------------------------------------------------------------- 2. repair
  console.log(`\n2. Repair: one-class corpora (every record given that error) and a mixed corpus`);
  const repairRows: RepairEvaluationRow[] = [];
  for (const syntax of ["json", "yaml"] as const) {
    for (const cls of STRUCTURED_ERROR_CLASSES[syntax]) {
      const corpus = buildMalformedCorpus(records, { rates: { [cls]: 1 }, syntaxes: [syntax], seed, onlyCorrupted: true });
      repairRows.push(...evaluateStructuredRepair(corpus).filter((r) => r.errorClass === cls));
      if (cls === "truncation") {
        const keep = evaluateStructuredRepair(corpus, { truncated: "keep", groupBy: "all", label: "truncation (keep cut value)" });
        repairRows.push(...keep);
      }
    }
    const mixed = buildMalformedCorpus(records, { syntaxes: [syntax], seed });
    repairRows.push(...evaluateStructuredRepair(mixed, { groupBy: "all", label: "mixed (default rates)" }));
  }
  console.log("syntax error class                      n   parsed before→after   valid before→after   exact before→after  valid≠orig  re-prompt tokens without→with repair");
  for (const r of repairRows)
    console.log(
      `${r.syntax.padEnd(6)} ${String(r.errorClass).padEnd(29)} ${String(r.items).padStart(4)}   ${pct(r.parsedBefore)} → ${pct(r.parsedAfter)}      ${pct(r.validBefore)} → ${pct(r.validAfter)}     ${pct(r.exactBefore)} → ${pct(r.exactAfter)}    ${pct(r.wrongButValidAfter)}   ${String(r.repromptTokensWithoutRepair).padStart(7)} → ${String(r.repromptTokensWithRepair).padStart(7)}`,
    );

  // ---------------------------------------------------------------- 3. llm-numbers
  const novels = { persuasion: await loadDocument("janeausten", "persuasion"), emma: await loadDocument("janeausten", "emma") };
  const tpw = measureTokensPerWord(novels);
  console.log(`\n3. Tokens per word (llm-numbers: ~1.3)`);
  for (const r of tpw) console.log(`${r.text.padEnd(11)} ${r.tokenizer.padEnd(12)} words ${r.words}  tokens ${r.tokens}  tokens/word ${r.tokensPerWord.toFixed(3)}  chars/token ${r.charsPerToken.toFixed(2)}`);
  const g = LLM_REFERENCE_SHAPES.gpt2Small;
  const l = LLM_REFERENCE_SHAPES.llama13b;
  const memory = {
    llama13bFp16WeightsGB: modelMemoryBytes(l.parameters, "fp16") / 1e9,
    llama13bKvBytesPerTokenFp16: kvCacheBytesPerToken({ ...l, dtype: "fp16" }),
    llama13bKvTokensIn80GB: kvCacheTokenCapacity(80e9, modelMemoryBytes(l.parameters, "fp16"), { ...l, dtype: "fp16" }),
    gpt2SmallFp16WeightsMB: modelMemoryBytes(g.parameters, "fp16") / 1e6,
    gpt2SmallKvBytesPerTokenFp16: kvCacheBytesPerToken({ ...g, dtype: "fp16" }),
    gpt2SmallKvBytesPerTokenFp32: kvCacheBytesPerToken({ ...g, dtype: "fp32" }),
    llama2_70bKvBytesPerTokenFp16: kvCacheBytesPerToken({ ...LLM_REFERENCE_SHAPES.llama2_70b, dtype: "fp16" }),
  };
  console.log(`\n   13B fp16 weights ${memory.llama13bFp16WeightsGB.toFixed(1)} GB; KV ${memory.llama13bKvBytesPerTokenFp16} B/token (llm-numbers: ~1 MB); ${memory.llama13bKvTokensIn80GB} tokens of KV fit beside it in 80 GB`);
  console.log(`   GPT-2 small: weights ${memory.gpt2SmallFp16WeightsMB.toFixed(0)} MB fp16; KV ${memory.gpt2SmallKvBytesPerTokenFp16} B/token fp16, ${memory.gpt2SmallKvBytesPerTokenFp32} fp32; Llama 2 70B (GQA, 8 KV heads) ${memory.llama2_70bKvBytesPerTokenFp16} B/token`);

  const out = {
    machine: describeMachine(),
    command: `npm run bench:structured -- --per-source ${perSource} --seed ${seed}${saveRequested() ? " --save" : ""}`,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
    records: { perSource, seed, total: records.length, sources: ["adult", "compas", "fine_foods", "ag_news"] },
    formats: { note: "meanTokens per record; ratios are of totals over the same records; per-record ratio medians with p25–p75 in spread", rows: formatRows, spread: spreads },
    repair: {
      note: "one-class corpora: every record given that error (classes that cannot apply are skipped); mixed: DEFAULT_STRUCTURED_ERROR_RATES. valid = strict zod schema passes; exact = equals the original record; re-prompt tokens = Σ over outputs failing validation of tokens(prompt template) + tokens(output), o200k_base",
      defaultRates: DEFAULT_STRUCTURED_ERROR_RATES,
      rows: repairRows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? r3(v) : v]))),
    },
    tokensPerWord: tpw.map((r) => ({ ...r, tokensPerWord: r3(r.tokensPerWord), charsPerToken: r3(r.charsPerToken) })),
    memory,
  };
  const file = await writeResult(LLM_STRUCTURED, "llm/structured.json", out, { save: saveRequested() });
  console.log(`\nwrote ${path.relative(repoRoot(), file)} (${out.seconds} s)${saveRequested() ? "" : "; add --save to write the committed results/"}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
