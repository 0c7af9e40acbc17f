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
// training-set size, compute, latency and size, (5) run the course's trained classifier as [ONNX](../GLOSSARY.md) through
// onnxruntime-node, and (6) read [bits per character](../GLOSSARY.md) as "how much a compressor has learned".
//
// **Prerequisites.** Module 00 (the kernel, datasets, tables, charts). kNN and logistic regression at
// the level of an introductory ML course.
//
// **Time.** About 45 minutes to read and run; the exercises take another 30–60. With the defaults every cell runs in under
// 3 minutes in all on a 2-core laptop: live experiments use seeded stratified samples of AG News, and
// full-scale numbers come from the committed result files (`results/`), each made by a command you
// can re-run. Set `FULL = true` below for the complete AG News test set (hours on 2 cores).

// %%
import { loadTextSplit, stratifiedSample, labelCounts } from "./lib/data/index";
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { describeMachine } from "./lib/compute/index";
import * as fs from "node:fs";
import * as path from "node:path";

/** false: seeded stratified samples (minutes); true: the complete AG News test set and the whole 12,000-row train set (hours on 2 cores, a few GB of memory). */
const FULL = false;
const N_TEST = FULL ? Infinity : 200; // AG News test items scored live
const SIZES = FULL ? [500, 1000, 2000, 4000, 8000, 12000] : [250, 500, 1000, 2000]; // train-set sizes of the learning curve
const NOTEBOOK_T0 = performance.now();

const agTrain = await loadTextSplit("ag_news", "train"); // the 12,000-row subset in the mirror
const agTestAll = await loadTextSplit("ag_news", "test"); // the complete 7,600-row test set
const agTest = stratifiedSample(agTestAll, Math.min(N_TEST, agTestAll.length), { seed: 42 });
const agTrainMax = stratifiedSample(agTrain, SIZES[SIZES.length - 1], { seed: 42 });
showTable(labelCounts(agTest).map((c) => ({ label: c.label, testSample: c.count, trainSubset: agTrainMax.filter((r) => r.label === c.label).length, trainMirror: agTrain.filter((r) => r.label === c.label).length })), {
  caption: `AG News: ${agTest.length} test items (stratified, seed 42) and a ${agTrainMax.length}-row stratified train subset; ${describeMachine().cores} cores`,
});
// gzip kNN's "model" is its train set: where AG News's complete 120,000-row train set has been fetched
// (npm run data -- fetch ag_news --split train_full) the served gzip classifier (section 7) and the
// reproduction (section 4) use it; otherwise the shipped 12,000-row subset. The learned baselines keep
// the subset their committed models were trained on.
import { loadTrainSet, preferFullTrainRuns } from "./lib/compress/index";
import { percentile } from "./lib/metrics/index";
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
showTable([hx, hy, hz].map((r, i) => ({ name: ["x", "y", "z"][i], label: r.label, chars: r.text.length, text: r.text.slice(0, 110) + (r.text.length > 110 ? "…" : "") })), { caption: "Three AG News test items" });
const compressors = [createCompressor({ name: "gzip", level: 9 }), createCompressor({ name: "deflate", level: 9 }), createCompressor({ name: "gzip", level: 9, engine: "fflate" })];
const ncdRows = compressors.flatMap((c) =>
  [["x", "y", hx, hy], ["x", "z", hx, hz]].map(([a, b, r1, r2]: any) => {
    const ca = c.compressedLength(r1.text), cb = c.compressedLength(r2.text), cab = c.compressedLength(r1.text + NCD_SEPARATOR + r2.text);
    return { compressor: c.id, pair: `${a},${b}`, sameClass: r1.label === r2.label, "C(a)": ca, "C(b)": cb, "C(a b)": cab, NCD: ncdFromLengths(ca, cb, cab) };
  }),
);
showTable(ncdRows, { caption: "Compressed sizes (bytes) and NCD", digits: 3 });
const gzRows = ncdRows.filter((r) => r.compressor === "gzip-9"), dfRows = ncdRows.filter((r) => r.compressor === "deflate-9");
showMarkdown(`gzip's output is always **${gzRows[0]["C(a)"] - dfRows[0]["C(a)"]} bytes** longer than raw deflate's (a 10-byte header and an 8-byte CRC + length trailer). Those bytes carry no information about the text, yet they sit in every term of NCD: for short texts they push every distance towards the same value (here NCD(x,y) = ${gzRows[0].NCD.toFixed(3)} with gzip vs ${dfRows[0].NCD.toFixed(3)} with raw deflate). The same-class pair is ${gzRows[0].NCD < gzRows[1].NCD ? "closer" : "NOT closer"} than the cross-class pair under gzip.`);

