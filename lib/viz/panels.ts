import type { PlotLayout, PlotTrace } from "./plot";

/** One chart that becomes a panel of a figure: its traces and its layout (its `title`, `xaxis` and `yaxis` are kept). */
export interface PlotPanel {
  /** The chart's traces, on the default axes (`x`, `y`). */
  traces: PlotTrace[];
  /** The chart's layout; only `title.text`, `xaxis` and `yaxis` carry over. Default `{}`. */
  layout?: PlotLayout;
}

/** A panel from the two first arguments of a {@link plot} call: `plotPanel(traces, layout)`. */
export function plotPanel(traces: PlotTrace[], layout: PlotLayout = {}): PlotPanel {
  return { traces, layout };
}

/**
 * One figure with the given charts side by side (one row of Plotly subplots, independent axes), so a
 * notebook shows one figure where it had several. Panel i (from 1) draws on axes `x{i}`/`y{i}` (the
 * first on `x`/`y`); its `xaxis`/`yaxis` become `xaxis{i}`/`yaxis{i}`; the panels' titles are joined
 * with " · " into the figure's title. `layout` is merged last (e.g. a title of your own).
 * Charts with overlaid axes (a trace on `y2`) cannot be a panel: show them on their own.
 * @example
 * const fig = sideBySide([plotPanel(latencyTraces, { title: { text: "p99" } }), plotPanel(tputTraces)]);
 * plot(fig.traces, fig.layout);
 */
export function sideBySide(panels: readonly PlotPanel[], layout: PlotLayout = {}): { traces: PlotTrace[]; layout: PlotLayout } {
  if (panels.length === 0) throw new Error("sideBySide: no panels; pass at least one { traces, layout } (plotPanel(traces, layout))");
  const traces: PlotTrace[] = [];
  const out: PlotLayout = { grid: { rows: 1, columns: panels.length, pattern: "independent" } };
  const titles: string[] = [];
  panels.forEach((p, i) => {
    const n = i === 0 ? "" : String(i + 1);
    for (const t of p.traces) {
      const own = [t.xaxis, t.yaxis].filter((a) => a !== undefined && a !== "x" && a !== "y");
      if (own.length) throw new Error(`sideBySide: panel ${i + 1} has a trace on its own axes (${own.join(", ")}); show a chart with overlaid axes in a figure of its own`);
      traces.push({ ...t, xaxis: `x${n}`, yaxis: `y${n}` });
    }
    const l = p.layout ?? {};
    if (l.xaxis !== undefined) out[`xaxis${n}`] = l.xaxis;
    if (l.yaxis !== undefined) out[`yaxis${n}`] = l.yaxis;
    const title = (l.title as { text?: unknown } | undefined)?.text;
    if (typeof title === "string" && title) titles.push(title);
  });
  if (titles.length) out.title = { text: titles.join(" · ") };
  return { traces, layout: { ...out, ...layout } };
}
