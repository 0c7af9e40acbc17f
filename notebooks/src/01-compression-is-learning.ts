// %% [markdown]
// # 01 · Compression is learning
//
// > "Machine learning is compression." (Vicki Boykis, [What's new with ML in production](https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/), 2024)
//
// In 2023 a paper claimed that **gzip plus a k-nearest-neighbour vote** beats BERT on several text
// classification benchmarks, with no parameters and no training (Jiang et al., *Less is More:
// Parameter-Free Text Classification with Gzip*, Findings of ACL 2023). Then Ken Schutte found that
// the official code counts a test item as correct when *any* label tied for the top vote is right:
// at k=2 that is top-2 accuracy, not a classifier. This notebook rebuilds the method from its parts,
// measures it honestly, and puts it beside learned baselines on accuracy, compute, latency and size.
//
// **Goals.** By the end you can (1) compute the [normalized compression distance](../GLOSSARY.md) (NCD) with real
// compressors and say why the gzip container matters, (2) classify with [kNN](../GLOSSARY.md) over NCD under an
// explicit tie policy, and tell the paper's counting from a fair one on a real test item,
// (3) read our full-scale reproduction beside the published anchors and explain the differences,
// (4) compare gzip kNN with [TF-IDF](../GLOSSARY.md) + logistic regression and a fastText-style model on accuracy,
// training-set size, compute, latency and size, and (5) say what that means in production. Deep dive 01c
// adds the learning curve, retrieve + re-rank, the classifier as [ONNX](../GLOSSARY.md) and [bits per character](../GLOSSARY.md).
//
// **Prerequisites.** Module 00 (the kernel, datasets, tables, charts). kNN and logistic regression at
// the level of an introductory ML course.
//
// **Time.** About 35 minutes to read and run; the exercises take another 30–60. With the defaults every cell runs in under
// 3 minutes in all on a 2-core laptop: live experiments use seeded stratified samples of AG News, and
// full-scale numbers come from the committed result files (`results/`), each made by a command you
// can re-run. Set `FULL = true` below for the complete AG News test set (hours on 2 cores).

// %%
import { loadTextSplit, stratifiedSample, labelCounts } from "./lib/data/index";
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { describeMachine } from "./lib/compute/index";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * false: seeded stratified samples (minutes); true: the complete AG News test set and the whole
 * 12,000-row train set (hours on 2 cores, a few GB of memory).
 */
const FULL = false;
const N_TEST = FULL ? Infinity : 200; // AG News test items scored live
const SIZES = FULL ? [500, 1000, 2000, 4000, 8000, 12000] : [250, 500, 1000, 2000]; // train-set sizes of the learning curve
const NOTEBOOK_T0 = performance.now();

const agTrain = await loadTextSplit("ag_news", "train"); // the 12,000-row subset in the mirror
const agTestAll = await loadTextSplit("ag_news", "test"); // the complete 7,600-row test set
const agTest = stratifiedSample(agTestAll, Math.min(N_TEST, agTestAll.length), { seed: 42 });
const agTrainMax = stratifiedSample(agTrain, SIZES[SIZES.length - 1], { seed: 42 });
showTable(labelCounts(agTest).map((c) => ({ label: c.label, testSample: c.count, trainSubset: agTrainMax.filter((r) => r.label === c.label).length,
  trainMirror: agTrain.filter((r) => r.label === c.label).length })), {
  caption: `AG News: ${agTest.length} test items (stratified, seed 42) and a ${agTrainMax.length}-row stratified train subset; ` +
    `${describeMachine().cores} cores`,
});
// gzip kNN's "model" is its train set: where AG News's complete 120,000-row train set has been fetched
// (npm run data -- fetch ag_news --split train_full) the served gzip classifier (section 5) and the
// reproduction (section 4) use it; otherwise the shipped 12,000-row subset. The learned baselines keep
// the subset their committed models were trained on.
import { loadTrainSet, preferFullTrainRuns } from "./lib/compress/index";
const agGzipTrain = await loadTrainSet("ag_news", "auto");
showMarkdown(`**gzip kNN train set here:** ${agGzipTrain.note}`);

