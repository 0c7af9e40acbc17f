import { createRng, type Rng } from "../data/random";
import type { JsonValue, StructuredRecord, StructuredSource } from "./records";
import type { OutputSyntax } from "./syntax";
import * as YAML from "yaml";

/**
 * The ways the error model breaks a valid serialisation (each one seen in real model output):
 * - `fence`: wrapped in a markdown code fence, ```` ```json ```` or ```` ```yaml ```` (1 in 5 without the language);
 * - `prose`: a sentence before ("Sure! Here is the record:"), after ("Let me know if…") or both;
 * - `trailing-commas` (JSON): a comma after the last member of some objects/arrays (each with p = 0.5, at least one);
 * - `unquoted-keys` (JSON): every identifier-like key written bare, JavaScript style;
 * - `single-quotes` (JSON): every remaining string in single quotes, Python `repr` style;
 * - `python-literals`: `true`/`false`/`null` written `True`/`False`/`None`;
 * - `comments`: one or two comment lines (`// …` in JSON, `# …` in YAML);
 * - `truncation`: the whole output cut at a uniform point in 50–95 % of its length (max_tokens);
 * - `tabs` (YAML): indentation written with tabs (one per 2 spaces);
 * - `indentation` (YAML): one entry line (not the first) shifted by one space (−1 or +1).
 * Classes that cannot apply to a text (no literal to rewrite, no indented line) are skipped.
 */
export type StructuredErrorClass = "fence" | "prose" | "trailing-commas" | "unquoted-keys" | "single-quotes" | "python-literals" | "comments" | "truncation" | "tabs" | "indentation";

/** Error classes that apply to each syntax, in the order they are injected. */
export const STRUCTURED_ERROR_CLASSES: Readonly<Record<OutputSyntax, readonly StructuredErrorClass[]>> = {
  json: ["python-literals", "unquoted-keys", "single-quotes", "trailing-commas", "comments", "fence", "prose", "truncation"],
  yaml: ["python-literals", "tabs", "indentation", "comments", "fence", "prose", "truncation"],
};

/** Default per-class injection rates of {@link buildMalformedCorpus} (a mixed, mostly-broken corpus). */
export const DEFAULT_STRUCTURED_ERROR_RATES: Readonly<Partial<Record<StructuredErrorClass, number>>> = {
  fence: 0.4,
  prose: 0.3,
  "trailing-commas": 0.15,
  "unquoted-keys": 0.1,
  "single-quotes": 0.1,
  "python-literals": 0.1,
  comments: 0.1,
  truncation: 0.1,
  tabs: 0.1,
  indentation: 0.15,
};

const LEAD = ["Sure! Here is the record:", "Here is the extracted record.", "Certainly. The result follows", "Output:", "Here is the record in the requested format:"];
const TRAIL = ["Let me know if you need anything else!", "I hope this helps.", "Note: fields I could not find are null.", "All fields were taken from the input."];
const COMMENTS = ["from the input", "TODO: check this field", "inferred", "as given"];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;

// ---------------------------------------------------------------- JSON token model

interface JTok {
  kind: "ws" | "punct" | "key" | "string" | "number" | "literal";
  text: string;
}