// %% [markdown]
// ## 2. The classifier: kNN over NCD
// For each test item, compute NCD to every training item and let the k nearest vote. There is no
// training step: the "model" is the training set, and prediction costs one compression per training
// item. `pairwiseNcd` compresses each text once and spreads the pairs over worker threads; its
// distances are byte-identical to calling `zlib.gzipSync` per pair as the paper does (`bench/gzip-knn-speed.ts`
// checks this). We score our test sample against the largest train subset and keep every distance:
// the learning curve in section 5 reuses them.

// %% id=knn-evaluate
import { pairwiseNcd, knnEvaluate } from "./lib/compress/index";
const cpu0 = process.cpuUsage();
const ncdRun = await pairwiseNcd(agTest.map((r) => r.text), agTrainMax.map((r) => r.text), { topK: Infinity });
const ncdCpu = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6;
const agNeighbours = ncdRun.neighbours.map((n) => n.indices);
const agTrainLabels = agTrainMax.map((r) => r.label), agTestLabels = agTest.map((r) => r.label);
const liveTable = knnEvaluate(agNeighbours, agTrainLabels, agTestLabels, { ks: [1, 2, 3] });
showTable(Object.entries(liveTable).map(([policy, byK]) => ({ policy, ...Object.fromEntries(Object.entries(byK).map(([k, a]) => [`k=${k}`, a])) })), {
  caption: `gzip kNN on AG News, ${agTest.length} test × ${agTrainMax.length} train: ${ncdRun.pairs.toLocaleString("en-US")} pairs in ${ncdRun.seconds.toFixed(1)} s wall, ${ncdCpu.toFixed(1)} CPU s on ${ncdRun.workers} workers`,
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
  ...tie.neighbours.map((j, q) => ({ role: `neighbour ${q + 1}`, label: tie.labels[q], NCD: ncdRun.neighbours[tie.i].distances[q].toFixed(4), text: cut(agTrainMax[j].text) })),
], { caption: `Test item ${tie.i}: paper counting says ${tie.paperCorrect ? "correct" : "wrong"}, fair k=2 (nearest breaks the tie) says ${tie.fairCorrect ? "correct" : "wrong"}` });
showMarkdown(`Of ${agTest.length} test items, **${ties.length}** have two nearest neighbours with different labels; in **${paperOnly.length}** of them the nearest is wrong and the second is right. The paper counts those ${paperOnly.length} as correct, the fair vote does not: ${paperOnly.length} / ${agTest.length} = ${(paperOnly.length / agTest.length).toFixed(3)}, exactly the gap between paper k=2 (${liveTable.paper["2"].toFixed(3)}) and fair k=1 (${liveTable.k1["1"].toFixed(3)}) above.`);

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
import { readResults, readResult, GZIP_KNN, GZIP_PYTHON_VS_NODE, GZIP_KNN_SPEED, GZIP_KNN_SCALING, BASELINES } from "./lib/results/index";
// the canonical files only, each checked against its schema; where a run on AG News's complete train set is committed
// (npm run gzip-knn -- --dataset ag_news --train full --save), it replaces the subset run
const committed = preferFullTrainRuns(readResults(GZIP_KNN).map((r) => r.value));
const fullRuns = committed.filter((r) => !r.rerankM && r.complete);
const anchorRows = compareWithAnchors(committed);
showTable(anchorRows.map((r) => ({ dataset: r.dataset, metric: r.metric, ours: r.ours ?? "pending", anchor: r.anchor, "ours − anchor": r.diff === null ? "" : r.diff.toFixed(4), status: r.status, "train × test": r.rows ?? "" })), {
  caption: `Our full runs beside the anchors (${GZIP_KNN_ANCHOR_SOURCE.who}, ${GZIP_KNN_ANCHOR_SOURCE.what}); match = within ±0.01`,
  maxRows: 20,
});
showTable(fullRuns.map((r) => ({ dataset: r.dataset, "train × test": `${r.trainRows} × ${r.testRows}`, "fair k=1": r.accuracy.k1["1"], "paper k=2": r.accuracy.paper["2"], "random k=2": r.accuracy.random["2"], "decrement k=2": r.accuracy.decrement["2"], "fair k=3": r.accuracy.k1["3"], engine: r.engine, "wall s": Math.round(r.wallSeconds) })), {
  caption: "Committed full runs, every tie policy (results/gzip-knn/*.json)",
  digits: 4,
});
const pending = GZIP_KNN_ANCHORS.filter((a) => !fullRuns.some((r) => r.dataset === a.dataset)).map((a) => a.title);
const differs = anchorRows.filter((r) => r.status === "differs");
const agRun = fullRuns.find((r) => r.dataset === "ag_news");
showMarkdown([
  `**Pending** (full run not committed yet): ${pending.length ? pending.join(", ") : "none"}.`,
  agRun ? `**AG News** is compared on ${agRun.trainSplit === "train_full" ? `its complete train set (${agRun.trainRows.toLocaleString("en-US")} rows), as the anchor` : `the shipped ${agRun.trainRows.toLocaleString("en-US")}-row train subset (the anchor used all 120,000 rows; the full run is \`npm run gzip-knn -- --dataset ag_news --train full\`, about 6–7 core-hours, see the deep dive on scaling in section 6)`}.` : "",
  differs.length === 0
    ? `**Every committed number is within ±0.01 of its anchor.**`
    : `**Beyond ±0.01:** ${differs.map((r) => `${r.dataset} ${r.metric} (${r.diff! > 0 ? "+" : ""}${r.diff!.toFixed(3)})${r.note ? `: ${r.note}` : ""}`).join("; ")}.`,
  `Two reasons remain for small differences even with the same data and method: the compressor's bytes (next cell) and ties in distance (equal NCDs are broken by train order, which differs between implementations).`,
].join("\n\n"));

