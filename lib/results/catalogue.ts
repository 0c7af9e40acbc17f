/**
 * The results index: every family of committed results files, so that a test can check that each
 * file under `results/` is canonical and parses, and readers can find a file's family.
 * @packageDocumentation
 */
import { resultsRelativePath, type ResultFamily } from "./family";
import { GZIP_KNN, GZIP_KNN_SPEED, GZIP_PYTHON_VS_NODE } from "./gzip";
import { BASELINES } from "./baselines";
import { GPU_BENCH } from "./gpu";
import { SERVING_BENCH, SERVING_OVERLOAD } from "./serving";
import { GZIP_KNN_SCALING } from "./gzip-scaling";
import { OPS_AB, OPS_DATA, OPS_LADDER, OPS_MONITORING, OPS_RELEASE, OPS_STRUCTURED } from "./ops";
import { LLM_BPC, LLM_DECODE, LLM_SAMPLES, LLM_SERVING, LLM_STRUCTURED, LLM_TRACES } from "./llm";

/** Every results family; a file under `results/` must be canonical in exactly one. */
export const RESULT_FAMILIES: readonly ResultFamily[] = [
  GZIP_KNN,
  GZIP_KNN_SPEED,
  GZIP_PYTHON_VS_NODE,
  GZIP_KNN_SCALING,
  BASELINES,
  GPU_BENCH,
  SERVING_BENCH,
  SERVING_OVERLOAD,
  LLM_BPC,
  LLM_SAMPLES,
  LLM_SERVING,
  LLM_DECODE,
  LLM_STRUCTURED,
  LLM_TRACES,
  OPS_RELEASE,
  OPS_AB,
  OPS_MONITORING,
  OPS_DATA,
  OPS_STRUCTURED,
  OPS_LADDER,
];

/** The family whose canonical names include `file` (relative to `results/`), or undefined for an ad-hoc file. */
export function familyOfFile(file: string): ResultFamily | undefined {
  const rel = resultsRelativePath(file);
  return RESULT_FAMILIES.find((f) => f.files.test(rel));
}

/** The command that writes a results file (relative to `results/`), or a hint when no family claims it. */
export function producerOf(file: string): string {
  const rel = resultsRelativePath(file);
  const family = familyOfFile(rel);
  if (family) return family.command(rel);
  const folder = RESULT_FAMILIES.find((f) => f.files.source.startsWith(`^${rel.split("/")[0]}`));
  return folder ? folder.command(rel) : "the script that writes it (see README.md, 'Other commands')";
}
