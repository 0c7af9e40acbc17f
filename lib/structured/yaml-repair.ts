/**
 * YAML repair: the line-level steps behind {@link repairStructuredOutput} for YAML output.
 * @packageDocumentation
 */
import type { RepairStep } from "./repair-step";
import { parseSyntax, parsesAsCollection } from "./syntax";


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

/**
 * The YAML repair steps of {@link repairStructuredOutput}, each run only while the text does
 * not parse: tabs, prose lines, Python `None`, indentation, truncation. Appends what it did to `repairs`.
 * @param text the output, without a code fence
 * @param trust return as soon as the text parses to an object or array
 * @param truncated drop or keep (close) the entry a truncation cut
 * @param ties where a line halfway between two indentation levels goes
 * @param repairs the list the applied steps are appended to
 */
export function repairYaml(text: string, trust: boolean, truncated: "drop" | "keep", ties: "deeper" | "shallower", repairs: RepairStep[]): string {
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