// %% [markdown]
// ## 1. NCD by hand
// A compressor that has seen `x` describes `y` cheaply when `y` resembles `x`. The **normalized
// compression distance** turns that into a distance from three compressed lengths:
//
// $$\mathrm{NCD}(x, y) = \frac{C(xy) - \min(C(x), C(y))}{\max(C(x), C(y))}$$
//
// where $C(\cdot)$ is the compressed length in bytes and $xy$ is the concatenation (the paper's code
// writes `x + " " + y`). Near 0: `y` adds almost nothing once `x` is known. Near 1: nothing shared.
// Here are three AG News headlines, two from the same class, compressed with gzip level 9 (what the
// paper used), with raw deflate (the same bytes without gzip's container), and with the pure-JavaScript
// fflate:

// %% id=ncd
import { createCompressor, ncdFromLengths, NCD_SEPARATOR } from "./lib/compress/index";
const byLabel = (label: string, nth: number) => agTest.filter((r) => r.label === label)[nth];
const hx = byLabel("Sports", 0), hy = byLabel("Sports", 1), hz = byLabel("Business", 0);
showTable([hx, hy, hz].map((r, i) => ({ name: ["x", "y", "z"][i], label: r.label, chars: r.text.length, text: r.text.slice(0,
  110) + (r.text.length > 110 ? "…" : "") })), { caption: "Three AG News test items" });
const compressors = [createCompressor({ name: "gzip", level: 9 }), createCompressor({ name: "deflate", level: 9 }), createCompressor({ name: "gzip",
  level: 9, engine: "fflate" })];
const ncdRows = compressors.flatMap((c) =>
  [["x", "y", hx, hy], ["x", "z", hx, hz]].map(([a, b, r1, r2]: any) => {
    const ca = c.compressedLength(r1.text), cb = c.compressedLength(r2.text), cab = c.compressedLength(r1.text + NCD_SEPARATOR + r2.text);
    return { compressor: c.id, pair: `${a},${b}`, sameClass: r1.label === r2.label, "C(a)": ca, "C(b)": cb, "C(a b)": cab, NCD: ncdFromLengths(ca, cb, cab) };
  }),
);
showTable(ncdRows, { caption: "Compressed sizes (bytes) and NCD", digits: 3 });
const gzRows = ncdRows.filter((r) => r.compressor === "gzip-9"), dfRows = ncdRows.filter((r) => r.compressor === "deflate-9");
showMarkdown(`gzip's output is always **${gzRows[0]["C(a)"] - dfRows[0]["C(a)"]} bytes** longer than raw deflate's (a 10-byte header and an 8-byte ` +
  `CRC + length trailer). Those bytes carry no information about the text, yet they sit in every term of NCD: for short texts they push every ` +
  `distance towards the same value (here NCD(x,y) = ${gzRows[0].NCD.toFixed(3)} with gzip vs ${dfRows[0].NCD.toFixed(3)} with raw deflate). The ` +
  `same-class pair is ${gzRows[0].NCD < gzRows[1].NCD ? "closer" : "NOT closer"} than the cross-class pair under gzip.`);

// %% [markdown]
// ## 2. The classifier: kNN over NCD
// For each test item, compute NCD to every training item and let the k nearest vote. There is no
// training step: the "model" is the training set, and prediction costs one compression per training
// item. `pairwiseNcd` compresses each text once and spreads the pairs over worker threads; its
// distances are byte-identical to calling `zlib.gzipSync` per pair as the paper does (`bench/gzip-knn-speed.ts`
// checks this). We score our test sample against the largest train subset.