function tokenizeJson(text: string): JTok[] {
  const out: JTok[] = [];
  let i = 0;
  const sig = (): JTok | undefined => {
    for (let j = out.length - 1; j >= 0; j--) if (out[j]!.kind !== "ws") return out[j];
    return undefined;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      let j = i;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      out.push({ kind: "ws", text: text.slice(i, j) });
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const prev = sig();
      // a string is a key when it follows "{" or "," inside an object: decided by the next token being ":"
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      out.push({ kind: text[k] === ":" && prev?.text !== ":" ? "key" : "string", text: text.slice(i, j + 1) });
      i = j + 1;
    } else if ("{}[],:".includes(c)) {
      out.push({ kind: "punct", text: c });
      i++;
    } else {
      let j = i;
      while (j < text.length && /[^\s{}[\],:"]/.test(text[j]!)) j++;
      const w = text.slice(i, j);
      out.push({ kind: /^(true|false|null)$/.test(w) ? "literal" : "number", text: w });
      i = j;
    }
  }
  return out;
}

const render = (toks: JTok[]): string => toks.map((t) => t.text).join("");

function pyRepr(s: string): string {
  return "'" + JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'") + "'";
}

function corruptJson(text: string, cls: StructuredErrorClass, rng: Rng): string | undefined {
  const toks = tokenizeJson(text);
  switch (cls) {
    case "python-literals": {
      const lits = toks.filter((t) => t.kind === "literal");
      if (!lits.length) return undefined;
      for (const t of lits) t.text = ({ true: "True", false: "False", null: "None" } as Record<string, string>)[t.text]!;
      return render(toks);
    }
    case "unquoted-keys": {
      const keys = toks.filter((t) => t.kind === "key" && /^"[A-Za-z_$][\w$]*"$/.test(t.text));
      if (!keys.length) return undefined;
      for (const t of keys) t.text = t.text.slice(1, -1);
      return render(toks);
    }
    case "single-quotes": {
      const strs = toks.filter((t) => (t.kind === "key" || t.kind === "string") && t.text.startsWith('"'));
      if (!strs.length) return undefined;
      for (const t of strs) t.text = pyRepr(JSON.parse(t.text) as string);
      return render(toks);
    }
    case "trailing-commas": {
      const sigIdx = toks.map((t, i) => (t.kind === "ws" ? -1 : i)).filter((i) => i >= 0);
      const spots: number[] = []; // token index after which to insert ","
      for (let s = 1; s < sigIdx.length; s++) {
        const t = toks[sigIdx[s]!]!;
        const prev = toks[sigIdx[s - 1]!]!;
        if ((t.text === "}" || t.text === "]") && t.kind === "punct" && prev.text !== "{" && prev.text !== "[") spots.push(sigIdx[s - 1]!);
      }
      if (!spots.length) return undefined;
      let chosen = spots.filter(() => rng.next() < 0.5);
      if (!chosen.length) chosen = [pick(rng, spots)];
      for (const i of chosen.sort((a, b) => b - a)) toks.splice(i + 1, 0, { kind: "punct", text: "," });
      return render(toks);
    }
    case "comments": {
      const lines = text.split("\n");
      const n = 1 + rng.int(2);
      for (let k = 0; k < n; k++) {
        if (lines.length > 2) {
          const at = 1 + rng.int(lines.length - 1); // before a line other than the first
          const indent = /^ */.exec(lines[at]!)![0];
          lines.splice(at, 0, `${indent}// ${pick(rng, COMMENTS)}`);
        } else lines[0] = `/* ${pick(rng, COMMENTS)} */ ` + lines[0];
      }
      return lines.join("\n");
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- YAML lines

const ENTRY = /^(\s*)(?:-\s+)?(?:"[^"]*"|'[^']*'|[A-Za-z_][\w.\-/]*)\s*:(?:\s|$)/;

/** Indices of lines that start an entry (not continuation lines of multi-line strings). */
function entryLines(lines: string[]): number[] {
  const doc = lines.join("\n");
  const out: number[] = [];
  // continuation lines are those inside a multi-line scalar: find them from the parsed document's ranges
  const cst = YAML.parseDocument(doc);
  const inside = new Set<number>();
  const lineStarts: number[] = [];
  let p = 0;
  for (const l of lines) {
    lineStarts.push(p);
    p += l.length + 1;
  }
  const lineOf = (off: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  YAML.visit(cst, {
    Scalar(_, node) {
      if (node.range) for (let l = lineOf(node.range[0]) + 1; l <= lineOf(Math.max(node.range[0], node.range[1] - 1)); l++) inside.add(l);
    },
  });
  lines.forEach((l, i) => {
    if (!inside.has(i) && ENTRY.test(l)) out.push(i);
  });
  return out;
}

function corruptYaml(text: string, cls: StructuredErrorClass, rng: Rng): string | undefined {
  const lines = text.split("\n");
  switch (cls) {
    case "python-literals": {
      let hit = false;
      const entries = new Set(entryLines(lines));
      const out = lines.map((l, i) => {
        if (!entries.has(i)) return l;
        return l.replace(/^(\s*(?:-\s+)?(?:[^\s#:][^:#]*?:\s+|-\s+))(null|true|false)$/, (_, a: string, v: string) => {
          hit = true;
          return a + ({ null: "None", true: "True", false: "False" } as Record<string, string>)[v]!;
        });
      });
      return hit ? out.join("\n") : undefined;
    }
    case "tabs": {
      if (!lines.some((l) => /^ {2}/.test(l))) return undefined;
      return lines.map((l) => l.replace(/^( {2})+/, (s) => "\t".repeat(s.length / 2))).join("\n");
    }
    case "indentation": {
      const entries = entryLines(lines).filter((i) => i > 0);
      if (!entries.length) return undefined;
      const at = pick(rng, entries);
      const l = lines[at]!;
      const ind = /^ */.exec(l)![0].length;
      const shift = ind === 0 || rng.next() < 0.5 ? 1 : -1;
      lines[at] = " ".repeat(ind + shift) + l.slice(ind);
      return lines.join("\n");
    }
    case "comments": {
      const n = 1 + rng.int(2);
      for (let k = 0; k < n; k++) {
        const entries = entryLines(lines);
        const at = pick(rng, entries.length ? entries : [0]);
        const indent = /^\s*/.exec(lines[at]!)![0];
        lines.splice(at, 0, `${indent}# ${pick(rng, COMMENTS)}`);
      }
      return lines.join("\n");
    }
    default:
      return undefined;
  }
}

/**
 * Injects one error class into a valid serialisation (pretty JSON or YAML). Returns undefined
 * when the class cannot apply to this text (e.g. `python-literals` without any true/false/null,
 * `tabs` without indented lines). See {@link StructuredErrorClass} for what each class does.
 */
export function injectStructuredError(text: string, syntax: OutputSyntax, cls: StructuredErrorClass, rng: Rng): string | undefined {
  if (!STRUCTURED_ERROR_CLASSES[syntax]) throw new Error(`injectStructuredError: syntax must be "json" or "yaml", got ${JSON.stringify(syntax)}.`);
  if (!STRUCTURED_ERROR_CLASSES[syntax].includes(cls)) return undefined;
  switch (cls) {
    case "fence": {
      const info = rng.next() < 0.2 ? "" : syntax;
      return "```" + info + "\n" + text.replace(/\n?$/, "\n") + "```";
    }
    case "prose": {
      const r = rng.next();
      const lead = r < 0.7 ? pick(rng, LEAD) + (rng.next() < 0.5 ? "\n\n" : "\n") : "";
      const trail = r >= 0.4 ? "\n\n" + pick(rng, TRAIL) : "";
      return lead + text.replace(/\n$/, "") + trail;
    }
    case "truncation": {
      const cut = Math.floor(text.length * (0.5 + 0.45 * rng.next()));
      return text.slice(0, Math.max(1, cut));
    }
    default:
      return syntax === "json" ? corruptJson(text, cls, rng) : corruptYaml(text, cls, rng);
  }
}

/** One model output of the corpus: a valid serialisation with zero or more injected errors. */
export interface MalformedOutput {
  /** Position in the corpus. */
  id: number;
  /** Source dataset of the record. */
  source: StructuredSource;
  /** Index of the record in the input list. */
  record: number;
  /** Syntax the output is in (JSON: pretty, 2-space; YAML: yaml.stringify). */
  syntax: OutputSyntax;
  /** Error classes injected, in order (empty: the output is valid). */
  classes: StructuredErrorClass[];
  /** The valid serialisation before injection. */
  original: string;
  /** The output after injection. */
  text: string;
  /** The record's value (what a perfect parse gives). */
  value: JsonValue;
}

/** Options of {@link buildMalformedCorpus}. */
export interface MalformedCorpusOptions {
  /** Per-class probability of injection. Default {@link DEFAULT_STRUCTURED_ERROR_RATES}; classes left out are never injected. */
  rates?: Partial<Record<StructuredErrorClass, number>>;
  /** Seed of the generator (createRng). Default 42. */
  seed?: number;
  /** Syntaxes to serialise each record in. Default `["json", "yaml"]`. */
  syntaxes?: readonly OutputSyntax[];
  /** Leave out outputs that got no error. Default false. */
  onlyCorrupted?: boolean;
}

/**
 * The error model: serialises each record (pretty JSON / YAML), then for each applicable class,
 * in the order of {@link STRUCTURED_ERROR_CLASSES}, injects it with probability `rates[class]`.
 * Content errors come first, then fence and prose, then truncation (a cut hits the whole
 * output). The same records, rates and seed always give the same corpus.
 * With `rates: {[c]: 1}` it gives a one-class corpus, for per-class repair rates.
 * @param options rates (DEFAULT_STRUCTURED_ERROR_RATES), seed (42), syntaxes (json, yaml), onlyCorrupted (false)
 */
export function buildMalformedCorpus(records: readonly StructuredRecord[], options: MalformedCorpusOptions = {}): MalformedOutput[] {
  const rates = options.rates ?? DEFAULT_STRUCTURED_ERROR_RATES;
  for (const [k, v] of Object.entries(rates)) {
    if (!STRUCTURED_ERROR_CLASSES.json.includes(k as StructuredErrorClass) && !STRUCTURED_ERROR_CLASSES.yaml.includes(k as StructuredErrorClass)) throw new Error(`buildMalformedCorpus: unknown error class ${JSON.stringify(k)}.`);
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new RangeError(`buildMalformedCorpus: rate of ${k} must be in [0, 1], got ${v}.`);
  }
  const rng = createRng(options.seed ?? 42);
  const out: MalformedOutput[] = [];
  records.forEach((rec, ri) => {
    for (const syntax of options.syntaxes ?? (["json", "yaml"] as const)) {
      const original = syntax === "json" ? JSON.stringify(rec.value, null, 2) : YAML.stringify(rec.value);
      let text = original;
      const classes: StructuredErrorClass[] = [];
      for (const cls of STRUCTURED_ERROR_CLASSES[syntax]) {
        const rate = rates[cls] ?? 0;
        if (rate <= 0 || rng.next() >= rate) continue;
        const next = injectStructuredError(text, syntax, cls, rng);
        if (next === undefined) continue;
        text = next;
        classes.push(cls);
      }
      if (options.onlyCorrupted && !classes.length) continue;
      out.push({ id: out.length, source: rec.source, record: ri, syntax, classes, original, text, value: rec.value });
    }
  });
  return out;
}
