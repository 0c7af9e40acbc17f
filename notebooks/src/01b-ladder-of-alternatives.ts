// %% [markdown]
// # 01b · Deep dive: the ladder of alternatives to gzip
//
// Vicki Boykis, discussing the gzip-kNN paper, lists what you would try before or instead of it:
// **edit distance** (simple, but every lookup compares against all N training texts), **TF-IDF**
// (fast, but "the vocabulary grows" with the data), then embeddings and large models (GPUs, big
// data). Module 01 measured gzip-kNN, TF-IDF + logistic regression and fastText. This deep dive adds
// the two missing rungs: an edit-distance [kNN](../GLOSSARY.md) beside gzip and TF-IDF (accuracy, cost per prediction,
// and how each grows with the training set), and the TF-IDF vocabulary growth on the course's corpora.
//
// **Prerequisites.** Notebook 01. **Time.** About 15 minutes of reading; the cells run in a few
// seconds. The learning curves (three methods × four training sizes, 200 test texts) ran with
// `npm run ops -- --only ladder --save` and are read from `results/ops/ladder.json`.

// %%
import { normalizedEditDistance } from "./lib/compress/index";
import { loadTextSplit } from "./lib/data/index";
import { vocabularyGrowth } from "./lib/text/index";
import { plot, showMarkdown, showTable } from "./lib/viz/index";

import { readResult, OPS_LADDER } from "./lib/results/index";
const ladder = readResult(OPS_LADDER, "ops/ladder.json");
showTable([
  { a: "kitten", b: "sitting", "edit distance / longer length": normalizedEditDistance("kitten", "sitting").toFixed(3) },
  { a: "Oil prices rise", b: "oil prices rose", "edit distance / longer length": normalizedEditDistance("oil prices rise", "oil prices rose").toFixed(3) },
  { a: "Oil prices rise", b: "Yankees win the pennant", "edit distance / longer length": normalizedEditDistance("oil prices rise", "yankees win the pennant").toFixed(3) },
], { caption: "Normalized Levenshtein distance (fastest-levenshtein): 0 = identical, 1 = nothing in common" });

// %% [markdown]
// ## Accuracy and cost as the training set grows
// Each method sees the same stratified AG News training subsets (250 → 2,000 texts) and the same
// 200 test texts. Edit distance compares the first 300 lower-cased characters of two texts.

// %%
const methods = [...new Set(ladder.curve.map((p) => p.method))];
plot(methods.map((m) => ({ type: "scatter", mode: "lines+markers", name: m, x: ladder.curve.filter((p) => p.method === m).map((p) => p.trainSize), y: ladder.curve.filter((p) => p.method === m).map((p) => p.accuracy) })),
  { title: { text: `Accuracy against training-set size (${ladder.dataset})` }, xaxis: { title: { text: "training texts" }, type: "log" }, yaxis: { title: { text: "accuracy" } } });
showMarkdown("Look at the vertical order: edit distance sits below gzip, which sits below TF-IDF at every size — characters in the same order say less about a topic than shared substrings, which say less than weighted words.");

// %%
plot(methods.map((m) => ({ type: "scatter", mode: "lines+markers", name: m, x: ladder.curve.filter((p) => p.method === m).map((p) => p.trainSize), y: ladder.curve.filter((p) => p.method === m).map((p) => (1000 * p.cpuSeconds) / ladder.testRows) })),
  { title: { text: "CPU milliseconds per test text (fit + predict) against training-set size" }, xaxis: { title: { text: "training texts" }, type: "log" }, yaxis: { title: { text: "CPU ms per prediction" }, type: "log" } });
const at = (m: string, n: number) => ladder.curve.find((p) => p.method === m && p.trainSize === n)!;
const e = methods.find((m) => m.startsWith("edit"))!;
showMarkdown(`Look at the slopes: the two kNN methods pay per training text on every prediction (edit distance: ${((1000 * at(e, 250).cpuSeconds) / ladder.testRows).toFixed(1)} → ${((1000 * at(e, 2000).cpuSeconds) / ladder.testRows).toFixed(1)} CPU ms per text from 250 to 2,000 training texts), while TF-IDF's cost is mostly training, paid once. gzip-kNN remembers the distances of the smaller subsets (nested), so its points count only the new pairs: its real cost per prediction at 2,000 texts is the sum of its four points. CPU seconds are used because this machine's wall clock was shared.`);

// %% [markdown]
// ## The TF-IDF scaling issue: the vocabulary keeps growing
// A TF-IDF model's input width is its vocabulary; a linear model stores one weight per term and
// class. Heaps' law says the vocabulary of n documents grows like K·n^β with β < 1: never flat.
// Module 01 capped it at 50,000 terms; here is what the cap hides.

// %%
showTable(ladder.vocabulary.map((v) => ({ corpus: v.corpus, "n-grams": v.ngrams, ...Object.fromEntries(v.points.map((p) => [`${p.documents.toLocaleString("en-US")} docs`, p.vocabulary.toLocaleString("en-US")])), "Heaps β": v.beta.toFixed(2) })), { caption: "Vocabulary size (terms, min_df 1) against documents" });
plot(ladder.vocabulary.map((v) => ({ type: "scatter", mode: "lines+markers", name: `${v.corpus} (${v.ngrams}-grams, β = ${v.beta.toFixed(2)})`, x: v.points.map((p) => p.documents), y: v.points.map((p) => p.vocabulary) })),
  { title: { text: "TF-IDF vocabulary growth (log–log: a straight line is Heaps' law)" }, xaxis: { title: { text: "documents" }, type: "log" }, yaxis: { title: { text: "terms" }, type: "log" } });
showMarkdown("Look at the bigram line: adding word pairs multiplies the vocabulary and steepens its growth, which is why module 01 needed `maxFeatures` and why hashing tricks and subword embeddings exist.");

// %% [markdown]
// ### Live: the same measurement on R8
// Fitting the vectorizer on growing prefixes of R8's training set takes a few seconds. The prefixes
// follow file order, so a corpus stored class by class (20 Newsgroups) jumps when a new class begins.

// %%
const r8 = (await loadTextSplit("r8", "train")).map((r) => r.text);
const g = vocabularyGrowth(r8, [500, 1000, 2000, 4000, r8.length]);
showMarkdown(`R8: ${g.points.map((p) => `${p.documents.toLocaleString("en-US")} docs → ${p.vocabulary.toLocaleString("en-US")} terms`).join("; ")}. Heaps' fit: V ≈ ${g.k.toFixed(0)}·n^${g.beta.toFixed(2)}.`);

// %% [markdown]
// ## Takeaways
// * Edit distance is the simplest similarity and the weakest here; like gzip-kNN it has no training
//   and a cost per prediction that grows with the data.
// * TF-IDF is cheap per prediction, but its vocabulary grows without bound (Heaps' β between about
//   0.5 and 0.8 on these corpora in `results/ops/ladder.json`, higher with bigrams): capping, hashing
//   or learned embeddings are the next rungs.
//
// ## Further reading
// * V. Boykis, "What's new with ML in production" (2024) and her notes on the gzip-kNN paper.
// * V. I. Levenshtein (1966); G. Myers, "A fast bit-vector algorithm for approximate string matching" (1999).
// * H. S. Heaps, *Information Retrieval: Computational and Theoretical Aspects* (1978).
