import { tslabDisplay } from "../nb/env";

/** Options for {@link showTable}. */
export interface TableOptions {
  /** Columns to show, in order. Default: the keys of the first row. */
  columns?: string[];
  /** Rows shown at most (a note says how many were left out). Default 20. */
  maxRows?: number;
  /** Significant decimals for non-integer numbers. Default 4. */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
}

/** A danfojs-like frame: anything with a `toJSON()` giving rows, or `values` and `columns`. */
interface FrameLike {
  columns: string[];
  values: unknown;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function fmt(v: unknown, digits: number): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : Number(v.toPrecision(digits)).toString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function asRows(data: readonly object[] | FrameLike): Record<string, unknown>[] {
  if (Array.isArray(data)) return data as Record<string, unknown>[];
  const f = data as FrameLike;
  if (Array.isArray(f.columns) && Array.isArray(f.values)) {
    const values = f.values as unknown[];
    // a Series has 1-D values; a DataFrame has rows of values
    return values.map((r) => Object.fromEntries(f.columns.map((c, j) => [c, Array.isArray(r) ? r[j] : r])));
  }
  throw new TypeError("showTable: pass an array of row objects or a danfojs DataFrame");
}

/** Renders rows (or a danfojs DataFrame) as an HTML table string. */
export function tableHtml(data: readonly object[] | FrameLike, options: TableOptions = {}): string {
  const rows = asRows(data);
  const cols = options.columns ?? Object.keys(rows[0] ?? {});
  const max = options.maxRows ?? 20;
  const digits = options.digits ?? 4;
  const head = `<tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`;
  const body = rows
    .slice(0, max)
    // numbers align right (so digits line up), text aligns left
    .map((r) => `<tr>${cols.map((c) => `<td${typeof r[c] === "number" || r[c] == null ? "" : ' style="text-align:left"'}>${esc(fmt(r[c], digits))}</td>`).join("")}</tr>`)
    .join("");
  const more = rows.length > max ? `<p style="color:#666;font-size:12px">${rows.length - max} more rows not shown (${rows.length} in all)</p>` : "";
  const cap = options.caption ? `<caption style="text-align:left;font-weight:600">${esc(options.caption)}</caption>` : "";
  return `<table>${cap}${head}${body}</table>${more}`;
}

/**
 * Shows rows as a table: HTML in a notebook, `console.table` in a terminal.
 * Accepts plain row objects or a danfojs DataFrame.
 */
export function showTable(data: readonly object[] | FrameLike, options: TableOptions = {}): void {
  const t = tslabDisplay();
  if (t) {
    t.display.html(tableHtml(data, options));
    return;
  }
  const rows = asRows(data);
  if (options.caption) console.log(options.caption);
  const cols = options.columns;
  console.table(rows.slice(0, options.maxRows ?? 20).map((r) => (cols ? Object.fromEntries(cols.map((c) => [c, r[c]])) : r)));
}

/** Shows Markdown in a notebook (plain text in a terminal). */
export function showMarkdown(md: string): void {
  const t = tslabDisplay();
  if (t) t.display.markdown(md);
  else console.log(md);
}