// %% id=knn-evaluate
import { pairwiseNcd, knnEvaluate } from "./lib/compress/index";
const cpu0 = process.cpuUsage();
const ncdRun = await pairwiseNcd(agTest.map((r) => r.text), agTrainMax.map((r) => r.text), { topK: Infinity });
const ncdCpu = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6;
const agNeighbours = ncdRun.neighbours.map((n) => n.indices);
const agTrainLabels = agTrainMax.map((r) => r.label), agTestLabels = agTest.map((r) => r.label);
const liveTable = knnEvaluate(agNeighbours, agTrainLabels, agTestLabels, { ks: [1, 2, 3] });
showTable(Object.entries(liveTable).map(([policy, byK]) => ({ policy, ...Object.fromEntries(Object.entries(byK).map(([k, a]) => [`k=${k}`, a])) })), {
  caption: `gzip kNN on AG News, ${agTest.length} test × ${agTrainMax.length} train: ${ncdRun.pairs.toLocaleString("en-US")} pairs in ` +
    `${ncdRun.seconds.toFixed(1)} s wall, ${ncdCpu.toFixed(1)} CPU s on ${ncdRun.workers} workers`,
  digits: 3,
});

// %% [markdown]
// ## 3. The paper's counting vs a fair vote
// With k=2 the two nearest neighbours either agree, or they tie 1–1. The official code then counts
// the item as **correct if either label is right**: that is top-2 accuracy. A classifier must commit
// to one label; the fair tie-breaks are `k1` (the nearest neighbour's label wins, so k=2 equals k=1),
// `decrement` (lower k until the tie breaks: also k=1 here) and `random`. The table above shows the
// pattern: `paper` at k=2 is the best number in the table, and it is the one that is not an accuracy.
// Here is a real test item where the two nearest neighbours disagree:

// %%
import { findKnnTies } from "./lib/compress/index";
const ties = findKnnTies(agNeighbours, agTrainLabels, agTestLabels);
const paperOnly = ties.filter((t) => t.paperCorrect && !t.fairCorrect);
const tie = paperOnly[0] ?? ties[0];
const cut = (s: string) => (s.length > 140 ? s.slice(0, 140) + "…" : s);
showTable([
  { role: "test item", label: tie.truth, NCD: "", text: cut(agTest[tie.i].text) },
  ...tie.neighbours.map((j, q) => ({ role: `neighbour ${q + 1}`, label: tie.labels[q], NCD: ncdRun.neighbours[tie.i].distances[q].toFixed(4),
    text: cut(agTrainMax[j].text) })),
], { caption: `Test item ${tie.i}: paper counting says ${tie.paperCorrect ? "correct" : "wrong"}, fair k=2 (nearest breaks the tie) says ` +
  `${tie.fairCorrect ? "correct" : "wrong"}` });
showMarkdown(`Of ${agTest.length} test items, **${ties.length}** have two nearest neighbours with different labels; in **${paperOnly.length}** of ` +
  `them the nearest is wrong and the second is right. The paper counts those ${paperOnly.length} as correct, the fair vote does not: ` +
  `${paperOnly.length} / ${agTest.length} = ${(paperOnly.length / agTest.length).toFixed(3)}, exactly the gap between paper k=2 ` +
  `(${liveTable.paper["2"].toFixed(3)}) and fair k=1 (${liveTable.k1["1"].toFixed(3)}) above.`);

// %% [markdown]
// ## 4. The reproduction at full scale
// `npm run gzip-knn -- --dataset r8` runs the paper's experiment completely: every test item against
// the whole train set, gzip level 9, `x + " " + y`, as a resumable batch job on all cores (R8 takes
// about 10 minutes on 2 cores; its checkpoints survive interruptions). The committed results sit
// beside the **anchors**: Ken Schutte's re-run of the paper's own code ([kenschutte.com/gzip-knn-paper2](https://kenschutte.com/gzip-knn-paper2/),
// code [kts/gzip-knn](https://github.com/kts/gzip-knn)). Datasets whose full run has not been
// committed yet are listed as pending.

