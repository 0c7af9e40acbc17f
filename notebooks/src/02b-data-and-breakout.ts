// %% [markdown]
// # 02b · Deep dive: data that shifts, and the e-commerce review breakout
//
// A deep dive of module 02 (read `02-research-vs-production` first; its sections 3 and 6).
// **Goals.** (1) Measure how much a random split over-promises against training on the past, on the
// Electricity stream, and what a leaky column does; (2) in the breakout, judge a review model by the
// business's costs and by slices that look like production, not by accuracy at 0.5.
//
// **Time.** About 20 minutes to read and run, plus the breakout's discussion; the cells run in under a
// minute on a 2-core laptop.

// %%
import { loadRows, stratifiedSplit, labelCounts } from "./lib/data/index";
import { TfidfVectorizer } from "./lib/text/index";
import { LogisticRegression, encodeClassLabels } from "./lib/models/index";
import { summaryStats, costAtThreshold, costThresholdSweep, minimumCostThreshold, precisionAtTopK } from "./lib/metrics/index";
import { showTable, showMarkdown, plot } from "./lib/viz/index";

// %% [markdown] id=data-static
// ## Data: static in research, shifting in production
//
// A research dataset is a snapshot; production data keeps arriving and changing. Chip Huyen's tip
// (seed thread): *train on data from six months ago and test on current data to see how much worse
// the model gets.* We do exactly that on **Electricity** (Elec2, New South Wales, 1996–1998): predict
// whether the price goes UP or DOWN relative to its 24-hour average from the day, the half-hour, the
// demand in NSW and Victoria and the transfer between them.
//
// `nswprice` is excluded: the label is defined from it (the dataset's notes; Gama et al. 2004 drop it
// too). The task is the one module 03 uses (`ELECTRICITY_UPDOWN_TASK`, `electricityModelSpec`). We
// train on the first six months, then evaluate on every later month, beside the "research"
// estimate: the same number of training rows drawn at random from the whole period, tested on the
// rest (`randomVsTemporalSplit`).

// %%
import { ELECTRICITY_UPDOWN_TASK, electricityModelSpec, loadElectricityRows, randomVsTemporalSplit } from "./lib/drift/index";

const elec = await loadElectricityRows();
const elecSplit = randomVsTemporalSplit(elec, { ...electricityModelSpec(), trainMonths: 6, seed: 5 });
const leakyTask = { ...ELECTRICITY_UPDOWN_TASK, numeric: [...ELECTRICITY_UPDOWN_TASK.numeric, "nswprice"] };
const elecLeaky = randomVsTemporalSplit(elec, { ...electricityModelSpec({}, leakyTask), trainMonths: 6, randomSplit: false });
const perMonth = elecSplit.months;
showTable(
  [
    { evaluation: "research: random split (same training size), test on the rest", accuracy: elecSplit.randomSplitAccuracy },
    { evaluation: "production: train on the first 6 months, test on all later months", accuracy: elecSplit.temporalAccuracy },
    { evaluation: "…and with the leaky nswprice column added", accuracy: elecLeaky.temporalAccuracy },
  ],
  {
    caption: `Electricity: ${elecSplit.trainRows.toLocaleString("en-US")} training rows (${elecSplit.trainMonths[0]} to ` +
      `${elecSplit.trainMonths[elecSplit.trainMonths.length - 1]}), ` +
      `${elecSplit.laterRows.toLocaleString("en-US")} later rows`,
  },
);
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "model trained on the first 6 months",
      x: perMonth.map((p) => p.month),
      y: perMonth.map((p) => p.accuracy),
    },
    {
      type: "scatter",
      mode: "lines",
      name: "always guess this month's majority",
      x: perMonth.map((p) => p.month),
      y: perMonth.map((p) => p.majorityAccuracy),
      line: { dash: "dot" },
    },
    {
      type: "scatter",
      mode: "lines",
      name: "research estimate (random split)",
      x: perMonth.map((p) => p.month),
      y: perMonth.map(() => elecSplit.randomSplitAccuracy),
      line: { dash: "dash" },
    },
  ],
  { title: { text: "Electricity: accuracy month by month after training" }, yaxis: { title: { text: "accuracy" } } },
);
const below = perMonth.filter((p) => p.accuracy < p.majorityAccuracy);
const accs = perMonth.map((p) => p.accuracy);
showMarkdown(
  `Measured: the random split promises **${elecSplit.randomSplitAccuracy!.toFixed(3)}**; trained on the past and tested on ` +
    `the future the model gets **${elecSplit.temporalAccuracy.toFixed(3)}**, and month by month anywhere from **${Math.min(...accs).toFixed(2)}** ` +
    `to **${Math.max(...accs).toFixed(2)}**. In ${below.length} of ${perMonth.length} months (${below.map((p) => p.month).join(", ")}) ` +
    `it does worse than always guessing that month's majority class.`,
);

