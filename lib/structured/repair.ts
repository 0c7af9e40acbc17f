import { guessSyntax, parseSyntax, parsesAsCollection, type OutputSyntax } from "./syntax";

/**
 * A repair that {@link repairStructuredOutput} can apply:
 * - `fence`: took the content of a markdown code fence (```json … ```);
 * - `prose`: dropped text before/after the structure ("Sure! Here is…", "Hope this helps.");
 * - `comments`: removed `//`, `/* *\/` and `#` comments from JSON;
 * - `python-literals`: `True`/`False`/`None` → `true`/`false`/`null`;
 * - `single-quotes`: `'…'` strings → `"…"`;
 * - `unquoted-keys`: `{name: 1}` → `{"name": 1}`;
 * - `trailing-commas`: `[1, 2,]` → `[1, 2]` (also doubled commas);
 * - `missing-commas`: `"a": 1 "b": 2` → `"a": 1, "b": 2`;
 * - `string-escapes`: raw line breaks/tabs inside JSON strings escaped;
 * - `brackets`: a stray or mismatched closing bracket dropped or matched;
 * - `truncation`: output cut off. JSON: a dangling key or comma dropped, and by default (`truncated:
 *   "drop"`) every value the cut left incomplete dropped with its key: the scalar being written
 *   (an unterminated string, a number or literal with nothing after it) and any nested array or
 *   object still open, so that only complete values remain and the root is closed; with
 *   `truncated: "keep"` everything is closed instead (string closed, number trimmed, literal
 *   completed, brackets closed). YAML: the entry with an unterminated quote dropped (or closed)
 *   and a cut last line dropped;
 * - `tabs`: tab indentation in YAML → spaces;
 * - `indentation`: inconsistent YAML indentation re-aligned (2 spaces per level).
 */
export type RepairStep =
  | "fence"
  | "prose"
  | "comments"
  | "python-literals"
  | "single-quotes"
  | "unquoted-keys"
  | "trailing-commas"
  | "missing-commas"
  | "string-escapes"
  | "brackets"
  | "truncation"
  | "tabs"
  | "indentation";

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

// ---------------------------------------------------------------- JSON

/**
 * Index range of the outermost JSON-like structure: from the first `{`/`[` to its matching
 * closer (strings and comments skipped), or to the end when it never closes (truncated).
 */
function jsonSpan(text: string): { start: number; end: number } | undefined {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{" || text[i] === "[") {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\") i++;
        else if (text[i] === "\n" && c === "'") break; // an apostrophe in prose, not a string
        i++;
      }
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const e = text.indexOf("*/", i + 2);
      i = e < 0 ? text.length : e + 1;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return { start, end: i + 1 };
    }
  }
  return { start, end: text.length };
}

type TokKind = "ws" | "open" | "close" | "comma" | "colon" | "key" | "value" | "other";
interface Tok {
  kind: TokKind;
  text: string;
  /** A value the end of input cut (unterminated string, number or literal with nothing after it). */
  partial?: boolean;
}

const LITERALS: Record<string, string> = { true: "true", false: "false", null: "null", True: "true", False: "false", None: "null" };

function interpretSingleQuoted(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e[0] === "u" && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e;
  });
}

/**
 * Rebuilds JSON-like text token by token: drops comments, quotes keys, converts single-quoted
 * strings and Python literals, drops trailing commas, inserts missing commas, escapes raw
 * control characters in strings, and closes what truncation left open. Valid JSON passes
 * through with the same value (its strings, numbers and literals are copied verbatim).
 */
