import { describe, it, expect, vi } from "vitest";
import { createProgress, tableHtml, plotHtml, plot } from "../../lib/viz/index";

describe("progress", () => {
  it("line mode reports counts, percent and ETA, and always the final state", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((s: string) => void lines.push(s));
    const p = createProgress({ total: 4, label: "pairs", unit: "pairs", mode: "lines", intervalMs: 0 });
    p.tick();
    p.tick(2);
    p.finish();
    spy.mockRestore();
    expect(lines[0]).toMatch(/^pairs: 1\/4 pairs \(25\.0%\) elapsed \d+s ETA/);
    expect(lines[1]).toMatch(/3\/4 pairs \(75\.0%\)/);
    expect(lines.at(-1)).toMatch(/4\/4 pairs \(100\.0%\)/);
  });
  it("throttles redraws to the interval", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((s: string) => void lines.push(s));
    const p = createProgress({ total: 1000, mode: "lines", intervalMs: 60_000 });
    for (let i = 0; i < 1000; i++) p.tick();
    p.finish();
    spy.mockRestore();
    expect(lines.length).toBe(2); // the first tick and the final line
  });
  it("resumes from a start count", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((s: string) => void lines.push(s));
    createProgress({ total: 10, start: 6, mode: "lines", intervalMs: 0 }).tick();
    spy.mockRestore();
    expect(lines[0]).toMatch(/7\/10/);
  });
});

describe("tables", () => {
  it("escapes cells, formats numbers and notes hidden rows", () => {
    const html = tableHtml([{ a: "<b>", n: 1234567, x: 0.123456789 }, { a: "y", n: 2, x: null }], { maxRows: 1, caption: "Cap" });
    expect(html).toContain("<caption");
    expect(html).toContain('<td style="text-align:left">&lt;b&gt;</td><td>1,234,567</td><td>0.1235</td>');
    expect(html).toContain("1 more rows not shown (2 in all)");
  });
  it("accepts a frame-like object (columns + values)", () => {
    const html = tableHtml({ columns: ["c1", "c2"], values: [[1, "u"], [2, "v"]] });
    expect(html).toContain("<th>c1</th><th>c2</th>");
    expect(html).toContain('<td>2</td><td style="text-align:left">v</td>');
  });
});

describe("charts", () => {
  it("standalone HTML carries the Plotly bundle and the traces, safely escaped", () => {
    const html = plot([{ x: [1, 2], y: [3, 4], name: "</script>" }], { title: { text: "t" } });
    expect(html).toContain("plotly.js v");
    expect(html).toContain('"x":[1,2]');
    expect(html).not.toContain('"name":"</script>"');
  });
  it("without the bundle, a chart warns when Plotly is not on the page", () => {
    const html = plotHtml([{ y: [1] }], {}, { includeBundle: false });
    expect(html).not.toContain("plotly.js v");
    expect(html).toContain("Plotly is not loaded in this page");
  });
});