// %%
import { compareWithAnchors, GZIP_KNN_ANCHORS, GZIP_KNN_ANCHOR_SOURCE } from "./lib/compress/index";
import { readResults, GZIP_KNN, BASELINES } from "./lib/results/index";
// the canonical files only, each checked against its schema; where a run on AG News's complete train set is committed
// (npm run gzip-knn -- --dataset ag_news --train full --save), it replaces the subset run
const committed = preferFullTrainRuns(readResults(GZIP_KNN).map((r) => r.value));
const fullRuns = committed.filter((r) => !r.rerankM && r.complete);
const anchorRows = compareWithAnchors(committed);
showTable(anchorRows.map((r) => ({ dataset: r.dataset, metric: r.metric, ours: r.ours ?? "pending", anchor: r.anchor,
  "ours − anchor": r.diff === null ? "" : r.diff.toFixed(4), status: r.status, "train × test": r.rows ?? "" })), {
  caption: `Our full runs beside the anchors (${GZIP_KNN_ANCHOR_SOURCE.who}, ${GZIP_KNN_ANCHOR_SOURCE.what}); match = within ±0.01`,
  maxRows: 20,
});
showTable(fullRuns.map((r) => ({ dataset: r.dataset, "train × test": `${r.trainRows} × ${r.testRows}`, "fair k=1": r.accuracy.k1["1"],
  "paper k=2": r.accuracy.paper["2"], "random k=2": r.accuracy.random["2"], "decrement k=2": r.accuracy.decrement["2"],
  "fair k=3": r.accuracy.k1["3"], engine: r.engine, "wall s": Math.round(r.wallSeconds) })), {
  caption: "Committed full runs, every tie policy (results/gzip-knn/*.json)",
  digits: 4,
});
const pending = GZIP_KNN_ANCHORS.filter((a) => !fullRuns.some((r) => r.dataset === a.dataset)).map((a) => a.title);
const differs = anchorRows.filter((r) => r.status === "differs");
const agRun = fullRuns.find((r) => r.dataset === "ag_news");
showMarkdown([
  `**Pending** (full run not committed yet): ${pending.length ? pending.join(", ") : "none"}.`,
  agRun ? `**AG News** is compared on ${agRun.trainSplit === "train_full" ? `its complete train set (${agRun.trainRows.toLocaleString("en-US")} ` +
    `rows), as the anchor` : `the shipped ${agRun.trainRows.toLocaleString("en-US")}-row train subset (the anchor used all 120,000 rows; the full run ` +
    `is \`npm run gzip-knn -- --dataset ag_news --train full\`, about 6–7 core-hours, see the scaling section of deep dive 01c)`}.` : "",
  differs.length === 0
    ? `**Every committed number is within ±0.01 of its anchor.**`
    : `**Beyond ±0.01:** ${differs.map((r) => `${r.dataset} ${r.metric} (${r.diff! > 0 ? "+" : ""}${r.diff!.toFixed(3)})${r.note ? `: ` +
      `${r.note}` : ""}`).join("; ")}.`,
  `Two reasons remain for small differences even with the same data and method: the compressor's bytes (Node's zlib is not Python's: deep dive 01c ` +
    `measures it) and ties in distance (equal NCDs are broken by train order, which differs between implementations).`,
].join("\n\n"));

// %% [markdown]
// ## 5. The learned baselines, beside gzip
// `npm run train-baselines -- --dataset <name>` trains the three baselines on the complete train split
// and scores them on the complete test split (results in `results/baselines/`). Latency is per item,
// text in → class out, one at a time. For gzip kNN we measure the same thing live: one AG News headline
// against the whole train set (the shipped 12,000-row subset, or all 120,000 rows when fetched), on one
// thread. gzip's "model" is its training set.

