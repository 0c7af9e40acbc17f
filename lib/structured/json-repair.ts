/**
 * JSON repair: the token-level rebuild behind {@link repairStructuredOutput} for JSON output.
 * @packageDocumentation
 */
import type { RepairStep } from "./repair-step";
import { parsesAsCollection } from "./syntax";


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

/**
 * The JSON repair steps of {@link repairStructuredOutput}: cut the prose around the outermost
 * object or array, then rebuild the token stream (comments, Python literals, quotes, keys,
 * commas, string escapes, brackets, truncation). Appends what it did to `repairs`.
 * @param text the output, without a code fence
 * @param trust return as soon as the text parses to an object or array
 * @param truncated drop or keep the values a truncation cut
 * @param repairs the list the applied steps are appended to
 */
export function repairJson(text: string, trust: boolean, truncated: "drop" | "keep", repairs: RepairStep[]): string {
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
