/**
 * The charts of the slide decks, each computed from the committed results files (`results/**.json`)
 * and never typed by hand. Reading results lives in slides/results-reader.ts, small selections in
 * slides/selectors.ts, named values in slides/named-values.ts; this file re-exports what
 * scripts/slides.ts and the tests use.
 *
 * Decks use them through placeholders (see slides/README.md):
 *   {{value gzip-knn/r8-gzip-9.json accuracy.k1.1 .3f}}   a field of a results file
 *   {{name serving-batching-throughput}}                  a named value (slides/named-values.ts)
 *   {{chart gzip-paper-vs-fair}}                          a chart defined below (inline SVG)
 * A definition that needs a file or field that does not exist throws {@link MissingResultError};
 * the build then fails naming the deck, the placeholder and the file, unless the deck marks the
 * figure optional (`| pending: …`).
 */
import type { VegaLiteSpec } from "../lib/viz/vega";
import { GZIP_KNN, BASELINES, LLM_BPC, GPU_BENCH } from "../lib/results/index";
import { MissingResultError, type Results } from "./results-reader";
import { DATASETS, BASELINE_NAMES, MODE_NAMES, R8_FULL, AG_BASELINES, gzipRuns, anchorsOf, pendingDatasets, serving, speed, gpuFiles, shippedBytes } from "./selectors";

export { MissingResultError, lookupPath, openResults, type Results } from "./results-reader";
export { namedValues, type NamedValue, type FigureValue } from "./named-values";

/** A chart: a Vega-Lite spec built from results files, rendered to inline SVG at build time. */
export interface ChartDefinition {
  /** Title shown above the chart and in pending notes. */
  title: string;
  /** Build the spec; `note` is shown under the chart (e.g. which inputs are still pending). */
  build(r: Results): { spec: VegaLiteSpec; note?: string };
}

// ---------------------------------------------------------------------------------------------
// drawing

/**
 * The accuracy axis of charts that compare models whose accuracies differ little (deck 02's
 * objectives): from 0.5 to 1, so that a one-point difference takes a fiftieth of the height.
 */
export const ACCURACY_AXIS: readonly [number, number] = [0.5, 1];

const COLORS = ["#1f5aa6", "#e07b00", "#8aa9d6", "#f2c185", "#3a9a5b", "#b23a48"];
const BASE_CONFIG = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  axis: { labelFontSize: 13, titleFontSize: 14, gridColor: "#e6e6e6" },
  legend: { labelFontSize: 13, titleFontSize: 13, orient: "bottom", labelLimit: 420, columns: 2, symbolStrokeWidth: 3 },
  view: { stroke: null },
};
function withConfig(spec: VegaLiteSpec): VegaLiteSpec {
  return { $schema: "https://vega.github.io/schema/vega-lite/v5.json", config: BASE_CONFIG, ...spec };
}

