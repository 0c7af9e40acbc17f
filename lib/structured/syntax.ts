import * as YAML from "yaml";

/** The two syntaxes a model is asked to answer in. */
export type OutputSyntax = "json" | "yaml";

/** A problem found while reading model output: where (path, line, column) and what. */
export interface StructuredIssue {
  /** `"syntax"`: the text is not valid JSON/YAML; `"schema"`: it parsed but does not fit the schema. */
  kind: "syntax" | "schema";
  /** Path of the offending value, e.g. `person.age`, `items[2].name`; `(document)` for syntax errors, `(root)` for the whole value. */
  path: string;
  /** What is wrong, in words. */
  message: string;
  /** 1-based line of a syntax error, when known. */
  line?: number;
  /** 1-based column of a syntax error, when known. */
  column?: number;
}

/** Result of {@link parseSyntax}. */
export type SyntaxParseResult = { ok: true; value: unknown } | { ok: false; errors: StructuredIssue[] };

function lineColumn(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(pos, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Offset of the first character where `text` stops being JSON (RFC 8259), or -1 when it is
 * valid. Node's own messages give no position for many errors, so the validator finds it here.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const str = (): void => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (e !== undefined && "\"\\/bfnrt".includes(e)) i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
    fail();
  };
  const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (depth: number): void => {
    if (depth > 10_000) fail();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail();
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return str();
    for (const lit of ["true", "false", "null"]) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    num.lastIndex = i;
    const m = num.exec(text);
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value(0);
    ws();
    if (i < n) fail();
    return -1;
  } catch (e) {
    if (typeof e === "number") return e;
    throw e;
  }
}

/**
 * Parses `text` as JSON (`JSON.parse`) or YAML (eemeli/yaml, YAML 1.2 core schema, duplicate
 * keys rejected), without any repair. Syntax errors come back with line and column.
 */
export function parseSyntax(text: string, syntax: OutputSyntax): SyntaxParseResult {
  if (syntax === "json") {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      const off = jsonErrorOffset(text);
      const pos = off < 0 ? undefined : off;
      const what = pos === undefined ? (e as Error).message : pos >= text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(text[pos])}`;
      return { ok: false, errors: [{ kind: "syntax", path: "(document)", message: `not valid JSON: ${what}`, ...(pos === undefined ? {} : lineColumn(text, pos)) }] };
    }
  }
  if (syntax !== "yaml") throw new Error(`parseSyntax: syntax must be "json" or "yaml", got ${JSON.stringify(syntax)}.`);
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    return { ok: false, errors: [{ kind: "syntax", path: "(document)", message: `not valid YAML: ${(e as Error).message}` }] };
  }
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((err) => {
        const pos = err.linePos?.[0];
        return {
          kind: "syntax" as const,
          path: "(document)",
          message: `not valid YAML (${err.code}): ${err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
          ...(pos ? { line: pos.line, column: pos.col } : {}),
        };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    return { ok: false, errors: [{ kind: "syntax", path: "(document)", message: `not valid YAML: ${(e as Error).message}` }] };
  }
}

/** True when `text` parses (no repair) as `syntax` to an object or an array. */
export function parsesAsCollection(text: string, syntax: OutputSyntax): boolean {
  const r = parseSyntax(text, syntax);
  return r.ok && typeof r.value === "object" && r.value !== null;
}

/**
 * A guess at the syntax of model output: JSON when the first non-blank character (after an
 * optional code fence) is `{` or `[`, or when a line starts with one of them; YAML otherwise.
 */
export function guessSyntax(text: string): OutputSyntax {
  const fence = /```[ \t]*([A-Za-z]+)/.exec(text);
  if (fence) {
    const info = fence[1]!.toLowerCase();
    if (info === "json" || info === "json5" || info === "jsonc") return "json";
    if (info === "yaml" || info === "yml") return "yaml";
  }
  const body = text.replace(/```[^\n]*\n?/g, "");
  const first = body.trimStart()[0];
  if (first === "{" || first === "[") return "json";
  if (/^[ \t]*[{[]/m.test(body)) return "json";
  return "yaml";
}
