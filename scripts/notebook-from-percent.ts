/**
 * `npx tsx scripts/notebook-from-percent.ts SRC.ts OUT.ipynb`
 *
 * Authoring aid: turns a "percent" script (cells separated by `// %%` lines, Markdown cells by
 * `// %% [markdown]` with every line starting `// `) into a clean notebook (no outputs) that
 * declares the course kernel. A header `// %% id=NAME` gives the cell a stable nbformat id (slide
 * pointers name it: `{{cell 02 #NAME}}`); other cells get `cell-N`. Notebooks are committed as .ipynb; this is only a way to write them.
 */
import * as fs from "node:fs";
import { COURSE_KERNEL } from "../lib/nb/kernel";
import { parsePercentNotebook } from "../lib/nb/percent";

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error("usage: tsx scripts/notebook-from-percent.ts SRC.ts OUT.ipynb");
  process.exit(2);
}
const text = fs.readFileSync(src, "utf8");
const cells = parsePercentNotebook(text, src).map((c) => {
  const lines = c.source.split("\n").map((l, i, a) => (i < a.length - 1 ? l + "\n" : l));
  return c.kind === "markdown"
    ? { id: c.id, cell_type: "markdown", metadata: {}, source: lines }
    : { id: c.id, cell_type: "code", metadata: {}, source: lines, outputs: [], execution_count: null };
});
const nb = {
  cells,
  metadata: {
    kernelspec: { name: COURSE_KERNEL, display_name: "TypeScript (ML Systems course)", language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
fs.writeFileSync(out, JSON.stringify(nb, null, 1) + "\n");
console.log(`wrote ${out}: ${cells.length} cells`);
