/**
 * The course's notebook sources: "percent" scripts (notebooks/src/NN-name.ts) whose cells are
 * separated by `// %%` lines, Markdown cells by `// %% [markdown]` with every line starting `// `.
 * A header may give the cell a stable id, `// %% id=pareto-front` or `// %% [markdown] id=roofline`,
 * which becomes the nbformat cell `id` and is what slide pointers (`{{cell 02 #pareto-front}}`) name.
 */

/** One cell of a percent source. */
export interface PercentCell {
  /** The stable id from the header (`id=…`), or `cell-N` (1-based position) when none is given. */
  id: string;
  /** True when the header said so (`id=…`); positional ids move when cells are added. */
  stableId: boolean;
  /** Markdown or code. */
  kind: "markdown" | "code";
  /** The cell's text: Markdown without the leading `// `, code as written; trailing blank space trimmed. */
  source: string;
  /** 1-based line of the `// %%` header in the source file. */
  line: number;
}

const ID_RE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Splits a percent source into cells. Throws (naming the line) on a malformed or duplicated `id=`,
 * so that two cells can never share an anchor.
 */
export function parsePercentNotebook(text: string, file = "notebook source"): PercentCell[] {
  const cells: PercentCell[] = [];
  const seen = new Map<string, number>();
  const lines = text.split("\n");
  let current: { header: string; line: number; body: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    const md = current.header.includes("[markdown]");
    const m = /\bid=(\S*)/.exec(current.header);
    if (m && !ID_RE.test(m[1]!)) throw new Error(`${file}, line ${current.line}: cell id "${m[1]}" must be lower-case letters, digits and hyphens (e.g. id=pareto-front).`);
    const id = m ? m[1]! : `cell-${cells.length + 1}`;
    if (seen.has(id)) throw new Error(`${file}, line ${current.line}: cell id "${id}" is already used on line ${seen.get(id)}: give each cell its own id.`);
    seen.set(id, current.line);
    let body = current.body.join("\n").replace(/\s+$/, "");
    if (md) body = body.split("\n").map((l) => l.replace(/^\/\/ ?/, "")).join("\n");
    cells.push({ id, stableId: Boolean(m), kind: md ? "markdown" : "code", source: body, line: current.line });
  };
  lines.forEach((l, i) => {
    if (/^\/\/ %%/.test(l)) {
      flush();
      current = { header: l.slice(5), line: i + 1, body: [] };
    } else current?.body.push(l);
  });
  flush();
  return cells;
}

/** The nearest Markdown heading at or before cell `index` (without `#`, emphasis or backticks), or "". */
export function headingAbove(cells: readonly PercentCell[], index: number): string {
  for (let h = index; h >= 0; h--) {
    const c = cells[h]!;
    if (c.kind !== "markdown") continue;
    const heading = c.source.split("\n").reverse().find((l) => /^#{1,4}\s/.test(l));
    if (heading) return heading.replace(/^#+\s*/, "").replace(/[*_`]/g, "").trim();
  }
  return "";
}