// %%
import { createNcdNearestNeighbour } from "./lib/compress/index";
import { measureLatency, measureLatencySync } from "./lib/metrics/index";
const baselineFiles = readResults(BASELINES).map((r) => r.value);
const trainTexts12k = agTrain.map((r) => r.text);
const gzipServed = createNcdNearestNeighbour(agGzipTrain.rows); // C(y) of each train text once, then one query at a time
const agGzipN = agGzipTrain.rows.length.toLocaleString("en-US");
const lat = measureLatencySync((i) => gzipServed.predict(agTest[Math.abs(i) % agTest.length].text), { warmup: 1, iterations: 12 });
gzipServed.close();
const agGzipBytes = gzipServed.sizeBytes();
const rowsB = [];
for (const b of baselineFiles) {
  const full = fullRuns.find((r) => r.dataset === b.dataset);
  for (const m of b.models) rowsB.push({ dataset: b.dataset, model: m.name, accuracy: m.accuracy, "train s": m.trainSeconds,
    "p50 ms": m.latency.p50Ms, "p99 ms": m.latency.p99Ms, "size MB": ((m.sizeBytes + (m.vectorizerBytes ?? 0)) / 1e6).toFixed(2) });
  rowsB.push({ dataset: b.dataset, model: "gzip kNN (fair k=1)",
    accuracy: full ? full.accuracy.k1["1"] : b.dataset === "ag_news" ? `${liveTable.k1["1"].toFixed(3)} (sample, ${agTrainMax.length} ` +
    `train)` : "pending", "train s": 0,
    "p50 ms": b.dataset === "ag_news" ? lat.summary.p50 : full ? (full.trainRows / full.pairsPerSecondPerCore) * 1000 : "",
    "p99 ms": b.dataset === "ag_news" ? lat.summary.p99 : "", "size MB": b.dataset === "ag_news" ? (agGzipBytes / 1e6).toFixed(2) : "" });
}
showTable(rowsB, { caption: `Learned baselines (committed, complete test sets) beside gzip kNN; gzip's AG News latency measured live ` +
  `(createNcdNearestNeighbour, 12 calls vs ${agGzipN} train rows, one thread), other datasets' p50 estimated from the full run's pairs per second per ` +
  `core`, maxRows: 40, digits: 4 });
showMarkdown(`One gzip kNN prediction against ${agGzipN} AG News rows: **p50 ${lat.summary.p50.toFixed(0)} ms, p99 ${lat.summary.p99.toFixed(0)} ms** ` +
  `on one core (12 calls), against ${baselineFiles.find((b) => b.dataset === "ag_news").models.map((m) => `${m.latency.p50Ms} ms ` +
  `(${m.name})`).join(", ")} at p50 for the learned models in their committed run. Those came from another run on a differently loaded machine, so ` +
  `the side-by-side ratio is measured in deep dive 01c, where the TF-IDF + LR model is trained again and run as ONNX.`);

// %% [markdown]
// ## 6. What this means in production
// * **A baseline, not a product.** gzip kNN is a fine zero-training baseline and a useful check on a
//   dataset (it exposes near-duplicates and train/test leakage: some of the paper's datasets have up to
//   100% of test items in train, npc_gzip issue #13). It is not competitive with a trained linear model
//   at equal data, and its honest accuracy is the fair k=1 figure, not the paper's k=2.
// * **Inference cost is the training set.** Every prediction compresses against every stored example:
//   latency and memory grow linearly with data, and the "model" is the data itself (privacy and size).
//   The TF-IDF + LR model answers in microseconds, is a few MB, and runs anywhere onnxruntime does.
// * **Cheaper variants exist, and are measured** (deep dive 01c, against the paper's own loop): the exact
//   kernel, a preset dictionary (approximate) and retrieve + re-rank (two orders of magnitude fewer
//   compressions at equal accuracy); beyond that, more cores (sharding, in the same deep dive); per-class zstd
//   dictionaries report 0.901 on AG News at 0.78 ms p90 (cyrilou242/ftcc).
// * **Reproductions need versions.** The same method on another zlib gives other bytes; results files
//   here record the engine, the machine and the command.

