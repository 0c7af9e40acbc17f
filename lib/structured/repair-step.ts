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