/** Every chart the decks may use as `{{chart KEY}}`. */
export const charts: Record<string, ChartDefinition> = {
  "gzip-paper-vs-fair": {
    title: "gzip + kNN: the paper's counting vs a fair k=1, beside Schutte's re-run",
    build(r) {
      const runs = gzipRuns(r);
      if (!runs.length) throw new MissingResultError("no complete results/gzip-knn/<dataset>-gzip-9.json yet (npm run gzip-knn -- --dataset r8)", "results/gzip-knn/");
      const rows = runs.flatMap((d) => [
        { dataset: d.name, series: "ours: paper counting, k=2", accuracy: d.run.accuracy.paper["2"] },
        { dataset: d.name, series: "ours: fair k=1", accuracy: d.run.accuracy.k1["1"] },
        { dataset: d.name, series: "Schutte: paper counting, k=2", accuracy: anchorsOf(d).paperK2 },
        { dataset: d.name, series: "Schutte: fair k=1", accuracy: anchorsOf(d).fairK1 },
      ]);
      const order = ["ours: paper counting, k=2", "Schutte: paper counting, k=2", "ours: fair k=1", "Schutte: fair k=1"];
      return {
        note: pendingDatasets(runs.map((d) => d.key), "npm run gzip-knn"),
        spec: withConfig({
          width: 760, height: 300,
          data: { values: rows },
          mark: { type: "bar", tooltip: true },
          encoding: {
            x: { field: "dataset", type: "nominal", title: null, sort: DATASETS.map((d) => d.name), axis: { labelAngle: 0 } },
            xOffset: { field: "series", sort: order },
            y: { field: "accuracy", type: "quantitative", title: "accuracy (test set)", scale: { domain: [0, 1] } },
            color: { field: "series", type: "nominal", sort: order, title: null, scale: { domain: order, range: [COLORS[1], COLORS[3], COLORS[0], COLORS[2]] } },
          },
        }),
      };
    },
  },

  "gzip-tie-policies": {
    title: "Same distances, four ways to count a tie (accuracy at k = 1, 2, 3)",
    build(r) {
      const runs = gzipRuns(r);
      if (!runs.length) throw new MissingResultError("no complete results/gzip-knn/<dataset>-gzip-9.json yet", "results/gzip-knn/");
      const names: Record<string, string> = { paper: "paper counting (any tied label)", k1: "nearest neighbour breaks ties", random: "random tie break", decrement: "lower k until no tie" };
      const rows = runs.flatMap((d) =>
        Object.keys(names).flatMap((p) => [1, 2, 3].map((k) => ({ dataset: d.name, policy: names[p], k, accuracy: d.run.accuracy[p]![String(k)] }))),
      );
      return {
        spec: withConfig({
          data: { values: rows },
          facet: { column: { field: "dataset", type: "nominal", title: null, sort: DATASETS.map((d) => d.name), header: { labelFontSize: 15 } } },
          spec: {
            width: 300, height: 170,
            layer: [
              { mark: { type: "line", point: true, strokeWidth: 2.5 } },
            ],
            encoding: {
              x: { field: "k", type: "ordinal", title: "k", axis: { labelAngle: 0 } },
              y: { field: "accuracy", type: "quantitative", scale: { zero: false }, title: "accuracy", axis: { format: ".2f" } },
              color: { field: "policy", type: "nominal", title: null, scale: { range: [COLORS[0], COLORS[4], COLORS[1], COLORS[5]] } },
              strokeDash: { field: "policy", type: "nominal", title: null },
            },
          },
          resolve: { scale: { y: "independent" } },
        }),
      };
    },
  },

  "gzip-speed": {
    title: "Making gzip kNN fast: speed-up over the naive loop (one core, R8, median and quartiles)",
    build(r) {
      const sp = speed(r);
      const variants = sp.variants;
      const short = (v: { key: string; label: string }) =>
        v.key === "anchor-python" ? "the paper's loop, Python" : v.key === "anchor-node" ? "the paper's loop, Node" : v.key === "a" ? "naive (fresh gzip per pair, x too)" : v.key === "b" ? "exact, C(x) once, reused buffers" : v.key.startsWith("c-prefix") ? "prefix dictionary (approx.)" : v.key.startsWith("c-rerank") ? `TF-IDF top ${v.key.replace("c-rerank", "")} + gzip re-rank` : v.label;
      const rows = variants.map((v) => ({ variant: short(v), base: 1, median: v.ratioToNaiveMedian, p25: v.ratioToNaiveP25, p75: v.ratioToNaiveP75, label: `${v.ratioToNaiveMedian.toFixed(1)}×  (fair k=1 ${v.accuracyFairK1.toFixed(3)} on the sample)` }));
      const sort = rows.map((x) => x.variant);
      return {
        note: `${sp.testItems} test items (stratified, seed 42) against all ${sp.trainItems} R8 train items, ${sp.threads} thread; bars: median per-row ratio, whiskers: quartiles.`,
        spec: withConfig({
          width: 560, height: 260,
          data: { values: rows },
          encoding: { y: { field: "variant", type: "nominal", sort, title: null, axis: { labelLimit: 320 } } },
          layer: [
            { mark: { type: "bar", color: COLORS[0] }, encoding: { x: { field: "median", type: "quantitative", scale: { type: "log", domain: [1, 4 * Math.max(...rows.map((x) => x.p75))] }, title: "speed-up over naive (log scale)" }, x2: { field: "base" } } },
            { mark: { type: "rule", color: "#333" }, encoding: { x: { field: "p25", type: "quantitative" }, x2: { field: "p75" } } },
            { mark: { type: "text", align: "left", dx: 6, fontSize: 12 }, encoding: { x: { field: "p75", type: "quantitative" }, text: { field: "label" } } },
          ],
        }),
      };
    },
  },

  "gzip-rerank": {
    title: "Retrieve cheaply, re-rank with gzip: R8 fair k=1 accuracy and run time against M",
    build(r) {
      const files = r.list(GZIP_KNN).filter((f) => /\/r8-gzip-9-rerank\d+\.json$/.test(f));
      if (!files.length) throw new MissingResultError(`no results/gzip-knn/r8-gzip-9-rerank<M>.json yet (\`${GZIP_KNN.command("gzip-knn/r8-gzip-9-rerank100.json")}\`)`, "results/gzip-knn/");
      const full = r.read(GZIP_KNN, R8_FULL);
      const exact = full.accuracy.k1["1"]!;
      const exactMin = full.wallSeconds / 60;
      const rows = files.map((f) => r.read(GZIP_KNN, f)).map((x) => ({ M: x.rerankM ?? 0, accuracy: x.accuracy.k1["1"]!, minutes: x.wallSeconds / 60 })).sort((a, b) => a.M - b.M);
      const rule = [{ accuracy: exact, minutes: exactMin, label: `exact, all ${full.trainRows} train items` }];
      return {
        note: `Complete R8 test set (${full.testRows} items). Dashed: every test item against every train item (${exactMin.toFixed(1)} min on ${full.workers} workers).`,
        spec: withConfig({
          hconcat: [
            {
              width: 330, height: 230, title: "fair k=1 accuracy",
              layer: [
                { data: { values: rows }, mark: { type: "line", point: true, color: COLORS[0], strokeWidth: 2.5 }, encoding: { x: { field: "M", type: "quantitative", scale: { type: "log" }, title: "candidates re-ranked (M, log)" }, y: { field: "accuracy", type: "quantitative", scale: { zero: false }, axis: { format: ".3f" }, title: null } } },
                { data: { values: rule }, mark: { type: "rule", strokeDash: [6, 4], color: COLORS[1] }, encoding: { y: { field: "accuracy", type: "quantitative" } } },
              ],
            },
            {
              width: 330, height: 230, title: "wall-clock minutes, whole test set",
              layer: [
                { data: { values: rows }, mark: { type: "line", point: true, color: COLORS[0], strokeWidth: 2.5 }, encoding: { x: { field: "M", type: "quantitative", scale: { type: "log" }, title: "candidates re-ranked (M, log)" }, y: { field: "minutes", type: "quantitative", title: null } } },
                { data: { values: rule }, mark: { type: "rule", strokeDash: [6, 4], color: COLORS[1] }, encoding: { y: { field: "minutes", type: "quantitative" } } },
              ],
            },
          ],
        }),
      };
    },
  },

  "baselines-vs-gzip": {
    title: "Learned baselines vs gzip kNN (fair k=1) on the same splits",
    build(r) {
      const present = DATASETS.filter((d) => r.has(`baselines/${d.key}.json`));
      if (!present.length) throw new MissingResultError(`no results/baselines/<dataset>.json yet (\`${BASELINES.command("baselines/r8.json")}\`)`, "results/baselines/");
      const full = gzipRuns(r);
      const rows: { dataset: string; model: string; accuracy: number }[] = [];
      for (const d of present) {
        for (const m of r.read(BASELINES, `baselines/${d.key}.json`).models) rows.push({ dataset: d.name, model: BASELINE_NAMES[m.name] ?? m.name, accuracy: m.accuracy });
        const g = full.find((x) => x.key === d.key);
        if (g) rows.push({ dataset: d.name, model: "gzip kNN, fair k=1", accuracy: g.run.accuracy.k1["1"]! });
      }
      const order = ["gzip kNN, fair k=1", ...Object.values(BASELINE_NAMES)];
      const gz = full.map((d) => d.key);
      const notes = [pendingDatasets(present.map((d) => d.key), "baselines"), gz.length < DATASETS.length ? `gzip kNN pending for ${DATASETS.filter((d) => !gz.includes(d.key)).map((d) => d.name).join(", ")}.` : undefined].filter(Boolean);
      return {
        note: notes.join(" ") || undefined,
        spec: withConfig({
          width: 760, height: 280,
          data: { values: rows },
          mark: { type: "bar", tooltip: true },
          encoding: {
            x: { field: "dataset", type: "nominal", title: null, sort: DATASETS.map((d) => d.name), axis: { labelAngle: 0 } },
            xOffset: { field: "model", sort: order },
            y: { field: "accuracy", type: "quantitative", title: "test accuracy", scale: { domain: [0, 1] } },
            color: { field: "model", type: "nominal", title: null, sort: order, scale: { domain: order, range: [COLORS[1], COLORS[0], COLORS[2], COLORS[4]] } },
          },
        }),
      };
    },
  },

  "objectives-agnews": {
    title: "AG News: accuracy against p99 latency (one text at a time) and model size",
    build(r) {
      const ag = r.read(BASELINES, AG_BASELINES);
      const rows = ag.models.map((m) => {
        const mb = shippedBytes(m) / 1e6;
        return { model: BASELINE_NAMES[m.name] ?? m.name, accuracy: m.accuracy, p99: m.latency.p99Ms, p50: m.latency.p50Ms, sizeMB: mb, label: `${BASELINE_NAMES[m.name] ?? m.name} (${mb.toFixed(1)} MB)` };
      });
      return {
        note: `Trained in TypeScript on ${ag.trainRows.toLocaleString("en-US")} AG News rows, tested on ${ag.testRows.toLocaleString("en-US")}; latency includes vectorizing; bubble area ∝ size shipped (weights + vectorizer).`,
        spec: withConfig({
          width: 640, height: 290,
          data: { values: rows },
          encoding: {
            x: { field: "p99", type: "quantitative", scale: { type: "log", padding: 40 }, title: "p99 latency per prediction, ms (log)" },
            // a fixed 0.5–1 axis: the models differ by about a point, which the deck calls small; an axis
            // fitted to the points would stretch that point over the whole height
            y: { field: "accuracy", type: "quantitative", scale: { domain: [...ACCURACY_AXIS] }, axis: { format: ".2f" }, title: "accuracy" },
          },
          layer: [
            { mark: { type: "circle", opacity: 0.75, color: COLORS[0] }, encoding: { size: { field: "sizeMB", type: "quantitative", legend: null, scale: { range: [80, 1600] } } } },
            { mark: { type: "text", dy: -22, fontSize: 13 }, encoding: { text: { field: "label" } } },
          ],
        }),
      };
    },
  },

  "serving-modes": {
    title: "One model server, three ways to call the model (32 connections): throughput and p99",
    build(r) {
      const rounds = serving(r).rounds;
      const rows = Object.entries(rounds).flatMap(([mode, rs]) => rs.map((x, i) => ({ mode: MODE_NAMES[mode] ?? mode, round: i + 1, throughput: x.throughput, p99: x.p99Ms })));
      const sort = Object.keys(rounds).map((m) => MODE_NAMES[m] ?? m);
      const panel = (field: string, title: string) => ({
        width: 250, height: 200, title,
        encoding: { y: { field: "mode", type: "nominal", sort, title: null, axis: { labelLimit: 300 } } },
        layer: [
          { mark: { type: "bar", color: COLORS[0], opacity: 0.85 }, encoding: { x: { aggregate: "median", field, type: "quantitative", title: null } } },
          { mark: { type: "tick", color: "#222", thickness: 2 }, encoding: { x: { field, type: "quantitative" } } },
        ],
      });
      return {
        note: `Bars: median over ${(Object.values(rounds)[0] ?? []).length} rounds; ticks: each round. Servers in child processes, autocannon in the parent (closed loop, one AG News text per request) on the same ${serving(r).machine.cores} cores.`,
        spec: withConfig({ data: { values: rows }, hconcat: [panel("throughput", "requests / s"), panel("p99", "p99 latency, ms")] }),
      };
    },
  },

  "serving-sweep": {
    title: "Latency against throughput as concurrency rises (1, 8, 64 connections)",
    build(r) {
      const sweep = serving(r).sweep;
      const rows = Object.entries(sweep).flatMap(([mode, rs]) => rs.map((x) => ({ mode: MODE_NAMES[mode] ?? mode, connections: x.connections, throughput: x.throughput, p99: x.p99Ms, label: `${x.connections}` })));
      return {
        note: "Each point is one load level; the label is the number of concurrent connections. Closed-loop load (autocannon).",
        spec: withConfig({
          width: 640, height: 300,
          data: { values: rows },
          encoding: {
            x: { field: "throughput", type: "quantitative", title: "throughput, requests / s" },
            y: { field: "p99", type: "quantitative", scale: { type: "log" }, title: "p99 latency, ms (log)" },
            color: { field: "mode", type: "nominal", title: null, scale: { range: [COLORS[1], COLORS[4], COLORS[0]] } },
          },
          layer: [
            { mark: { type: "line", point: { size: 70 }, strokeWidth: 2.5 }, encoding: { order: { field: "connections", type: "quantitative" } } },
            { mark: { type: "text", dy: -12, fontSize: 12 }, encoding: { text: { field: "label" } } },
          ],
        }),
      };
    },
  },

  "llm-bpc": {
    title: "A language model is a compressor: bits per character on a held-out novel",
    build(r) {
      const bpc = r.read(LLM_BPC, "llm/bpc.json");
      const all = bpc.compressors;
      // the float32 and float16 rows share the text's bits; keep one model row
      const rows = all.filter((c) => !/float32/.test(c.name)).map((c) => ({ name: c.name.replace(/, weights float16$/, "").replace(/ \(node zlib.*\)$/, ""), bpc: c.bitsPerChar, kind: c.modelBytes ? "language model" : "general-purpose compressor" }));
      const amort = bpc.modelCostAmortised;
      const cost = amort?.length ? ` Shipping the model costs extra bits: ${amort.map((a) => `${a.float16BitsPerChar} bits/char amortised over ${a.over}`).join("; ")} (fp16).` : "";
      return {
        note: `Held-out text: ${bpc.text.split} (${bpc.text.characters.toLocaleString("en-US")} characters); model: ${bpc.model.parameters.toLocaleString("en-US")} parameters.${cost}`,
        spec: withConfig({
          width: 560, height: 200,
          data: { values: rows },
          encoding: {
            y: { field: "name", type: "nominal", title: null, sort: "x", axis: { labelLimit: 300 } },
            x: { field: "bpc", type: "quantitative", title: "bits per character (lower is better)", scale: { zero: true } },
          },
          layer: [
            { mark: { type: "bar", tooltip: true }, encoding: { color: { field: "kind", type: "nominal", title: null, scale: { range: [COLORS[2], COLORS[0]] } } } },
            { mark: { type: "text", align: "left", dx: 5, fontSize: 13 }, encoding: { text: { field: "bpc", type: "quantitative", format: ".2f" } } },
          ],
        }),
      };
    },
  },

  "gpu-batch-sweep": {
    title: "GPU vs CPU: throughput against batch size (1024-wide MLP, recorded by npm run bench:gpu)",
    build(r) {
      const files = gpuFiles(r);
      // bench/gpu-serving.ts: runs[].batch.points[] = { batchSize, throughputPerSec, batchP99Ms, … }
      const rows = files.flatMap((f) => {
        const g = r.read(GPU_BENCH, f);
        const where = g.machine.gpu ?? g.machine.cpu;
        return g.runs.flatMap((run) =>
          (run.batch?.points ?? []).map((p) => ({ series: `${run.provider} · ${run.provider === "cpu" ? g.machine.cpu : where}`, batch: p.batchSize, throughput: p.throughputPerSec })),
        );
      });
      if (!rows.some((x) => !x.series.startsWith("cpu"))) throw new MissingResultError(`no GPU run in ${files.map((f) => "results/" + f).join(", ")} (CPU only): run npm run bench:gpu on a GPU machine`, `results/${files[0]}`);
      return {
        note: `From ${files.map((f) => "results/" + f).join(", ")}.`,
        spec: withConfig({
          width: 600, height: 280,
          data: { values: rows },
          mark: { type: "line", point: true, strokeWidth: 2.5 },
          encoding: {
            x: { field: "batch", type: "quantitative", scale: { type: "log", base: 2 }, title: "batch size (log2)" },
            y: { field: "throughput", type: "quantitative", scale: { type: "log" }, title: "rows / s (log)" },
            color: { field: "series", type: "nominal", title: null },
          },
        }),
      };
    },
  },
};
