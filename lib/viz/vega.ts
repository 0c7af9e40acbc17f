/** A Vega-Lite specification (see vega.github.io/vega-lite); kept loose so any spec can be passed. */
export type VegaLiteSpec = Record<string, unknown>;

/** Options for {@link vegaLiteToSvg}. */
export interface VegaSvgOptions {
  /**
   * Prefix added to every `id="…"` in the SVG and to the `url(#…)` / `href="#…"` references to
   * them, so that several charts can sit inline in one HTML page without their clip paths or
   * gradients colliding. Default: no prefix (ids left as Vega writes them).
   */
  idPrefix?: string;
  /** Remove line breaks so the SVG is one line (safe inside Markdown HTML blocks). Default true. */
  singleLine?: boolean;
  /** Print Vega's warnings (e.g. about merged scale domains) to the console. Default false: errors only. */
  warnings?: boolean;
}

interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: string; logLevel?: number }) => { toSVG(): Promise<string>; finalize(): void };
  Error: number;
  Warn: number;
}
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}

let modules: { vega: VegaModule; vl: VegaLiteModule } | undefined;
function loadVega(): { vega: VegaModule; vl: VegaLiteModule } {
  // loaded on first use: notebooks that import lib/index do not pay for vega's start-up
  if (!modules) modules = { vega: require("vega") as VegaModule, vl: require("vega-lite") as VegaLiteModule };
  return modules;
}

/**
 * Render a Vega-Lite spec to an SVG string in Node, with no browser and no network (Vega's
 * headless "none" renderer). Data must be inline (`data: { values: [...] }`).
 *
 * @example
 * const svg = await vegaLiteToSvg({ data: { values: [{ a: "x", b: 1 }] }, mark: "bar",
 *   encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } } });
 */
export async function vegaLiteToSvg(spec: VegaLiteSpec, options: VegaSvgOptions = {}): Promise<string> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new Error("vegaLiteToSvg: the spec must be a Vega-Lite object such as { data, mark, encoding }.");
  }
  const data = (spec as { data?: { url?: unknown } }).data;
  if (data && typeof data === "object" && "url" in data) {
    throw new Error("vegaLiteToSvg: data.url is not supported (rendering is offline): pass the rows inline as data.values.");
  }
  const { vega, vl } = loadVega();
  let compiled: unknown;
  try {
    compiled = vl.compile(spec).spec;
  } catch (e) {
    throw new Error(`vegaLiteToSvg: Vega-Lite rejected the spec: ${e instanceof Error ? e.message : String(e)}`);
  }
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: options.warnings ? vega.Warn : vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  if (options.idPrefix) svg = prefixSvgIds(svg, options.idPrefix);
  if (options.singleLine ?? true) svg = svg.replace(/\r?\n\s*/g, " ");
  return svg;
}

/**
 * Prefix every id of an SVG string and the references to it (`url(#id)`, `href="#id"`,
 * `xlink:href="#id"`), so that several SVGs can be inlined in one document.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(prefix)) throw new Error(`prefixSvgIds: prefix "${prefix}" must start with a letter and contain only letters, digits, _ or -.`);
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/((?:xlink:)?href)="#([^"]+)"/g, (_m, attr: string, id: string) => `${attr}="#${prefix}-${id}"`);
}