// %% [markdown] id=same-algorithm-different-bytes
// ### Same algorithm, different bytes: Node's zlib is not Python's
// Deflate is a format, not an algorithm: two compressors at "level 9" may choose different matches and
// emit different, equally valid streams. Node ships **Chromium's fork of zlib** (SIMD hashing and
// match finding), Python links the system zlib. `scripts/python-gzip-reference.ts` ran Python's
// `gzip.compress(…, compresslevel=9)` on our sample and stored its lengths; we recompute Node's for the
// first 20 × 50 pairs live, and show the committed comparison over all 200 × 2,000 pairs:

// %%
const pyRef = readResult(GZIP_PYTHON_VS_NODE, "gzip-python-vs-node.json");
const gz9 = createCompressor({ name: "gzip", level: 9 });
let liveDiffer = 0, liveSum = 0;
for (let i = 0; i < pyRef.firstPairs.tests; i++) {
  for (let j = 0; j < pyRef.firstPairs.trains; j++) {
    const d = gz9.compressedLength(agTest[i].text + NCD_SEPARATOR + agTrainMax[j].text) - pyRef.firstPairs.pythonLengths[i][j];
    if (d !== 0) liveDiffer++;
    liveSum += d;
  }
}
const nLive = pyRef.firstPairs.tests * pyRef.firstPairs.trains;
showTable([
  { check: `C(x y), first ${nLive} pairs (live)`, compared: nLive, differ: liveDiffer, share: liveDiffer / nLive, note: `mean Node − Python ${(liveSum / nLive).toFixed(2)} bytes` },
  { check: `C(x y), all pairs (committed)`, compared: pyRef.pairs.compared, differ: pyRef.pairs.lengthsDiffer, share: pyRef.pairs.shareDiffer, note: "distribution in the chart below" },
  { check: "C(x) of single texts (committed)", compared: pyRef.singleTexts.compared, differ: pyRef.singleTexts.lengthsDiffer, share: pyRef.singleTexts.lengthsDiffer / pyRef.singleTexts.compared, note: "" },
  { check: "nearest neighbour (committed)", compared: pyRef.nearestNeighbour.testItems, differ: pyRef.nearestNeighbour.nearestDiffers, share: pyRef.nearestNeighbour.nearestDiffers / pyRef.nearestNeighbour.testItems, note: `fair k=1: Python ${pyRef.nearestNeighbour.python.fairK1.toFixed(3)}, Node ${pyRef.nearestNeighbour.node.fairK1.toFixed(3)}; paper k=2: Python ${pyRef.nearestNeighbour.python.paperK2.toFixed(3)}, Node ${pyRef.nearestNeighbour.node.paperK2.toFixed(3)}` },
], { caption: `gzip -9 lengths: Node ${pyRef.node.version} (zlib ${pyRef.node.zlib}) vs Python ${pyRef.python.version} (zlib ${pyRef.python.zlib})`, digits: 3 });
const pyHist = Object.entries(pyRef.pairs.nodeMinusPython).map(([k, v]) => [Number(k), v as number]).sort((a, b) => a[0] - b[0]);
plot([{ type: "bar", x: pyHist.map((h) => h[0]), y: pyHist.map((h) => h[1]) }], {
  title: { text: `C(x y) with gzip -9: Node minus Python, bytes (${pyRef.pairs.compared.toLocaleString("en-US")} AG News pairs)` }, xaxis: { title: { text: "Node − Python (bytes); negative: Node's stream is shorter" } }, yaxis: { title: { text: "pairs" } },
}, { height: 320 });