// %% [markdown] id=the-breakout
// ## The breakout: an e-commerce review model, research metric vs production
//
// The book club's breakout room: *researchers built a sentiment model for customer reviews of an
// e-commerce platform; the team is about to deploy it. Where do the research evaluation and good
// performance in production part ways, and how should evaluation change?* We measure it on **Amazon
// Fine Food reviews** (4,000 train / 1,000 test, "great" = 5 stars vs "other"), with [TF-IDF](../GLOSSARY.md) + LR.
//
// Production use, stated as an assumption: the platform flags unhappy reviews ("other") for the
// customer-care team. A missed unhappy customer costs about **$10** (churn risk), a needless
// follow-up about **$2** of staff time; the team can read **50 reviews a day** out of every 1,000.

// %%
const ffTrain = await loadRows("fine_foods", "train");
const ffTest = await loadRows("fine_foods", "test");
const ffSplit = stratifiedSplit(ffTrain, { testFraction: 0.2, seed: 6, key: (r) => String(r.score) });
const ffVec = new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true, minDf: 2 }).fit(ffSplit.train.map((r) => String(r.review)));
const ffLabels = ["great", "other"]; // class 1 = "other", the reviews to act on
const ffEnc = (rows: typeof ffTrain) => ({
  X: rows.map((r) => ffVec.transform(String(r.review))),
  y: encodeClassLabels(
    rows.map((r) => String(r.score)),
    ffLabels,
  ).y,
});
const ffFit = ffEnc(ffSplit.train),
  ffVal = ffEnc(ffSplit.test),
  ffTe = ffEnc(ffTest);
const ffLr = new LogisticRegression({ epochs: 30, validationFraction: 0.1, patience: 2 }).fit(ffFit.X, ffFit.y, ffVec.dim, 2);
const pOther = (X: typeof ffTe.X): number[] => X.map((x) => ffLr.predictProba(x)[1]!);
const pVal = pOther(ffVal.X),
  pTest = pOther(ffTe.X);
const COSTS = { falseNegative: 10, falsePositive: 2 };
const at05 = costAtThreshold(ffTe.y, pTest, 0.5, COSTS);
const chosen = minimumCostThreshold(ffVal.y, pVal, COSTS);
const atChosen = costAtThreshold(ffTe.y, pTest, chosen.threshold, COSTS);
const majority = labelCounts(ffTest, (r) => String(r.score))[0]!;
showTable(
  [
    {
      view: "research: accuracy at 0.5",
      value: at05.accuracy.toFixed(4),
      note: `majority baseline ("${majority.label}") ${majority.share.toFixed(3)}`,
    },
    {
      view: "production: cost per 1,000 reviews at 0.5",
      value: `$${(at05.costPerItem * 1000).toFixed(0)}`,
      note: `${at05.fn} unhappy reviews missed, ${at05.fp} needless follow-ups`,
    },
    {
      view: `production: cost per 1,000 at threshold ${chosen.threshold} (chosen on validation)`,
      value: `$${(atChosen.costPerItem * 1000).toFixed(0)}`,
      note: `${atChosen.fn} missed, ${atChosen.fp} needless; accuracy ${atChosen.accuracy.toFixed(4)}, ${(atChosen.flaggedRate * 100).toFixed(0)}% flagged`,
    },
    {
      view: "production: never flag anything",
      value: `$${(costAtThreshold(ffTe.y, pTest, 2, COSTS).costPerItem * 1000).toFixed(0)}`,
      note: "the cost of doing nothing",
    },
    {
      view: "production: precision of the 50 reviews the team reads",
      value: precisionAtTopK(ffTe.y, pTest, 50).toFixed(2),
      note: `vs ${at05.precision.toFixed(2)} precision over all ${at05.tp + at05.fp} flagged at 0.5`,
    },
  ],
  { caption: `Fine Foods test set (${ffTest.length} reviews): one model, five answers to "how good is it?"` },
);
const curve = costThresholdSweep(ffTe.y, pTest, COSTS, { thresholds: Array.from({ length: 99 }, (_, i) => (i + 1) / 100) });
plot(
  [
    {
      type: "scatter",
      mode: "lines",
      name: "test cost per 1,000 reviews",
      x: curve.map((p) => p.threshold),
      y: curve.map((p) => p.costPerItem * 1000),
    },
    {
      type: "scatter",
      mode: "markers",
      name: "threshold chosen on validation",
      x: [chosen.threshold],
      y: [atChosen.costPerItem * 1000],
      marker: { size: 12 },
    },
    {
      type: "scatter",
      mode: "lines",
      name: "test accuracy (right axis)",
      x: curve.map((p) => p.threshold),
      y: curve.map((p) => p.accuracy),
      yaxis: "y2",
      line: { dash: "dot" },
    },
  ],
  {
    title: { text: "The threshold that maximises accuracy is not the one that minimises cost" },
    xaxis: { title: { text: "flag as unhappy when P(other) ≥" } },
    yaxis: { title: { text: "$ per 1,000 reviews" } },
    yaxis2: { title: { text: "accuracy" }, overlaying: "y", side: "right" },
    legend: { x: 0.35, y: 0.98 },
  },
);

