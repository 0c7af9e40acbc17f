import type { z } from "zod";
import { formatIssuePath } from "../schema/issues";
import { guessSyntax, parseSyntax, type OutputSyntax, type StructuredIssue } from "./syntax";
import { repairStructuredOutput, type RepairOptions } from "./repair";
import type { RepairStep } from "./repair-step";

/** Options of {@link parseStructuredOutput}. */
export interface ParseStructuredOptions {
  /** Syntax to read. Default `"auto"`: JSON when the output starts with `{`/`[` (after a code fence), YAML otherwise ({@link guessSyntax}). */
  syntax?: OutputSyntax | "auto";
  /**
   * Default false: the text must be valid as it is. With true, output that fails is passed
   * through {@link repairStructuredOutput} and read again; if valid text fails the schema, the
   * repairs are also tried on it (`trustValid: false`), and YAML re-indentation is tried with
   * both tie rules; a repaired text is kept only when the schema passes on it.
   */
  repair?: boolean;
  /** With `repair`: what to do with a value cut by truncation, see {@link RepairOptions}. Default `"drop"`. */
  truncated?: "drop" | "keep";
}

/** Result of {@link parseStructuredOutput}. */
export type StructuredParseResult<T> =
  | {
      ok: true;
      /** The validated value (the schema's output type). */
      value: T;
      /** Syntax it was read as. */
      syntax: OutputSyntax;
      /** Repairs applied (empty when the output was valid as it was). */
      repairs: RepairStep[];
    }
  | {
      ok: false;
      /** What is wrong: path + problem, syntax errors with line and column. */
      errors: StructuredIssue[];
      /** Syntax it was read as. */
      syntax: OutputSyntax;
      /** Repairs tried (empty without `repair`). */
      repairs: RepairStep[];
    };

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + "…" : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/**
 * Turns zod issues into {@link StructuredIssue}s: the path in dotted form and a message saying
 * what was expected and what was found.
 */
export function zodIssuesToStructured(error: z.ZodError, value: unknown): StructuredIssue[] {
  return error.issues.map((issue) => {
    const found = valueAt(value, issue.path);
    let message = issue.message;
    if (issue.code === "invalid_type") {
      message = issue.received === "undefined" ? `missing: a required ${issue.expected} field` : `expected ${issue.expected}, found ${describeValue(found)}`;
    } else if (issue.code === "unrecognized_keys") {
      message = `unexpected key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    } else if (issue.code === "invalid_enum_value") {
      message = `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}, found ${describeValue(found)}`;
    } else if (issue.code === "invalid_literal") {
      message = `expected ${JSON.stringify(issue.expected)}, found ${describeValue(found)}`;
    } else if (issue.code === "invalid_union") {
      message = `matches none of the allowed shapes (found ${describeValue(found)})`;
    }
    return { kind: "schema" as const, path: formatIssuePath(issue.path), message };
  });
}

/**
 * Reads model output as JSON or YAML and validates it against a zod schema given by the caller.
 * Returns `{ok: true, value}` or `{ok: false, errors}` with one entry per problem: the path and
 * what is wrong (`person.age: expected number, found the string "41"`), syntax errors with line
 * and column.
 * @param schema any zod schema; use `.strict()` objects to reject extra keys
 * @param options syntax (`"auto"`), repair (false), truncated (`"drop"`)
 * @example
 * const r = parseStructuredOutput('{"age": "41"}', z.object({ age: z.number() }));
 * // r.ok === false, r.errors[0] = { kind: "schema", path: "age", message: 'expected number, found the string "41"' }
 */
export function parseStructuredOutput<S extends z.ZodTypeAny>(text: string, schema: S, options: ParseStructuredOptions = {}): StructuredParseResult<z.output<S>> {
  if (typeof text !== "string") throw new TypeError(`parseStructuredOutput: expected the model's output as a string, got ${text === null ? "null" : typeof text}.`);
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== "function") throw new TypeError("parseStructuredOutput: the second argument must be a zod schema (e.g. z.object({...})).");
  const requested = options.syntax ?? "auto";
  if (requested !== "auto" && requested !== "json" && requested !== "yaml") throw new Error(`parseStructuredOutput: syntax must be "json", "yaml" or "auto", got ${JSON.stringify(requested)}.`);
  const syntax = requested === "auto" ? guessSyntax(text) : requested;
  type R = StructuredParseResult<z.output<S>>;
  const check = (t: string, sx: OutputSyntax, repairs: RepairStep[]): R => {
    const p = parseSyntax(t, sx);
    if (!p.ok) return { ok: false, errors: (p as { errors: StructuredIssue[] }).errors, syntax: sx, repairs };
    const v = schema.safeParse(p.value);
    if (v.success) return { ok: true, value: v.data, syntax: sx, repairs };
    return { ok: false, errors: zodIssuesToStructured(v.error, p.value), syntax: sx, repairs };
  };
  const raw = check(text, syntax, []);
  if (raw.ok || !options.repair) return raw;
  const tries: R[] = [raw];
  const seen = new Set<string>([text]);
  for (const [trustValid, indentTies] of [
    [true, "deeper"],
    [false, "deeper"],
    [true, "shallower"],
    [false, "shallower"],
  ] as const) {
    const rep = repairStructuredOutput(text, { syntax: requested, trustValid, indentTies, truncated: options.truncated });
    if (seen.has(rep.text)) continue;
    seen.add(rep.text);
    const r = check(rep.text, rep.syntax, rep.repairs);
    if (r.ok) return r;
    tries.push(r);
  }
  // the attempt that got furthest: a schema failure beats a syntax failure
  return tries.find((t) => !t.ok && (t as { errors: StructuredIssue[] }).errors.every((e) => e.kind === "schema") && t.repairs.length > 0) ?? raw;
}