// %% [markdown]
// So a reproduction in another language reproduces the *method*, not the bytes: a few nearest
// neighbours change, and accuracies can move by a few items in a thousand. That is part of why our R8
// and R52 numbers sit a little above or below the anchors, and why a claim should come with the
// compressor's implementation and version (our result files record `engine`).
//
// ## 5. Accuracy against training-set size
// gzip kNN needs no training, which is most useful when there is little data. Does it win there? We fit
// each method on nested stratified subsets of AG News train and score all of them on the same test
// sample. gzip kNN is fair 1-NN; the learned baselines are trained in TypeScript with the settings of
// `scripts/train-baselines.ts`: TF-IDF (word 1–2-grams) + logistic regression, and a fastText-style
// averaged embedding of hashed words and bigrams (Joulin et al. 2017).

// %% id=learning-curve
import { learningCurve, gzipKnnCurveMethod, tfidfLogRegCurveMethod, fastTextCurveMethod } from "./lib/experiments/index";
const gzipMethod = gzipKnnCurveMethod({ k: 1, policy: "k1" });
gzipMethod.remember(agTrainMax, agTest, ncdRun.neighbours); // section 2 already computed these distances
const curve = await learningCurve(agTrain, agTest, [gzipMethod, tfidfLogRegCurveMethod(), fastTextCurveMethod()], { sizes: SIZES, seed: 42 });
const methodsShown = [...new Set(curve.map((p) => p.method))];
plot(methodsShown.map((m) => ({ type: "scatter", mode: "lines+markers", name: m, x: curve.filter((p) => p.method === m).map((p) => p.trainSize), y: curve.filter((p) => p.method === m).map((p) => p.accuracy) })), {
  title: { text: `AG News: accuracy vs training-set size (${agTest.length} stratified test items)` },
  xaxis: { title: { text: "train rows (stratified subset)" }, type: "log" },
  yaxis: { title: { text: "accuracy" } },
});
showTable(SIZES.map((n) => ({ trainRows: n, ...Object.fromEntries(methodsShown.map((m) => [m, curve.find((p) => p.method === m && p.trainSize === n).accuracy])) })), { caption: "Accuracy per train size (test sample; ±0.03 is one standard error at 200 items)", digits: 3 });
const acc = (m: string, n: number) => curve.find((p) => p.method === m && p.trainSize === n).accuracy;
const gzipWins = SIZES.filter((n) => methodsShown.slice(1).every((m) => acc(methodsShown[0], n) >= acc(m, n)));
showMarkdown(gzipWins.length
  ? `gzip kNN is at least as accurate as both learned models at ${gzipWins.join(", ")} train rows.`
  : `**gzip kNN is behind both learned models at every size tried**, even at ${SIZES[0]} rows (≈${Math.round(SIZES[0] / 4)} per class): by ${(acc(methodsShown[1], SIZES[0]) - acc(methodsShown[0], SIZES[0])).toFixed(3)} (TF-IDF + LR) at ${SIZES[0]} rows and ${(acc(methodsShown[1], SIZES[SIZES.length - 1]) - acc(methodsShown[0], SIZES[SIZES.length - 1])).toFixed(3)} at ${SIZES[SIZES.length - 1]}.`);

// %% [markdown]
// "No training" is not the same as "needs less data": a linear model on TF-IDF features learns which
// words matter from a few hundred headlines, while 1-NN over NCD is at the mercy of whichever single
// headline happens to share the most bytes. All three curves still climb, and gzip kNN's prediction
// cost climbs with them (every prediction scans the whole train set). At full scale on the complete
// test set, the committed baselines of section 7, trained on the 12,000-row subset, beat the anchor's
// gzip kNN that used all 120,000 rows (compare section 7's table with section 4's).
//
// ## 6. Accuracy against compute
// Every gzip kNN prediction compresses the test item with *every* training item. Two ways to pay
// less: make each compression cheaper (`bench/gzip-knn-speed.ts`: compress `x` once, reuse the native
// handle; or use `x` as a preset dictionary), or compress fewer pairs: **retrieve** the M most
// similar training items with cheap TF-IDF cosine, then **re-rank** only those by NCD. First the
// committed benchmark and the full-scale R8 sweep:

