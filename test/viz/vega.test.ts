import { describe, it, expect } from "vitest";
import { vegaLiteToSvg, prefixSvgIds } from "../../lib/viz/vega";

describe("vegaLiteToSvg", () => {
  const rows = [
    { model: "gzip", accuracy: 0.5 },
    { model: "logreg", accuracy: 1 },
  ];
  const spec = {
    width: 200, height: 100,
    data: { values: rows },
    mark: "bar",
    encoding: { x: { field: "model", type: "nominal" }, y: { field: "accuracy", type: "quantitative", scale: { domain: [0, 1] } } },
  };

  it("renders one bar per row, with heights proportional to the data, offline", async () => {
    const svg = await vegaLiteToSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("gzip");
    expect(svg).toContain("logreg");
    expect(svg).not.toMatch(/\n/);
    // bars are drawn as paths "M x,y h w v h" inside the mark-rect group; the bar heights are 50 and 100 px
    const group = svg.slice(svg.indexOf('class="mark-rect'));
    const heights = [...group.matchAll(/<path[^>]*d="M[\d.-]+,[\d.-]+h[\d.-]+v([\d.-]+)h/g)].map((m) => Number(m[1])).slice(0, 2);
    expect(heights.sort((a, b) => a - b)).toEqual([50, 100]);
  });

  it("rejects specs it cannot render, saying why", async () => {
    await expect(vegaLiteToSvg({ ...spec, data: { url: "https://example.com/x.csv" } })).rejects.toThrow(/data\.url is not supported/);
    await expect(vegaLiteToSvg([] as unknown as Record<string, unknown>)).rejects.toThrow(/must be a Vega-Lite object/);
  });
});

describe("prefixSvgIds", () => {
  it("prefixes ids and every reference to them", () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use xlink:href="#clip1"/><use href="#clip1"/></g></svg>';
    expect(prefixSvgIds(svg, "c2")).toBe('<svg><defs><clipPath id="c2-clip1"><rect/></clipPath></defs><g clip-path="url(#c2-clip1)"><use xlink:href="#c2-clip1"/><use href="#c2-clip1"/></g></svg>');
    expect(() => prefixSvgIds(svg, "2 bad")).toThrow(/must start with a letter/);
  });
});
