// %% [markdown]
// # 00 · Welcome: how this course runs
//
// **Goals.** By the end of this notebook you can (1) import the course library into a notebook,
// (2) load a dataset and know it is the right one, (3) show tables and charts that work offline,
// (4) find out whether your machine has a usable GPU, and (5) run every notebook headless.
//
// **Prerequisites.** `npm run setup` done (see the README). Basic TypeScript.
// **Time.** About 20 minutes to read and run; every cell runs in seconds on a 2-core laptop.
//
// ## How the course is built
// Each module is a notebook like this one: narrative plus short calls into **`lib/`**, the course
// library, where the logic lives, typed, documented (`npm run docs`) and unit-tested (`npm test`).
// The notebooks only orchestrate and show evidence; if you want to know *how* something is computed,
// open the `lib/` file it calls.
//
// The kernel (`TypeScript (ML Systems course)`, registered by setup) always starts at the
// **repository root**, so every notebook imports the library the same way, from the topic's entry
// point: `import { loadTextSplit } from "./lib/data/index"` (your editor jumps from there to the file).

// %% id=imports
import {
  getManifest,
  listDatasets,
  verifyDataset,
  isOptionalSplit,
  loadTextSplit,
  labelCounts,
  stratifiedSample,
  toDataFrame,
  repoRoot,
} from "./lib/data/index";
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { detectProviders, providerAttemptRows, describeMachine } from "./lib/compute/index";
import * as tslab from "tslab";
console.log(`tslab ${tslab.versions.tslab}, TypeScript ${tslab.versions.typescript}, Node.js ${tslab.versions.node}`);
console.log(`course root: ${repoRoot()}`);

// %% [markdown]
// ## Datasets: registered, verified, then loaded
// Every dataset has a manifest in `datasets/<name>.json`: where it comes from, its licence and
// citation, the SHA-256 of every file, and how many rows each split and class must have. The files
// the course reads **ship with the course**, gzip-compressed, in `datasets/<name>/`, so a fresh clone
// runs offline. The loader looks for each file in a cache (`.cache/datasets`, where downloads land),
// then in the course's own copy (`datasets/<name>/`), then in a mirror folder (`MLSYS_DATA_MIRROR`,
// default `../shared/datasets` when it exists; `MLSYS_DATA_MIRROR=` with nothing after it means no
// mirror), then downloads it from the canonical URL when online (`MLSYS_OFFLINE=1` forbids that).
// A file is used only after its checksum matches; rows are used only after their counts match.
// A few files are **optional**: not shipped because no lesson needs them, such as AG News's full
// train set, or because they carry people's names: 20 Newsgroups, whole 1993 Usenet posts with their
// authors' names and addresses, read only by module 01's reproduction job. `npm run data -- verify`
// lists them as "not shipped (optional)"; `npm run data -- fetch ag_news --split train_full` and
// `npm run data -- fetch 20newsgroups` download them (resumable, verified).

// %%
showTable(
  listDatasets().map((name) => {
    const m = getManifest(name);
    return {
      name,
      modules: m.modules.join(" "),
      splits: Object.entries(m.splits)
        .map(([s, v]) => `${s} ${v.rows.toLocaleString("en-US")}${isOptionalSplit(name, s) ? " (optional)" : ""}`)
        .join(", "),
      licence: m.licence.slice(0, 70) + (m.licence.length > 70 ? "…" : ""),
    };
  }),
  { caption: "Registered datasets", maxRows: 30 },
);

// %% id=verify-dataset
const r8 = getManifest("r8");
const status = await verifyDataset("r8");
showTable(
  status.files.map((f) => ({ file: f.name, verified: f.ok ? "yes" : "NO", from: f.source ?? "", where: f.path ?? f.problem })),
  { caption: `${r8.title}: file checks` },
);
if (!status.files.every((f) => f.ok)) throw new Error("R8 files did not verify: see the table above and the README's troubleshooting section");

// %%
const train = await loadTextSplit("r8", "train");
const test = await loadTextSplit("r8", "test");
const counts = labelCounts(train);
showTable(counts, {
  caption: `R8 train: ${train.length.toLocaleString("en-US")} documents, ${counts.length} classes (matches the manifest: ` +
    `${train.length === r8.splits.train.rows})`,
});

// %% [markdown]
// The same rows as a [danfojs](https://danfo.jsdata.org/) DataFrame, for pandas-style exploration:

// %%
const df = toDataFrame(train.map((r) => ({ label: r.label, words: r.text.split(" ").length, text: r.text.slice(0, 60) + "…" })));
showTable(df.head(5), { caption: "df.head(5)" });
showTable(df.groupby(["label"]).col(["words"]).mean(), { caption: "mean words per document by class" });

// %% [markdown]
// Charts are Plotly, drawn offline: the first chart in a session carries the Plotly library inside
// the notebook, so the saved HTML works without a network. Note how unbalanced R8 is: a classifier
// that always says `earn` is right half of the time. Accuracy on such data needs a baseline beside it.