// %%
const speed = readResult(GZIP_KNN_SPEED, "gzip-knn-speed.json");
showTable(speed.variants.map((v) => ({ variant: v.label, "× paper loop, Node": v.ratioToPaperNodeMedian ?? "", "× paper loop, Python": v.ratioToPaperPythonMedian ?? "", "× naive (median)": v.ratioToNaiveMedian, "p25–p75 × naive": `${v.ratioToNaiveP25.toFixed(1)}–${v.ratioToNaiveP75.toFixed(1)}`, exact: v.exactDistances, "full-R8 fair k=1": v.fullTestAccuracy?.k1 ?? "", "full-R8 paper k=2": v.fullTestAccuracy?.k2 ?? "" })), {
  caption: `bench/gzip-knn-speed.ts on R8 (${speed.testItems} test items × ${speed.trainItems} train, one thread, medians of per-row ratios; the anchors and naive ran on the first ${speed.naiveRows} rows)`,
  digits: 3,
});
const vKey = (k) => speed.variants.find((v) => v.key === k);
if (vKey("anchor-node")) {
  const py = vKey("anchor-python");
  showMarkdown(`Against **the paper's own loop** (C(x) once per test item, gzip of y and of x + " " + y per pair${py ? `; in Python it runs at ${py.pairsPerSecondPerCore.toFixed(0)} pairs/s, in Node at ${vKey("anchor-node").pairsPerSecondPerCore.toFixed(0)}` : ""}): the exact kernel is **${vKey("b").ratioToPaperNodeMedian.toFixed(2)}×** the Node loop${py ? ` and **${vKey("b").ratioToPaperPythonMedian.toFixed(2)}×** the Python one` : ""} with identical distances, and the preset dictionary ${vKey("c-prefix1").ratioToPaperNodeMedian.toFixed(2)}× (approximate). The "naive" row compresses x again for every pair, three compressions where the paper's code does two, so ratios against it (${vKey("b").ratioToNaiveMedian.toFixed(2)}× for the kernel) flatter us. Every pair is still compressed once: to go faster with identical distances, add cores (deep dive below).`);
}
const r8Runs = committed.filter((r) => r.dataset === "r8" && r.complete).map((r) => ({ m: r.rerankM ?? null, compressions: r.compressionsTotal, fairK1: r.accuracy.k1["1"], paperK2: r.accuracy.paper["2"] })).sort((a, b) => a.compressions - b.compressions);
plot([
  { type: "scatter", mode: "lines+markers+text", name: "fair k=1", x: r8Runs.map((r) => r.compressions), y: r8Runs.map((r) => r.fairK1), text: r8Runs.map((r) => (r.m ? `M=${r.m}` : "full")), textposition: "bottom right" },
  { type: "scatter", mode: "lines+markers", name: "paper counting, k=2", x: r8Runs.map((r) => r.compressions), y: r8Runs.map((r) => r.paperK2) },
], { title: { text: "R8, complete test set: accuracy vs compressions (retrieve top M by TF-IDF, re-rank by NCD)" }, xaxis: { title: { text: "compressions (log)" }, type: "log" }, yaxis: { title: { text: "accuracy" } } });
const r8Full = r8Runs.find((r) => r.m === null), r8Cheapest = r8Runs.find((r) => r.m !== null && r.fairK1 >= r8Full.fairK1);
if (r8Full && r8Cheapest) showMarkdown(`On R8 the cheapest re-rank that matches the full scan's fair k=1 (${r8Full.fairK1.toFixed(4)}) is **M=${r8Cheapest.m}**: ${r8Cheapest.fairK1.toFixed(4)} with **${(r8Full.compressions / r8Cheapest.compressions).toFixed(0)}× fewer compressions**. The retriever (TF-IDF with sublinear term frequency) removes some misleading near neighbours, so accuracy does not simply fall as M shrinks.`);

// %% [markdown]
// The same sweep, live on our AG News sample, with CPU time:

// %% id=rerank-sweep
import { rerankSweep } from "./lib/compress/index";
const sweep = await rerankSweep(agTrainMax, agTest, { ms: [10, 25, 50, 100, 200, 500], full: false });
sweep.push({ m: null, compressions: agTrainMax.length + agTest.length + agTrainMax.length * agTest.length, fairK1: liveTable.k1["1"], paperK2: liveTable.paper["2"], seconds: ncdRun.seconds, cpuSeconds: ncdCpu });
showTable(sweep.map((r) => ({ M: r.m ?? `full (${agTrainMax.length})`, compressions: r.compressions, "fair k=1": r.fairK1, "paper k=2": r.paperK2, "wall s": r.seconds, "CPU s": r.cpuSeconds })), { caption: `AG News sample: retrieve + re-rank, ${agTest.length} test × ${agTrainMax.length} train`, digits: 3 });
plot([{ type: "scatter", mode: "lines+markers+text", name: "fair k=1", x: sweep.map((r) => r.cpuSeconds), y: sweep.map((r) => r.fairK1), text: sweep.map((r) => (r.m ? `M=${r.m}` : "full")), textposition: "top left" }], {
  title: { text: "AG News sample: fair k=1 accuracy vs CPU seconds" }, xaxis: { title: { text: "CPU seconds (all threads, log)" }, type: "log" }, yaxis: { title: { text: "accuracy" } },
});

// %% [markdown]
// **Read the chart:** up and to the left is better (more accuracy for fewer CPU seconds, on a log
// scale); compare where gzip kNN and its re-rank variants sit against the trained models.

