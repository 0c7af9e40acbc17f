import { marked } from "marked";

interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface NbCell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: NbOutput[];
}
/** The parts of a Jupyter notebook (nbformat 4) the renderer reads. */
export interface NotebookJson {
  cells: NbCell[];
  metadata?: Record<string, unknown>;
}

const join = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join("") : s ?? "");
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// ANSI colour codes from tracebacks are noise in HTML
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, "");

function renderOutput(o: NbOutput): string {
  if (o.output_type === "stream") {
    return `<pre class="out ${o.name === "stderr" ? "stderr" : ""}">${esc(stripAnsi(join(o.text)))}</pre>`;
  }
  if (o.output_type === "error") {
    return `<pre class="out stderr">${esc(stripAnsi([`${o.ename}: ${o.evalue}`, ...(o.traceback ?? [])].join("\n")))}</pre>`;
  }
  const d = o.data ?? {};
  if (d["text/html"]) return `<div class="out html">${join(d["text/html"])}</div>`;
  if (d["image/svg+xml"]) return `<div class="out">${join(d["image/svg+xml"])}</div>`;
  if (d["image/png"]) return `<div class="out"><img src="data:image/png;base64,${join(d["image/png"]).trim()}"></div>`;
  if (d["text/markdown"]) return `<div class="out md">${marked.parse(join(d["text/markdown"]), { async: false }) as string}</div>`;
  if (d["text/plain"]) return `<pre class="out">${esc(join(d["text/plain"]))}</pre>`;
  return "";
}

const CSS = `body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
pre{background:#f6f8fa;padding:.6em .8em;overflow-x:auto;border-radius:4px;font-size:13px}
.cell{margin:1em 0}.code pre.src{border-left:3px solid #4c78a8}.prompt{color:#888;font:12px monospace}
pre.out{background:#fff;border-left:3px solid #ddd}pre.stderr{background:#fff0f0;border-left-color:#c33}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
.out.html{overflow-x:auto}nav a{margin-right:1em}`;

/**
 * Renders an executed notebook as one static HTML page (markdown, code, outputs; charts keep their
 * inlined Plotly bundle, so the page works offline).
 */
export function notebookToHtml(nb: NotebookJson, title: string, nav = ""): string {
  const body = nb.cells
    .map((c) => {
      const src = join(c.source);
      if (c.cell_type === "markdown") return `<div class="cell md">${marked.parse(src, { async: false }) as string}</div>`;
      if (c.cell_type !== "code") return `<pre>${esc(src)}</pre>`;
      const outs = (c.outputs ?? []).map(renderOutput).join("\n");
      return `<div class="cell code"><div class="prompt">[${c.execution_count ?? " "}]</div><pre class="src"><code>${esc(src)}</code></pre>${outs}</div>`;
    })
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>${nav}\n${body}\n</body></html>\n`;
}

/** One row of the course index page. */
export interface IndexEntry {
  title: string;
  href: string;
  ok: boolean;
  seconds: number;
  engine: string;
  note?: string;
}

/** Renders the index page linking every executed notebook with its status and run time. */
export function courseIndexHtml(entries: IndexEntry[], heading = "ML Systems in Production: executed notebooks"): string {
  const rows = entries
    .map(
      (e) =>
        `<tr><td style="text-align:left"><a href="${e.href}">${esc(e.title)}</a></td><td>${e.ok ? "✓ ran" : "✗ failed"}</td><td>${e.seconds.toFixed(
          1,
        )} s</td><td>${esc(e.engine)}</td><td style="text-align:left">${esc(e.note ?? "")}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(heading)}</title><style>${CSS}</style></head><body><h1>${esc(
    heading,
  )}</h1><p>Generated ${new Date().toISOString()} by <code>npm run course</code>. Plan a week with the <a href="../../SYLLABUS.md">syllabus</a> (pre-reading, a 60-minute core path, deep dives); terms: <a href="../../GLOSSARY.md">glossary</a>.</p><table><tr><th>notebook</th><th>status</th><th>time</th><th>engine</th><th>note</th></tr>${rows}</table></body></html>\n`;
}
