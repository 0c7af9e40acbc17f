import * as fs from "node:fs";
import { tslabDisplay } from "../nb/env";

/** A Plotly trace (see plotly.js docs); kept loose so any trace type can be passed. */
export type PlotTrace = Record<string, unknown>;
/** A Plotly layout object. */
export type PlotLayout = Record<string, unknown>;

/** Options for {@link plot}. */
export interface PlotOptions {
  /** Chart height in pixels. Default 420. */
  height?: number;
  /** Plotly config (e.g. `{ displayModeBar: false }`). Default `{ responsive: true, displaylogo: false }`. */
  config?: Record<string, unknown>;
}

let bundleSent = false;
let counter = 0;

function plotlyBundle(): string {
  const file = require.resolve("plotly.js-dist-min");
  return fs.readFileSync(file, "utf8");
}

/**
 * The HTML for one chart: a div and a script that draws it with the Plotly bundle inlined in the
 * page. Pass `includeBundle: false` when the page already loaded Plotly.
 */
export function plotHtml(traces: PlotTrace[], layout: PlotLayout = {}, options: PlotOptions & { includeBundle?: boolean } = {}): string {
  const id = `mlsys-plot-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const height = options.height ?? 420;
  const config = options.config ?? { responsive: true, displaylogo: false };
  const lay = { height, margin: { t: 50, r: 20, b: 50, l: 60 }, ...layout };
  const bundle = options.includeBundle ? `<script type="text/javascript">${plotlyBundle().replace(/<\/script/gi, "<\\/script")}</script>` : "";
  const json = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c");
  return `${bundle}<div id="${id}" style="height:${height}px"></div><script type="text/javascript">(function(){var el=document.getElementById(${json(id)});
if(!window.Plotly){el.innerHTML='<p style="color:#a00">Plotly is not loaded in this page: run the notebook from the top (the first chart carries the Plotly bundle).</p>';return;}
window.Plotly.newPlot(el,${json(traces)},${json(lay)},${json(config)});})();</script>`;
}

/**
 * Displays an interactive Plotly chart in the notebook, offline: the first chart of a kernel
 * session carries the Plotly bundle, later ones reuse it, and nothing is returned. Outside a notebook
 * it returns the standalone HTML (bundle included) so scripts can write it to a file.
 * @example
 * plot([{ x: [1, 2, 3], y: [2, 1, 3], type: "scatter", name: "accuracy" }], { title: { text: "Accuracy vs k" } });
 */
export function plot(traces: PlotTrace[], layout: PlotLayout = {}, options: PlotOptions = {}): string | undefined {
  const t = tslabDisplay();
  if (!t) return plotHtml(traces, layout, { ...options, includeBundle: true });
  const html = plotHtml(traces, layout, { ...options, includeBundle: !bundleSent });
  bundleSent = true;
  t.display.html(html);
  // nothing returned in a notebook: a cell ending in plot(...) would otherwise print the HTML as text
  return undefined;
}

/** Forces the next chart to carry the Plotly bundle again (e.g. after reloading the page). */
export function resendPlotlyBundle(): void {
  bundleSent = false;
}