// %% [markdown]
// ### Deep dive: when one machine is not enough
// With identical distances every pair must still be compressed once; past the exact kernel the
// remaining lever is **more cores**. Test items are independent, so the job splits into shards:
// `npm run gzip-knn -- --dataset NAME --shard I/N` scores a deterministic share of the test items
// (balanced by text length) into a resumable shard file, and `npm run gzip-knn -- merge --dataset NAME
// --shards N` combines the N files into exactly the unsharded run's results (a test checks this on R8).
// On a university cluster the scheduler runs the shards: `--slurm --shards N` submits them as a Slurm
// job array (`scripts/slurm/gzip-knn.sbatch`, 1 CPU and 2 GB per task), waits and merges; the same
// shards as a Kubernetes Indexed Job are in `scripts/k8s/` (schema-checked, not run here).
// Below, measured on this machine: the same R8 job as 1 shard and as 2 shards in parallel (separate
// processes, one worker each), and a projection for N machines with its assumptions.

// %%
const scaling = readResult(GZIP_KNN_SCALING, "gzip-knn-scaling.json");
const med = (xs) => percentile(xs, 50);
showTable(
  [scaling.one, scaling.two].map((p) => ({ shards: p.shards, "wall s (median)": med(p.wallSeconds), "CPU s (median)": med(p.cpuSeconds), "merge s": med(p.mergeSeconds), runs: p.wallSeconds.length })),
  { caption: `R8, ${scaling.testRows} test × ${scaling.trainRows} train (${scaling.pairs.toLocaleString("en-US")} pairs), one worker per shard (results/gzip-knn-scaling.json, npm run bench:gzip-scaling)`, digits: 2 },
);
showMarkdown(
  `Two shards in parallel finished **${scaling.speedup.toFixed(2)}×** as fast as one; results identical: **${scaling.identicalResults ? "yes" : "no"}** (fair k=1 ${scaling.accuracyFairK1.toFixed(4)}). ` +
    `Load average ${scaling.loadAverage.before.map((x) => x.toFixed(1)).join(" / ")} before the run on ${scaling.cores} cores: ${scaling.note}. ` +
    `CPU seconds: ${med(scaling.one.cpuSeconds).toFixed(1)} with one shard, ${med(scaling.two.cpuSeconds).toFixed(1)} with two (each shard loads the data and compresses the train set once more): sharding buys wall time, not less work.`,
);
showTable(scaling.projection.rows.map((r) => ({ machines: r.machines, "wall (min)": r.wallSeconds / 60, speedup: r.speedup, efficiency: r.efficiency })), {
  caption: `Projection: ${scaling.projection.job} (${(scaling.projection.pairs / 1e6).toFixed(0)} M pairs)`,
  digits: 2,
});
showMarkdown(`Assumptions of the projection:\n${scaling.projection.assumptions.map((a) => `* ${a}`).join("\n")}`);

// %% [markdown]
// ## 7. The learned baselines, beside gzip
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
  for (const m of b.models) rowsB.push({ dataset: b.dataset, model: m.name, accuracy: m.accuracy, "train s": m.trainSeconds, "p50 ms": m.latency.p50Ms, "p99 ms": m.latency.p99Ms, "size MB": ((m.sizeBytes + (m.vectorizerBytes ?? 0)) / 1e6).toFixed(2) });
  rowsB.push({ dataset: b.dataset, model: "gzip kNN (fair k=1)", accuracy: full ? full.accuracy.k1["1"] : b.dataset === "ag_news" ? `${liveTable.k1["1"].toFixed(3)} (sample, ${agTrainMax.length} train)` : "pending", "train s": 0, "p50 ms": b.dataset === "ag_news" ? lat.summary.p50 : full ? (full.trainRows / full.pairsPerSecondPerCore) * 1000 : "", "p99 ms": b.dataset === "ag_news" ? lat.summary.p99 : "", "size MB": b.dataset === "ag_news" ? (agGzipBytes / 1e6).toFixed(2) : "" });
}
showTable(rowsB, { caption: `Learned baselines (committed, complete test sets) beside gzip kNN; gzip's AG News latency measured live (createNcdNearestNeighbour, 12 calls vs ${agGzipN} train rows, one thread), other datasets' p50 estimated from the full run's pairs per second per core`, maxRows: 40, digits: 4 });
showMarkdown(`One gzip kNN prediction against ${agGzipN} AG News rows: **p50 ${lat.summary.p50.toFixed(0)} ms, p99 ${lat.summary.p99.toFixed(0)} ms** on one core (12 calls), against ${baselineFiles.find((b) => b.dataset === "ag_news").models.map((m) => `${m.latency.p50Ms} ms (${m.name})`).join(", ")} at p50 for the learned models in their committed run. Those came from another run on a differently loaded machine, so the side-by-side ratio is measured in section 8, where the TF-IDF + LR model is trained again in this notebook.`);

