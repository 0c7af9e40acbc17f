import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePlaceholders } from "../scripts/slides";
import { parsePercentNotebook, headingAbove } from "../lib/nb/percent";

// Slide pointers name a notebook cell by its stable id (`{{cell 02 #pareto-front}}`, the cell's
// `// %% id=pareto-front` header). A pointer fails here when the id does not exist, or when the cell it
// lands on (with the heading above it) does not contain what the id names: moving an id onto an
// unrelated cell, or rewriting the section away, is caught.
const root = path.resolve(__dirname, "..");
const slidesDir = path.join(root, "slides");
const srcDir = path.join(root, "notebooks", "src");
const decks = fs.readdirSync(slidesDir).filter((f) => /^\d\d-.+\.md$/.test(f)).sort();
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

describe("parsePercentNotebook", () => {
  it("reads ids from headers, numbers the rest, strips Markdown comment marks", () => {
    const cells = parsePercentNotebook("// %% [markdown] id=intro\n// # Title\n// text\n\n// %%\nconst x = 1;\n\n// %% id=sum\nx + 1;\n");
    expect(cells.map((c) => [c.id, c.stableId, c.kind, c.source, c.line])).toEqual([
      ["intro", true, "markdown", "# Title\ntext", 1],
      ["cell-2", false, "code", "const x = 1;", 5],
      ["sum", true, "code", "x + 1;", 8],
    ]);
    expect(headingAbove(cells, 2)).toBe("Title");
  });

  it("refuses duplicated or malformed ids, naming the line", () => {
    expect(() => parsePercentNotebook("// %% id=a\n1\n// %% id=a\n2\n", "x.ts")).toThrow(/x\.ts, line 3: cell id "a" is already used on line 1/);
    expect(() => parsePercentNotebook("// %% id=Bad_Id\n1\n", "x.ts")).toThrow(/lower-case letters, digits and hyphens/);
  });
});

describe("slide cell pointers", () => {
  const pointers = decks.flatMap((d) =>
    parsePlaceholders(fs.readFileSync(path.join(slidesDir, d), "utf8"), d).filter((p) => p.kind === "cell").map((p) => ({ deck: d, p })),
  );

  it("the decks point at cells (a guard that this test reads them)", () => {
    expect(pointers.length).toBeGreaterThanOrEqual(20);
  });

  it.each(pointers.map((x) => [`${x.deck}:${x.p.line} ${x.p.raw}`, x] as const))("%s", (_label, { deck, p }) => {
    const [nn, target, ...rest] = p.args;
    expect(target?.startsWith("#"), `${deck}, line ${p.line}: ${p.raw} points by text; give the cell an id (// %% id=NAME) and write {{cell ${nn} #NAME}}`).toBe(true);
    expect(rest, `${deck}, line ${p.line}: one id per pointer`).toEqual([]);
    expect(p.pending, `${deck}, line ${p.line}: a cell pointer is never "pending": the notebook exists`).toBeUndefined();
    const file = fs.readdirSync(srcDir).find((f) => f.startsWith(`${nn}-`) && f.endsWith(".ts"));
    expect(file, `${deck}: no notebooks/src/${nn}-*.ts`).toBeDefined();
    const cells = parsePercentNotebook(fs.readFileSync(path.join(srcDir, file!), "utf8"), file);
    const id = target!.slice(1);
    const i = cells.findIndex((c) => c.stableId && c.id === id);
    expect(i, `${deck}, line ${p.line}: notebooks/src/${file} has no cell with id ${id} (ids: ${cells.filter((c) => c.stableId).map((c) => c.id).join(", ")})`).toBeGreaterThanOrEqual(0);
    const where = squash(cells[i]!.source + " " + headingAbove(cells, i));
    expect(where.includes(squash(id)), `${deck}, line ${p.line}: cell #${id} of ${file} (line ${cells[i]!.line}) does not contain "${id.replace(/-/g, " ")}": the id sits on the wrong cell`).toBe(true);
  });
});