function rebuildJson(text: string, fixes: Set<RepairStep>, truncated: "drop" | "keep"): string {
  const toks: Tok[] = [];
  const stack: ("{" | "[")[] = [];
  const openAt: number[] = []; // index in toks of each open bracket of the stack
  const n = text.length;
  const lastSig = (): Tok | undefined => {
    for (let j = toks.length - 1; j >= 0; j--) if (toks[j]!.kind !== "ws") return toks[j];
    return undefined;
  };
  const popSig = (): void => {
    for (let j = toks.length - 1; j >= 0; j--)
      if (toks[j]!.kind !== "ws") {
        toks.splice(j, 1);
        return;
      }
  };
  const endsValue = (t: Tok | undefined): boolean => !!t && (t.kind === "value" || t.kind === "close");
  /** Before a value or key starts: insert a comma if the previous thing ended a value. */
  const beforeItem = (): void => {
    if (stack.length && endsValue(lastSig())) {
      let j = toks.length;
      while (j > 0 && toks[j - 1]!.kind === "ws") j--;
      toks.splice(j, 0, { kind: "comma", text: "," }); // right after the value, before the whitespace
      fixes.add("missing-commas");
    }
  };
  const keyPosition = (): boolean => {
    const l = lastSig();
    return stack[stack.length - 1] === "{" && (!l || l.kind === "open" || l.kind === "comma");
  };
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\n" || c === "\t" || c === "\r") {
      let j = i;
      while (j < n && /\s/.test(text[j]!)) j++;
      toks.push({ kind: "ws", text: text.slice(i, j) });
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
      fixes.add("comments");
    } else if (c === "/" && text[i + 1] === "*") {
      const e = text.indexOf("*/", i + 2);
      i = e < 0 ? n : e + 2;
      fixes.add("comments");
    } else if (c === "#") {
      while (i < n && text[i] !== "\n") i++;
      fixes.add("comments");
    } else if (c === '"') {
      let j = i + 1;
      let body = "";
      let closed = false;
      while (j < n) {
        const d = text[j]!;
        if (d === "\\") {
          if (j + 1 >= n) break; // a cut escape
          body += text.slice(j, j + 2);
          j += 2;
        } else if (d === '"') {
          closed = true;
          j++;
          break;
        } else if (d === "\n" || d === "\r" || d === "\t") {
          body += d === "\n" ? "\\n" : d === "\r" ? "\\r" : "\\t";
          fixes.add("string-escapes");
          j++;
        } else {
          body += d;
          j++;
        }
      }
      if (!closed) {
        fixes.add("truncation");
        body = body.replace(/\\u[0-9a-fA-F]{0,3}$/, "");
      }
      const isKey = keyPosition();
      if (!isKey) beforeItem();
      const asKey = keyPosition();
      toks.push({ kind: asKey ? "key" : "value", text: `"${body}"`, partial: !closed });
      i = j;
    } else if (c === "'") {
      let j = i + 1;
      let raw = "";
      let closed = false;
      while (j < n) {
        const d = text[j]!;
        if (d === "\\" && j + 1 < n) {
          raw += text.slice(j, j + 2);
          j += 2;
        } else if (d === "'") {
          closed = true;
          j++;
          break;
        } else {
          raw += d;
          j++;
        }
      }
      if (!closed) fixes.add("truncation");
      fixes.add("single-quotes");
      const isKey = keyPosition();
      if (!isKey) beforeItem();
      toks.push({ kind: keyPosition() ? "key" : "value", text: JSON.stringify(interpretSingleQuoted(raw.replace(/\\$/, ""))), partial: !closed });
      i = j;
    } else if (c === "{" || c === "[") {
      if (!keyPosition()) beforeItem();
      stack.push(c);
      openAt.push(toks.length);
      toks.push({ kind: "open", text: c });
      i++;
    } else if (c === "}" || c === "]") {
      const want = c === "}" ? "{" : "[";
      if (!stack.includes(want)) {
        fixes.add("brackets");
        i++;
        continue;
      }
      for (;;) {
        const l = lastSig();
        if (l?.kind === "comma") {
          popSig();
          fixes.add("trailing-commas");
        } else if (l?.kind === "colon") {
          popSig(); // "key": } : drop the dangling key
          if (lastSig()?.kind === "key") popSig();
          fixes.add("truncation");
        } else break;
      }
      while (stack[stack.length - 1] !== want) {
        const open = stack.pop()!;
        openAt.pop();
        toks.push({ kind: "close", text: open === "{" ? "}" : "]" });
        fixes.add("brackets");
      }
      stack.pop();
      openAt.pop();
      toks.push({ kind: "close", text: c });
      i++;
    } else if (c === ",") {
      const l = lastSig();
      if (!l || l.kind === "comma" || l.kind === "open") fixes.add("trailing-commas");
      else toks.push({ kind: "comma", text: "," });
      i++;
    } else if (c === ":") {
      toks.push({ kind: "colon", text: ":" });
      i++;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      let j = i + 1;
      while (j < n && /[0-9eE+\-.]/.test(text[j]!)) j++;
      let num = text.slice(i, j);
      if (j >= n && /[eE+\-.]$/.test(num)) {
        num = num.replace(/[eE+\-.]+$/, "");
        fixes.add("truncation");
      }
      if (num !== "") {
        beforeItem();
        toks.push({ kind: "value", text: num, partial: j >= n });
      }
      i = j;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$-]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if (keyPosition()) {
        toks.push({ kind: "key", text: JSON.stringify(word) });
        fixes.add("unquoted-keys");
      } else if (LITERALS[word] !== undefined) {
        beforeItem();
        toks.push({ kind: "value", text: LITERALS[word]!, partial: j >= n });
        if (LITERALS[word] !== word) fixes.add("python-literals");
      } else if (j >= n && word.length < 5 && ["true", "false", "null", "True", "False", "None"].some((l) => l.startsWith(word))) {
        // a literal cut off at the end: unambiguous from its first letter
        const full = ["true", "false", "null", "True", "False", "None"].find((l) => l.startsWith(word))!;
        beforeItem();
        toks.push({ kind: "value", text: LITERALS[full]!, partial: true });
        fixes.add("truncation");
      } else {
        toks.push({ kind: "other", text: word }); // a bare word we cannot interpret: left as is
      }
      i = j;
    } else {
      toks.push({ kind: "other", text: c });
      i++;
    }
  }
  if (stack.length) {
    fixes.add("truncation");
    // "drop": keep only what was complete: nested arrays/objects the cut left open go entirely
    if (truncated === "drop")
      while (stack.length > 1) {
        toks.length = openAt.pop()!;
        stack.pop();
      }
    for (;;) {
      const l = lastSig();
      if (!l) break;
      if (l.kind === "comma" || l.kind === "key" || l.kind === "colon" || (l.partial && truncated === "drop")) popSig();
      else break;
    }
    while (toks.length && toks[toks.length - 1]!.kind === "ws") toks.pop();
    while (stack.length) toks.push({ kind: "close", text: stack.pop() === "{" ? "}" : "]" });
  }
  return toks.map((t) => t.text).join("");
}

