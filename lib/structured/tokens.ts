import * as fs from "node:fs";
import * as path from "node:path";
import { CharTokenizer } from "../llm/char-tokenizer";
import { repoRoot } from "../data/paths";

/**
 * Tokenizers that structured-output lessons count with:
 * - `"o200k_base"`: GPT-4o / GPT-4.1 / o-series BPE (gpt-tokenizer);
 * - `"cl100k_base"`: GPT-3.5 / GPT-4 BPE (gpt-tokenizer);
 * - `"char"`: the course's tiny Austen model's own character tokenizer (one token per character).
 */
export type StructuredTokenizerName = "o200k_base" | "cl100k_base" | "char";

/** All tokenizer names, in the order tables show them. */
export const STRUCTURED_TOKENIZERS: readonly StructuredTokenizerName[] = ["o200k_base", "cl100k_base", "char"];

/** A tokenizer reduced to what counting needs. */
export interface TextTokenCounter {
  /** Its name. */
  name: StructuredTokenizerName;
  /** Token ids of `text`. */
  encode(text: string): number[];
  /** Number of tokens of `text`. */
  count(text: string): number;
}

interface BpeModule {
  encode: (text: string) => number[];
}

const bpeCache = new Map<string, BpeModule>();

function loadBpe(name: "o200k_base" | "cl100k_base"): BpeModule {
  let m = bpeCache.get(name);
  if (!m) {
    // The CommonJS build of gpt-tokenizer, required lazily: loading one encoding's ranks takes ~1 s.
    // (Explicit `cjs/` subpaths resolve under TypeScript's node10 resolution, tsx and tslab alike.)
    m =
      name === "o200k_base"
        ? (require("gpt-tokenizer/cjs/encoding/o200k_base") as BpeModule)
        : (require("gpt-tokenizer/cjs/encoding/cl100k_base") as BpeModule);
    bpeCache.set(name, m);
  }
  return m;
}

let austenChar: CharTokenizer | undefined;

/**
 * The character tokenizer of the committed tiny model (`models/austen-gpt/config.json`'s
 * vocabulary), read without loading the model itself. Its 81-character alphabet has no `{`, `}`,
 * `<`, `>`, `=` or `|`: counting maps such characters to one (unknown) token each, see
 * {@link countCharTokens}.
 * @param dir model directory. Default `<repo>/models/austen-gpt`.
 */
export function loadAustenCharTokenizer(dir?: string): CharTokenizer {
  if (!dir && austenChar) return austenChar;
  const d = dir ?? path.join(repoRoot(), "models", "austen-gpt");
  const file = path.join(d, "config.json");
  if (!fs.existsSync(file)) throw new Error(`loadAustenCharTokenizer: ${file} not found; pass the folder of a model written by npm run train-gpt.`);
  const meta = JSON.parse(fs.readFileSync(file, "utf8")) as { vocab?: unknown };
  if (!Array.isArray(meta.vocab)) throw new Error(`loadAustenCharTokenizer: ${file} has no "vocab" array.`);
  const tok = new CharTokenizer(meta.vocab as string[]);
  if (!dir) austenChar = tok;
  return tok;
}

/**
 * Token count of `text` under a character tokenizer: one token per character, characters outside
 * the alphabet included (each would be one unknown token). `outOfVocabulary` counts those.
 * @param tokenizer default the tiny Austen model's ({@link loadAustenCharTokenizer})
 */
export function countCharTokens(text: string, tokenizer: CharTokenizer = loadAustenCharTokenizer()): { tokens: number; outOfVocabulary: number } {
  const vocab = new Set(tokenizer.vocab);
  let tokens = 0;
  let outOfVocabulary = 0;
  for (const ch of text) {
    tokens++;
    if (!vocab.has(ch)) outOfVocabulary++;
  }
  return { tokens, outOfVocabulary };
}

/**
 * A token counter by name. The BPE encodings load on first use (about a second each).
 * @example
 * getTokenCounter("cl100k_base").count("hello world"); // 2
 */
export function getTokenCounter(name: StructuredTokenizerName): TextTokenCounter {
  if (name === "char") {
    const tok = loadAustenCharTokenizer();
    return {
      name,
      encode: (text) => Array.from(tok.encode(text, { unknown: " " })),
      count: (text) => [...text].length,
    };
  }
  if (name !== "o200k_base" && name !== "cl100k_base") throw new Error(`getTokenCounter: unknown tokenizer ${JSON.stringify(name)}; use one of ${STRUCTURED_TOKENIZERS.join(", ")}.`);
  const bpe = loadBpe(name);
  return { name, encode: (text) => bpe.encode(text), count: (text) => bpe.encode(text).length };
}

/** Number of tokens of `text` under the named tokenizer (see {@link getTokenCounter}). */
export function countTextTokens(text: string, tokenizer: StructuredTokenizerName = "o200k_base"): number {
  return getTokenCounter(tokenizer).count(text);
}