// %%
const testCounts = labelCounts(test);
plot([
  { type: "bar", name: "train", x: counts.map((c) => c.label), y: counts.map((c) => c.share) },
  { type: "bar", name: "test", x: counts.map((c) => c.label), y: counts.map((c) => testCounts.find((t) => t.label === c.label)?.share ?? 0) },
], { title: { text: "R8: share of documents per class" }, yaxis: { title: { text: "share" }, tickformat: ".0%" }, barmode: "group" });
console.log(`majority-class baseline on test: ${(testCounts[0].count / test.length).toFixed(3)} (always "${testCounts[0].label}")`);

// %% [markdown]
// Lessons use **seeded stratified samples** so that defaults run fast and every learner gets the same
// rows. Each class keeps its share:

// %%
const small = stratifiedSample(train, 500, { seed: 1 });
showTable(
  labelCounts(small).map((c) => ({ ...c, fullShare: counts.find((f) => f.label === c.label)!.share })),
  { caption: "500-row stratified sample (seed 1) vs the full train set" },
);

// %% [markdown] id=corrupt-file
// ### What a corrupt file looks like
// A file that does not match its manifest is never used silently. Here we copy R8's test file into a
// temporary folder that stands in for `datasets/`, flip one byte, and ask the loader for it, with no
// cache, no mirror and no download, so that only the damaged copy can answer:

// %%
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
const tmpData = fs.mkdtempSync(path.join(os.tmpdir(), "datasets-"));
fs.mkdirSync(path.join(tmpData, "r8"));
const good = zlib.gunzipSync(fs.readFileSync(status.files.find((f) => f.name === "test.txt.gz")!.path!));
good[100] ^= 1; // one bit flipped
fs.writeFileSync(path.join(tmpData, "r8", "test.txt.gz"), zlib.gzipSync(good));
let message = "";
try {
  await loadTextSplit("r8", "test", { shippedDir: tmpData, mirrorDirs: [], cacheDir: path.join(tmpData, "cache"), download: false, log: () => {} });
} catch (e) {
  message = (e as Error).message;
}
fs.rmSync(tmpData, { recursive: true });
if (!message.includes("failed verification")) throw new Error("expected the loader to refuse the corrupt copy");
showMarkdown("**The loader refused the file:**\n\n> " + message);

// %% [markdown]
// ## Where will models run? CPU, WebGPU or CUDA
// Every model in the course runs through [onnxruntime-node](https://onnxruntime.ai/). The library tries
// the GPU providers first (WebGPU, then CUDA) and falls back to the CPU, saying why. Set
// `MLSYS_PROVIDERS=cpu` to force the CPU, or `webgpu,cpu` to try only WebGPU first.

// %% id=detect-providers
const providers = await detectProviders();
showTable(providerAttemptRows(providers.attempts), { caption: "Execution providers tried, in order" });
showMarkdown(`**${providers.explanation}**`);

// %% [markdown]
// Results files written by the course's jobs and benchmarks record the machine they ran on:

// %%
showTable([describeMachine()], { caption: "This machine" });

// %% [markdown]
// ## Running everything headless
// * `npm run course` executes every notebook in order, writes executed copies to `build/notebooks/`
//   and one HTML page per notebook to `build/html/` (open `build/html/index.html`).
// * `npm run course -- 01` runs only module 01; a failing cell stops the run with the notebook,
//   the cell number and the error.
// * `npm run jupyter` opens the notebook UI on the course kernel; `npm test` runs the unit tests and
//   executes every notebook.
//
// ## Summary
// * The library does the work, the notebook shows the evidence; import each topic's file (`./lib/data/index`), never the bare `./lib` folder.
// * Data is verified by checksum and row counts before use, and a bad file is refused with the fix.
// * Charts and tables render offline; models run on the best provider this machine has.
//
// ## Exercises
// Open `exercises/00.ts`, replace each `throw new NotImplementedYet(…)` with your code, and run the
// cell below (or `npm run check -- 00` in a terminal) to see which checks pass. Reference solutions
// are in `solutions/00.ts`: try first.
// 1. **00.1** `majorityShare(rows)`: the share of the most frequent label (the accuracy of always
//    guessing it: the first baseline any classifier must beat).
// 2. **00.2** `sampleForLesson(rows, n, seed)`: a seeded stratified sample, using the library.
// 3. **00.3** `splitSummary(dataset, split)`: load a split (R52's test split, say); how many
//    classes, and which is the largest?
// 4. **00.4** `predictMajorityBaseline()` (a judgement): before you look at the label counts above,
//    predict the accuracy of always answering R8's largest class, and say why; the check compares.
//
// Stuck? `npm run check -- 00 --hint 1` gives a nudge; ask again with `--step 2` for more. A failed
// check says what went wrong, never the answer.

// %%
import * as mine from "./exercises/00";
import { checks as checks00 } from "./exercises/checks/00";
import { runChecks, showCheckReport } from "./lib/nb/index";
showCheckReport(await runChecks(checks00, mine));

// %% [markdown]
//
// ## Further reading
// * The course design and sources: `README.md`; the seeds are credited in each module.
// * tslab: https://github.com/yunabe/tslab · Plotly.js: https://plotly.com/javascript/ · danfojs: https://danfo.jsdata.org/