function repairJson(text: string, trust: boolean, truncated: "drop" | "keep", repairs: RepairStep[]): string {
  let t = text;
  const span = jsonSpan(t);
  if (span && (span.start > 0 || span.end < t.length)) {
    const cut = t.slice(span.start, span.end);
    if (t.slice(0, span.start).trim() !== "" || t.slice(span.end).trim() !== "") repairs.push("prose");
    t = cut;
    if (trust && parsesAsCollection(t, "json")) return t;
  }
  const fixes = new Set<RepairStep>();
  const rebuilt = rebuildJson(t, fixes, truncated);
  if (rebuilt !== t) {
    for (const f of ["comments", "python-literals", "single-quotes", "unquoted-keys", "trailing-commas", "missing-commas", "string-escapes", "brackets", "truncation"] as RepairStep[]) if (fixes.has(f)) repairs.push(f);
    t = rebuilt;
  }
  return t;
}

// ---------------------------------------------------------------- YAML

/** A YAML line that starts a mapping entry or a sequence item. */
const YAML_ENTRY = /^\s*(?:-(?:\s|$)|(?:"[^"]*"|'[^']*'|[^\s"'#:{}[\],|>&*!%@`-][^:#]*?)\s*:(?:\s|$))/;
/** A YAML key line (no sequence dash): what cannot be the continuation of a plain scalar. */
const YAML_KEY_LINE = /^\s*(?:"[^"]*"|'[^']*'|[^\s"'#:{}[\],|>&*!%@`-][^:#]*?)\s*:(?:\s|$)/;
/** Entries with identifier-like keys: what prose detection keeps. */
const YAML_PLAIN_KEY = /^\s*(?:-(?:\s|$)|---\s*$|(?:"[^"]*"|'[^']*'|[A-Za-z_][\w.\-/]*)\s*:(?:\s|$))/;
/** A capitalised key with no value or a sentence for value ("Output:", "Note: fields … null."). */
const YAML_PROSE_KEY = /^[A-Z][A-Za-z]*(?: [A-Za-z]+)*:(?:\s+[^:]*[.!?])?\s*$/;

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/**
 * Drops leading lines before the first entry and trailing top-level lines after the last one.
 * With `aggressive` (used only when valid text failed its schema), also a leading or trailing
 * line that reads like prose although YAML takes it for an entry ({@link YAML_PROSE_KEY}).
 */
function stripYamlProse(text: string, aggressive: boolean): string {
  const lines = text.split("\n");
  if (!lines.some((l) => YAML_PLAIN_KEY.test(l))) return text;
  if (/^\s*[{[]/.test(lines.find((l) => l.trim() !== "") ?? "")) return text; // flow style: leave it
  const isProse = (l: string, top: boolean): boolean =>
    (!YAML_PLAIN_KEY.test(l) && !l.trim().startsWith("#") && (top || (/^\S/.test(l) && !l.startsWith("...")))) || (aggressive && YAML_PROSE_KEY.test(l));
  let a = 0;
  while (a < lines.length && (lines[a]!.trim() === "" || isProse(lines[a]!, true))) a++;
  let b = lines.length;
  while (b > a && (lines[b - 1]!.trim() === "" || isProse(lines[b - 1]!, false))) b--;
  if (a === 0 && b === lines.length) return text;
  return lines.slice(a, b).join("\n") + "\n";
}

/** Index just after the closing quote `q` in `s` from `from`, or -1 when it stays open. */
function closingQuote(s: string, from: number, q: string): number {
  for (let i = from; i < s.length; i++) {
    if (q === '"' && s[i] === "\\") {
      i++;
      continue;
    }
    if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

/** The value part of an entry line (after `- ` dashes and `key:`). */
function entryValue(body: string): string {
  let rest = body;
  while (/^-\s+/.test(rest)) rest = rest.replace(/^-\s+/, "");
  const key = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#"']*?)\s*:(?:\s+|$)/.exec(rest);
  return key ? rest.slice(key[0].length) : rest;
}

/** The quote character when the value on this entry line opens a quoted scalar that continues on the next lines. */
function opensQuote(body: string): string | null {
  const value = entryValue(body);
  const q = value[0];
  if (q === '"' || q === "'") return closingQuote(value, 1, q) < 0 ? q : null;
  return null;
}

/**
 * Re-indents YAML block structure: each nesting level gets 2 spaces; a line indented more than
 * its predecessor without that line opening a block is put back on the predecessor's level; a
 * line between two levels goes to the nearer one (ties: `ties`, except that a line opening a
 * block whose next entry is not deeper goes to the shallower one). Continuation lines of
 * multi-line (plain, quoted or block) scalars move with the entry they belong to.
 */
function reindentYaml(text: string, ties: "deeper" | "shallower"): string {
  const lines = text.split("\n");
  const out: string[] = [];
  const stack: { orig: number; now: number }[] = [];
  let prevOpens = false; // the previous entry ends with ":" (a nested block follows)
  let delta = 0; // shift applied to the current entry, for its continuation lines
  let entryIndent = -1; // original indent of the current entry
  let blockScalar = false;
  let plainValue = false; // the current entry has a plain scalar value (it may continue below)
  let inQuote: string | null = null;
  const shifted = (line: string): string => {
    const ind = indentOf(line);
    return " ".repeat(Math.max(0, ind + delta)) + line.slice(ind);
  };
  const isEntryAt = (k: number): boolean => {
    const l = lines[k]!;
    return l.trim() !== "" && !/^\s*#/.test(l) && YAML_ENTRY.test(l);
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (inQuote) {
      out.push(shifted(line));
      if (closingQuote(line, 0, inQuote) >= 0) inQuote = null;
      continue;
    }
    if (line.trim() === "" || /^\s*#/.test(line)) {
      out.push(line);
      continue;
    }
    const ind = indentOf(line);
    const continuation = (blockScalar && ind > entryIndent) || !YAML_ENTRY.test(line) || (plainValue && ind > entryIndent && !YAML_KEY_LINE.test(line));
    if (continuation) {
      out.push(shifted(line)); // continuation of the previous entry's value
      continue;
    }
    const body = line.slice(ind);
    const dash = /^(-\s+)(.*)$/.exec(body);
    const rest = dash ? dash[2]! : body;
    const opens = /:\s*(#.*)?$/.test(rest) || /^-\s*$/.test(body);
    let now: number;
    if (!stack.length) {
      stack.push({ orig: ind, now: 0 });
      now = 0;
    } else {
      const top = stack[stack.length - 1]!;
      if (ind > top.orig) {
        if (prevOpens) {
          stack.push({ orig: ind, now: top.now + 2 });
          now = top.now + 2;
        } else now = top.now;
      } else if (ind === top.orig) now = top.now;
      else {
        while (stack.length > 1 && stack[stack.length - 1]!.orig > ind) {
          const deeper = stack.pop()!;
          const up = stack[stack.length - 1]!;
          if (up.orig < ind) {
            // between two levels: the nearer one; a tie goes by `ties`, but a block opener whose
            // next entry is no deeper than the deeper level cannot sit on that level
            let next = k + 1;
            while (next < lines.length && !isEntryAt(next)) next++;
            const opensShallow = opens && next < lines.length && indentOf(lines[next]!) <= deeper.orig;
            const dDeep = deeper.orig - ind;
            const dUp = ind - up.orig;
            if (!opensShallow && (dDeep < dUp || (dDeep === dUp && ties === "deeper"))) stack.push(deeper);
            break;
          }
        }
        now = stack[stack.length - 1]!.now;
      }
    }
    out.push(" ".repeat(now) + body);
    delta = now - ind;
    entryIndent = ind;
    const value = entryValue(body);
    blockScalar = /^[|>][-+0-9]*\s*(#.*)?$/.test(value);
    prevOpens = opens;
    inQuote = opensQuote(body);
    plainValue = !opens && !blockScalar && !inQuote && value.trim() !== "" && !/^["'[{]/.test(value);
    if (dash && YAML_ENTRY.test(rest)) stack.push({ orig: ind + dash[1]!.length, now: now + 2 }); // "- key: v": the item's mapping
  }
  return out.join("\n");
}

function repairYaml(text: string, trust: boolean, truncated: "drop" | "keep", ties: "deeper" | "shallower", repairs: RepairStep[]): string {
  let t = text;
  const done = (): boolean => trust && parsesAsCollection(t, "yaml");
  const step = (name: RepairStep, f: (s: string) => string): boolean => {
    const next = f(t);
    if (next !== t) {
      t = next;
      repairs.push(name);
    }
    return done();
  };
  if (step("tabs", (s) => s.replace(/^[ \t]+/gm, (ws) => ws.replace(/\t/g, "  ")))) return t;
  if (step("prose", (s) => stripYamlProse(s, !trust))) return t;
  if (step("python-literals", (s) => s.replace(/^(\s*(?:-\s+)?(?:[^\s#:][^:#]*?:\s+|-\s+))None(\s*(?:#.*)?)$/gm, "$1null$2"))) return t;
  if (step("indentation", (s) => reindentYaml(s, ties))) return t;
  // truncation: the entry with an unterminated quote is dropped (or closed), else the cut last line is dropped
  const r = parseSyntax(t, "yaml");
  if (!r.ok) {
    const q = (r as { errors: { message: string }[] }).errors.map((e) => /Missing closing (["'])quote/.exec(e.message)).find(Boolean);
    const lines = t.replace(/\n+$/, "").split("\n");
    if (q && truncated === "keep") {
      const closed = t.replace(/\s+$/, "").replace(/\\$/, "") + q[1] + "\n";
      if (parsesAsCollection(closed, "yaml")) {
        repairs.push("truncation");
        return closed;
      }
    }
    let from = lines.length - 1;
    if (q) {
      // back to the entry whose quoted value never closes
      while (from > 0 && !(YAML_ENTRY.test(lines[from]!) && opensQuote(lines[from]!.trimStart()) === q[1])) from--;
    }
    if (from > 0) {
      const cut = lines.slice(0, from).join("\n") + "\n";
      if (parsesAsCollection(cut, "yaml")) {
        t = cut;
        repairs.push("truncation");
      }
    }
  }
  return t;
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
