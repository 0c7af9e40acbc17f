/**
 * Zod errors in words: one formatter of issue paths and messages for every boundary that
 * validates with zod (structured output, LLM traces, request bodies, manifests, results files).
 * @packageDocumentation
 */
import type { z } from "zod";

/**
 * An issue path in the form a reader types it: `person.age`, `items[2].name`,
 * `["marital-status"]` (keys that are not identifiers are quoted); `root` for the empty path.
 * @param path the issue's path (zod's `issue.path`)
 * @param root what to write for the empty path; default `"(root)"`
 * @example formatIssuePath(["rows", 2, "marital-status"]) // 'rows[2]["marital-status"]'
 */
export function formatIssuePath(path: readonly PropertyKey[], root = "(root)"): string {
  if (!path.length) return root;
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else if (typeof p === "string" && /^[A-Za-z_$][\w$]*$/.test(p)) s += s === "" ? p : `.${p}`;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

/**
 * One sentence per zod issue, `path: message`, joined by `"; "`
 * (e.g. `inputs[2]: Expected string, received number; model: Required`).
 * @param error a zod error (from `safeParse(...).error`)
 * @param root what to call the whole value when an issue has an empty path; default `"(root)"`
 */
export function describeZodIssues(error: z.ZodError, root = "(root)"): string {
  return error.issues.map((i) => `${formatIssuePath(i.path, root)}: ${i.message}`).join("; ");
}