// %% [markdown]
// ## 8. The AG News classifier as ONNX
// Every model in the course runs through onnxruntime-node. The AG News TF-IDF + logistic regression
// was exported by `scripts/train-baselines.ts` to `models/agnews-logreg/` (`model.onnx`, `meta.json`,
// `vectorizer.json`); modules 02–04 reuse it. Here we retrain it in TypeScript with the seed and
// settings the artifact records (`retrainLogRegArtifact`: L-BFGS to convergence at C = 10, deterministic; seconds), check that the export is
// byte-identical to the committed one, and compare the TypeScript model with the ONNX model run by
// the provider `createSession` chose (`checkOnnxParity`, the check the script ran before committing it).

// %%
import { sparseToDense } from "./lib/text/index";
import { retrainLogRegArtifact, checkOnnxParity } from "./lib/models/index";
import { loadOnnxArtifact } from "./lib/onnx/index";
import { createSession } from "./lib/compute/index";
import * as ort from "onnxruntime-node";
const artifact = loadOnnxArtifact("models/agnews-logreg");
const artifactMeta = artifact.meta as any; // meta.json: labels, parity, testAccuracy
const retrained = retrainLogRegArtifact(artifact, agTrain); // options from vectorizer.json and meta.json
const vecTs = retrained.vectorizer, lrTs = retrained.model, lrSeconds = retrained.fitSeconds;
const { session, provider, attempts } = await createSession(artifact.model);
const Xs = agTest.slice(0, 1000).map((r) => vecTs.transform(r.text)); // at most 1,000 rows: the dense input is 200 KB per row
const parity = await checkOnnxParity(lrTs, session, Xs, vecTs.dim, { batchRows: Xs.length });
const maxDiff = parity.maxAbsProbabilityDiff, argmaxAgree = Xs.length - parity.argmaxMismatches;
const onnxCorrect = parity.onnxLabels.filter((l, i) => artifactMeta.labels[l] === agTest[i].label).length;
const one = new ort.Tensor("float32", sparseToDense([vecTs.transform(agTest[0].text)], vecTs.dim), [1, vecTs.dim]);
const latOnnx = await measureLatency(() => session.run({ features: one }), { warmup: 5, iterations: 100 });
const latTs = measureLatencySync((i) => lrTs.predict(vecTs.transform(agTest[Math.abs(i) % agTest.length].text)), { warmup: 20, iterations: 200 });
showTable([
  { check: "provider that runs the model", value: provider, note: attempts.map((a) => `${a.provider}: ${a.ok ? "ok" : a.reason.slice(0, 90)}`).join(" | ") },
  { check: "retrained export identical to committed model.onnx", value: retrained.reproduced ? "yes (same sha256)" : "no", note: `${lrSeconds.toFixed(1)} s to train, sha256 ${retrained.sha256.slice(0, 16)}…` },
  { check: `max |p_TS − p_ONNX| over ${Xs.length} test items`, value: maxDiff.toExponential(2), note: `committed check on all 7,600: ${artifactMeta.parity.maxAbsProbabilityDiff.toExponential(2)}` },
  { check: "argmax agreement TS vs ONNX", value: `${argmaxAgree} / ${Xs.length}`, note: `committed: ${artifactMeta.parity.argmaxMismatches} mismatches on 7,600` },
  { check: "ONNX accuracy on the test sample", value: (onnxCorrect / Xs.length).toFixed(3), note: `complete test set (meta.json): ${artifactMeta.testAccuracy}` },
  { check: "ONNX session.run, batch 1 (dense 50,000 floats)", value: `p50 ${latOnnx.summary.p50.toFixed(3)} ms, p99 ${latOnnx.summary.p99.toFixed(3)} ms`, note: "100 calls after 5 warm-up; vectorizing not included" },
  { check: "TypeScript TF-IDF + LR, text → class", value: `p50 ${latTs.summary.p50.toFixed(3)} ms, p99 ${latTs.summary.p99.toFixed(3)} ms`, note: "200 calls after 20 warm-up, vectorizing included (as the committed baselines)" },
  { check: `gzip 1-NN (${agGzipN} rows) p50 ÷ TF-IDF + LR p50, this run`, value: `${Math.round(lat.summary.p50 / latTs.summary.p50).toLocaleString("en-US")}×`, note: "both measured in this notebook, one thread each" },
], { caption: `models/agnews-logreg through onnxruntime-node on ${provider.toUpperCase()}` });

// %% [markdown]
// ## 9. Bits per character: what a compressor has learned
// A compressor is a model of text: the better it predicts the next byte, the fewer bits it spends.
// **Bits per character** (8 × compressed bytes / characters) measures that directly, and it is the
// same unit a language model's loss is reported in (Delétang et al., *Language Modeling Is
// Compression*, ICLR 2024); module 05 measures a trained language model with it. Here each class's
// training texts are compressed as one stream, per compressor:

