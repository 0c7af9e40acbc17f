import { describe, it, expect } from "vitest";
import { plotPanel, sideBySide } from "../../lib/viz/panels";

describe("sideBySide", () => {
  it("moves panel i to axes x{i}/y{i}, keeps its axis layouts and joins the titles", () => {
    const fig = sideBySide([
      plotPanel([{ type: "bar", x: [1], y: [2] }], { title: { text: "A" }, xaxis: { type: "log" }, yaxis: { title: { text: "ms" } } }),
      plotPanel([{ type: "scatter", x: [3], y: [4] }, { type: "scatter", x: [5], y: [6], xaxis: "x", yaxis: "y" }], { title: { text: "B" }, yaxis: { type: "log" } }),
    ]);
    expect(fig.traces.map((t) => [t.xaxis, t.yaxis, t.x])).toEqual([["x", "y", [1]], ["x2", "y2", [3]], ["x2", "y2", [5]]]);
    expect(fig.layout).toEqual({
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { type: "log" },
      yaxis: { title: { text: "ms" } },
      yaxis2: { type: "log" },
      title: { text: "A · B" },
    });
  });

  it("lets the caller's layout win, and refuses overlaid axes and empty input", () => {
    expect(sideBySide([plotPanel([{ x: [1], y: [1] }], { title: { text: "A" } })], { title: { text: "mine" } }).layout.title).toEqual({ text: "mine" });
    expect(() => sideBySide([plotPanel([{ x: [1], y: [1], yaxis: "y2" }])])).toThrow(/panel 1 has a trace on its own axes \(y2\)/);
    expect(() => sideBySide([])).toThrow(/no panels/);
  });
});