// %%
const elapsed = (performance.now() - NOTEBOOK_T0) / 1000;
showMarkdown(`**This run in numbers:** gzip kNN on the sample (${agTrainMax.length.toLocaleString("en-US")} train) scores ` +
  `**${liveTable.k1["1"].toFixed(3)}** with a fair k=1 and ${liveTable.paper["2"].toFixed(3)} with the paper's k=2 counting; ` +
  `one gzip kNN prediction against ${agGzipN} rows takes ${lat.summary.p50.toFixed(0)} ms at p50; the notebook computed for ${elapsed.toFixed(0)} s.`);

// %% [markdown]
// ## Summary
// * NCD turns any compressor into a distance; gzip's fixed 18 container bytes bias it for short texts.
// * gzip kNN is a real classifier at k=1 (our full runs on R8, R52 and Ohsumed, section 4, are each
//   within 0.01 of the anchors); the paper's k=2 figure is top-2 accuracy, a different, larger number.
// * Learned baselines trained in seconds beat gzip kNN at every train size we tried and answer
//   thousands of times faster (deep dive 01c measures the ratio, the learning curve, retrieve + re-rank
//   and bits per character, the compression view of learning and the bridge to language models).
//
// ## Exercises
// Open `exercises/01.ts`, replace each `throw new NotImplementedYet(…)`, and run the cell below (or
// `npm run check -- 01`). Reference solutions are in `solutions/01.ts`: try first.
// 1. **01.1** `ncdFromSizes(cx, cy, cxy)`: NCD from three compressed lengths.
// 2. **01.2** `tieVote(labels, k, policy)`: the labels a kNN vote counts as correct under `"paper"`,
//    `"k1"` and `"decrement"`, checked on hand-made neighbour lists.
// 3. **01.3** `chooseRerankM(sweep, target)`: the re-rank setting that reaches an accuracy target
//    with the fewest compressions, checked on the committed R8 sweep.
// 4. **01.4** `compressionClassify(classContexts, text, compressor)`: classify by which class's text,
//    used as context, makes the new text cheapest to compress (bits per character as a classifier).
// 5. **01.5** `gzipClaimFlaw()` (a judgement): find the flaw in a claim that k = 2 beats k = 1, and
//    give the honest figure from the results file. Hints on request: `npm run check -- 01 --hint 5`.

// %%
import * as mine from "./exercises/01";
import { checks as checks01 } from "./exercises/checks/01";
import { runChecks, showCheckReport } from "./lib/nb/index";
showCheckReport(await runChecks(checks01, mine));

// %% [markdown]
// ## Further reading
// * Vicki Boykis, "What's new with ML in production" (2024): https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/ (seed 000).
// * Pooyan Jamshidi, CSCE 585 lecture 5 "Machine Learning Systems in Production", after Chip Huyen's CS 329S (seed 004).
// * Z. Jiang et al., "Less is More: Parameter-Free Text Classification with Gzip", Findings of ACL 2023: https://aclanthology.org/2023.findings-acl.426 · code: https://github.com/bazingagin/npc_gzip (issues #3 ties, #13 leakage, #44 the gzip header).
// * Ken Schutte, "Bad numbers in the gzip-classification paper": https://kenschutte.com/gzip-knn-paper/ and https://kenschutte.com/gzip-knn-paper2/ · code: https://github.com/kts/gzip-knn.
// * J. Opitz, "Gzip versus bag-of-words for text classification", arXiv 2307.15002.
// * cyrilou242/ftcc: per-class zstd dictionaries.
// * G. Delétang et al., "Language Modeling Is Compression", ICLR 2024.
// * A. Joulin et al., "Bag of Tricks for Efficient Text Classification", EACL 2017 (fastText).