// %% id=bits-per-character-by-class
import { bitsPerCharacterByClass } from "./lib/compress/index";
const bpcCompressors = [
  createCompressor({ name: "deflate", level: 1 }),
  createCompressor({ name: "deflate", level: 9 }),
  createCompressor({ name: "gzip", level: 9 }),
  createCompressor({ name: "deflate", level: 9, engine: "fflate" }),
];
const bpc = bpcCompressors.map((c) => ({ id: c.id, rows: bitsPerCharacterByClass(agTrainMax, { compressor: c }), all: bitsPerCharacterByClass(agTrainMax.map((r) => ({ label: "all", text: r.text })), { compressor: c })[0] }));
plot(bpc.map((b) => ({ type: "bar", name: b.id, x: b.rows.map((r) => r.label).concat(["all classes"]), y: b.rows.map((r) => r.bitsPerChar).concat([b.all.bitsPerChar]) })), {
  title: { text: `AG News train subset (${agTrainMax.length} rows): bits per character, one stream per class` }, barmode: "group", yaxis: { title: { text: "bits per character (8 = uncompressed)" } },
});
showTable(bpc.map((b) => ({ compressor: b.id, ...Object.fromEntries(b.rows.map((r) => [r.label, r.bitsPerChar])), "all classes": b.all.bitsPerChar })), { caption: "Bits per character (lower: the compressor predicts the text better)", digits: 3 });
const bpcPerDoc = agTrainMax.slice(0, 200).reduce((a, r) => a + 8 * compressors[1].compressedLength(r.text), 0) / agTrainMax.slice(0, 200).reduce((a, r) => a + r.text.length, 0);
showMarkdown(`A single headline compressed alone costs **${bpcPerDoc.toFixed(2)} bits per character** with deflate-9 (first 200 train rows), against ${bpc[1].all.bitsPerChar.toFixed(2)} when the texts are compressed together: context is what the compressor learns from, limited to deflate's 32 KB window. This is the whole idea of NCD, and of the compression classifier in exercise 01.4.`);

// %% [markdown]
// ## 10. What this means in production
// * **A baseline, not a product.** gzip kNN is a fine zero-training baseline and a useful check on a
//   dataset (it exposes near-duplicates and train/test leakage: some of the paper's datasets have up to
//   100% of test items in train, npc_gzip issue #13). It is not competitive with a trained linear model
//   at equal data, and its honest accuracy is the fair k=1 figure, not the paper's k=2.
// * **Inference cost is the training set.** Every prediction compresses against every stored example:
//   latency and memory grow linearly with data, and the "model" is the data itself (privacy and size).
//   The TF-IDF + LR model answers in microseconds, is a few MB, and runs anywhere onnxruntime does.
// * **Cheaper variants exist, and are measured** (section 6, against the paper's own loop): the exact
//   kernel, a preset dictionary (approximate) and retrieve + re-rank (two orders of magnitude fewer
//   compressions at equal accuracy); beyond that, more cores (the deep dive on scaling); per-class zstd
//   dictionaries report 0.901 on AG News at 0.78 ms p90 (cyrilou242/ftcc).
// * **Reproductions need versions.** The same method on another zlib gives other bytes; results files
//   here record the engine, the machine and the command.

// %%
const elapsed = (performance.now() - NOTEBOOK_T0) / 1000;
showTable([
  { what: "gzip kNN fair k=1 (sample, 2,000 train)", value: liveTable.k1["1"] },
  { what: "gzip kNN paper k=2 (sample, 2,000 train)", value: liveTable.paper["2"] },
  { what: "TF-IDF + LR at the same train size (sample)", value: curve.find((p) => p.method.startsWith("TF-IDF") && p.trainSize === agTrainMax.length).accuracy },
  { what: `gzip kNN p50 latency vs ${agGzipN} rows (ms)`, value: lat.summary.p50 },
  { what: "ONNX LR p50 latency, batch 1 (ms)", value: latOnnx.summary.p50 },
  { what: "notebook compute so far (s)", value: elapsed },
], { caption: "This run in numbers", digits: 3 });

// %% [markdown]
// ## Summary
// * NCD turns any compressor into a distance; gzip's fixed 18 container bytes bias it for short texts.
// * gzip kNN is a real classifier at k=1 (our full runs on R8, R52 and Ohsumed, section 4, are each
//   within 0.01 of the anchors); the paper's k=2 figure is top-2 accuracy, a different, larger number.
// * Implementation details (Node's zlib vs Python's) move results by a few items per thousand.
// * Learned baselines trained in seconds beat gzip kNN at every train size we tried and answer
//   thousands of times faster (section 8 measures the ratio); retrieve + re-rank makes gzip kNN far
//   cheaper at no loss of accuracy.
// * Bits per character is the compression view of learning, and the bridge to language models.
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