// %% [markdown] id=what-production-will-see
// **What production will see that the test split does not.** Reviews written on a phone are short,
// and a new product has no history. Two checks on the same test set: accuracy by review length, and
// accuracy when each review is cut to its first 12 words. And the "unseen products" question: the
// data has a product id, so we check whether any product appears in both splits.

// %%
const words = ffTest.map((r) => String(r.review).split(/\s+/).length);
const q = summaryStats(words);
const buckets = [
  ["shortest quarter", 0, q.p25],
  ["second", q.p25, q.p50],
  ["third", q.p50, q.p75],
  ["longest quarter", q.p75, Infinity],
] as const;
const ffPred = pTest.map((p) => (p >= 0.5 ? 1 : 0));
const truncated = pOther(ffTest.map((r) => ffVec.transform(String(r.review).split(/\s+/).slice(0, 12).join(" ")))).map((p) => (p >= 0.5 ? 1 : 0));
const accWhere = (pred: number[], keep: (i: number) => boolean): number => {
  const ii = pred.map((_, i) => i).filter(keep);
  return ii.filter((i) => pred[i] === ffTe.y[i]).length / ii.length;
};
const trainProducts = new Set(ffTrain.map((r) => r.product));
showTable(
  [
    ...buckets.map(([name, lo, hi]) => ({
      slice: `${name} by length (${Math.round(lo)}–${hi === Infinity ? "max" : Math.round(hi)} words)`,
      reviews: words.filter((w) => w > lo && w <= hi).length,
      accuracy: accWhere(ffPred, (i) => words[i]! > lo && words[i]! <= hi),
    })),
    { slice: "every review cut to its first 12 words", reviews: ffTest.length, accuracy: accWhere(truncated, () => true) },
    { slice: "every review, full text (the research number)", reviews: ffTest.length, accuracy: accWhere(ffPred, () => true) },
  ],
  { caption: "Fine Foods: accuracy on slices production will meet" },
);
showMarkdown(
  `Products: ${trainProducts.size.toLocaleString("en-US")} distinct in ${ffTrain.length.toLocaleString("en-US")} training ` +
    `reviews, ${new Set(ffTest.map((r) => r.product)).size.toLocaleString("en-US")} in ${ffTest.length.toLocaleString("en-US")} ` +
    `test reviews, **${ffTest.filter((r) => trainProducts.has(r.product)).length} test reviews of a product seen in training**. ` +
    `This split is already by product (one review per product), so its accuracy is an unseen-product number. On a real catalogue, ` +
    `where a product has hundreds of reviews, a random split would put the same products on both sides and over-promise: ` +
    `split by product (and by time) there.`,
);

// %% [markdown]
// The breakout's answers, measured: (1) accuracy is the wrong target: what the business pays for is
// the cost of missed and needless follow-ups, and it is minimised at a threshold far from 0.5 (chosen
// on validation data, never on test), where accuracy is *lower*; (2) the team reads 50 reviews a day,
// so precision at the top of the ranking matters more than accuracy over all; (3) accuracy differs
// between length slices (read the spread in the table above), so a different mix of reviews in production gives a
// different number, and reviews cut short lose more; (4) products are new in production, which this
// split happens to respect. Evaluate on slices that look like production, with the business's costs,
// then keep measuring after launch (module 03).
//

// %% [markdown]
// ## Summary
// * A random split tests a model on the past it was trained beside; production tests it on the
//   future. Evaluate by time, and watch for columns that leak the label.
// * A model's research metric (accuracy at 0.5) is not what the business pays for: choose the
//   threshold by cost on validation data, measure precision where the team reads, and report slices
//   that look like production.
