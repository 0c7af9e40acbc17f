// %% [markdown]
// # 06 · Operating ML: testing in production, silent failures, data versions, evaluations you can trust
//
// Chip Huyen's thread on deployment says the hard part is not getting a model behind an endpoint but
// "the infrastructure to be alerted when something goes wrong, find out what went wrong, test in
// production, and roll out/roll back". Vicki Boykis adds the failures nobody is paged for: caching
// bugs, null or malformed log data, online metrics that disagree with offline ones. This notebook
// measures each of them with the course's own server, data and models.
//
// ## Week 6 plan
// **Goals.** By the end you can (1) release a model in shadow and as a canary with a guardrail that
// rolls back by itself, and say how many requests and users each needed; (2) size an [A/B test](../GLOSSARY.md), show
// why peeking at it breaks its error rate, and stop it correctly with a group-sequential boundary;
// (3) catch silent failures (nulls, unit changes, malformed logs, a stale cache) and compare data
// validation, [drift](../GLOSSARY.md) tests and accuracy monitoring by time to detect and false alarms, with alert
// rules over the server's Prometheus samples; (4) diff, snapshot and merge versions of a dataset and
// find poisoned labels; (5) evaluate structured output by its fields, not its syntax.
//
// **Time.** About 30 minutes to read and run, after the pre-reading; SYLLABUS.md names the core path.
//
// **Pre-reading (about 40 minutes).**
// * Chip Huyen, *Designing Machine Learning Systems* (O'Reilly, 2022), ch. 7 "Model Deployment and
//   Prediction Service" and ch. 9 "Continual Learning and Test in Production" (shadow, A/B, canary,
//   interleaving, bandits).
// * Vicki Boykis, "What's new with ML in production" (2024), the sections on online evaluation and
//   silent failures: https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/
// * R. Johari, L. Pekelis, D. Walsh, "Always valid inference: bringing sequential analysis to A/B
//   testing" (2015/2017), §1–2 (why peeking inflates errors); K. K. G. Lan & D. L. DeMets, "Discrete
//   sequential boundaries for clinical trials", *Biometrika* 70 (1983) (alpha spending).
// * D. Sculley et al., "Hidden Technical Debt in Machine Learning Systems", NeurIPS 2015.
//
// **Core path (≤ 60 minutes):** §1 shadow and canary (15 min) → §2 A/B tests (15) → §3 silent
// failures and alerts (15) → §4 data versions and poisoning (8) → §5 structured output (7). The
// discussion section and the exercises are for the lab. **Deep dive:** notebook 01b (the ladder of
// alternatives to gzip: edit distance, [TF-IDF](../GLOSSARY.md) vocabulary growth).
//
// **Where the numbers come from.** The long measurements (7,600 HTTP requests per replay, 1,000 A/A
// experiments, 60-day monitoring windows, retraining under poisoning) ran with
// `npm run ops -- --save` and are committed in `results/ops/*.json`; every figure below is read from
// those files (through `readResult` of lib/results, which checks each file against its schema) or computed live
// in a cell. The notebook runs in well under a minute.

// %%
import { groupSequentialBoundaries, sampleSizeTwoProportions } from "./lib/ops/index";
import { plot, showMarkdown, showTable } from "./lib/viz/index";

import { readResult, OPS_RELEASE, OPS_AB, OPS_MONITORING, OPS_DATA, OPS_STRUCTURED } from "./lib/results/index";
const release = readResult(OPS_RELEASE, "ops/release.json");
const ab = readResult(OPS_AB, "ops/ab.json");
const monitoring = readResult(OPS_MONITORING, "ops/monitoring.json");
const dataRes = readResult(OPS_DATA, "ops/data.json");
const structured = readResult(OPS_STRUCTURED, "ops/structured.json");
const pct = (x: number, d = 1) => `${(100 * x).toFixed(d)}%`;
const fmt = (x: number) => x.toLocaleString("en-US");
showMarkdown(`Results read: release (${release.generatedAt.slice(0, 10)}), ab, monitoring, data, structured — all written by ` +
  `\`${release.command.replace(/ --only .*--save/, " --save")}\`.`);

// %% [markdown]
// ## 1 · Shadow, canary, rollback on the real server
// Production serves **v1**, the committed AG News model (`models/agnews-logreg`, [ONNX](../GLOSSARY.md)). A new
// **v2** is the same features with the logistic regression retrained under another seed: a healthy
// candidate, our *control*. Its twin **v2-nolower** carries a planted, realistic defect: its
// vectorizer was rebuilt without lower-casing, so every capitalised word ("Iraq", "Microsoft", "NFL")
// silently stops matching the lower-case vocabulary. Nothing crashes; the answers are just worse.
// The AG News test set (7,600 texts) is shuffled into a stream sent by about 2,000 simulated users,
// one text per `POST /v1/predict`, to the course server (`startServer`) holding all three models.

// %%
const r = release;
showTable([
  { model: r.models.production, role: "production", "offline accuracy": pct(r.offlineAccuracy.production), "disagreement with v1 (shadow)": "–" },
  { model: r.models.control, role: "healthy candidate (control)", "offline accuracy": pct(r.offlineAccuracy.control),
    "disagreement with v1 (shadow)": pct(r.shadow.controlDisagreement) },
  { model: `${r.models.defect}: ${r.models.defectDescription}`, role: "defective candidate", "offline accuracy": pct(r.offlineAccuracy.defect),
    "disagreement with v1 (shadow)": pct(r.shadow.defectDisagreement) },
], { caption: `Shadow mode over ${fmt(r.requests)} requests from ${fmt(r.users)} users: v2 scores every request beside v1, users only ever see v1` });
const d = r.shadow.detection;
showMarkdown(`A healthy candidate disagrees with production too (**${pct(d.p0)}**): two models never agree on everything. ` +
  `So the shadow alarm is a CUSUM on the per-request disagreement, tuned to a doubled rate and with its threshold set so that at most 1% of ` +
    `${d.replays} replays of the **control** ever alarm within ${fmt(d.horizon)} requests ` +
  `(measured: ${pct(d.controlFalseAlarmRate)}). On the defective candidate it alarmed in **${pct(d.detectedShare, 0)}** of replays, after a median of ` +
    `**${fmt(Math.round(d.requestsToDetect.median))} requests** ` +
  `(90th percentile ${fmt(Math.round(d.requestsToDetect.p90))}, worst ${fmt(d.requestsToDetect.max)}). In shadow mode **no user saw the defective model**.`);

// %% [markdown]
// ### Canary: a share of users, a guardrail, automatic rollback
// Suppose the shadow step had been skipped. A canary routes a stable share of users (hash of the
// user id) to v2. Each user's reaction comes from the real label: a user accepts an answer when it
// is right, and does the opposite with 10% noise. The guardrail compares the acceptance rate of the
// two arms every 25 candidate requests once each has 100, and rolls back when z ≤ −3 (stricter
// than 1.96 because it tests again and again), or at once if the candidate's error rate passes 5%.
// `CanaryController` exports `release_canary_*` and `release_rollbacks_total` on the server's `/metrics`.

// %%
showTable([...r.canary.defect.map((c) => ({ candidate: "v2-nolower (defect)", ...c })), { candidate: "v2 (control)", ...r.canary.control }].map((c) => ({
  candidate: c.candidate,
  share: pct(c.share, 0),
  "rolled back": c.rolledBack ? `yes, at request ${fmt(c.rolledBackAtRequest ?? 0)}` : "no",
  "candidate requests": fmt(c.candidateRequests),
  "users who saw it": fmt(c.usersExposed),
  "wrong answers it gave": fmt(c.wrongCandidateAnswers),
})), { caption: "One canary replay per row, over HTTP through the real server" });
showMarkdown(`What \`/metrics\` showed after the last defective canary:\n\n\`\`\`\n${r.metricsLines.join("\n")}\n\`\`\``);

// %% [markdown]
// One replay is one draw of luck. `canarySweep` repeats the same decision 200 times per share
// (other user hashes, arrival orders and reactions) from the per-request correctness the server gave.

// %%
const sw = r.canarySweep;
plot([
  { type: "scatter", mode: "lines+markers", name: "defect: share of runs rolled back", x: sw.defect.map((s) => s.share),
    y: sw.defect.map((s) => s.rollbackRate), yaxis: "y" },
  { type: "scatter", mode: "lines+markers", name: "control: share of runs rolled back (false)", x: sw.control.map((s) => s.share),
    y: sw.control.map((s) => s.rollbackRate), yaxis: "y" },
  { type: "bar", name: "defect: median users who saw it", x: sw.defect.map((s) => s.share), y: sw.defect.map((s) => s.medianUsersExposed),
    yaxis: "y2", opacity: 0.4 },
], { title: { text: `Canary share: rollback rate and users exposed (${sw.repetitions} runs per share)` }, xaxis: { title: { text: "canary share" },
  type: "log" }, yaxis: { title: { text: "share of runs rolled back" }, range: [0, 1.05] }, yaxis2: { title: { text: "users exposed (median)" },
  overlaying: "y", side: "right" } });
const small = sw.defect[0]!;
const big = sw.defect[sw.defect.length - 1]!;
showMarkdown(`Look at the two ends: at ${pct(small.share, 0)} the guardrail rolled the defect back in only **${pct(small.rollbackRate, 0)}** of runs ` +
  `(too few canary users to see a ${(100 * (r.offlineAccuracy.production - r.offlineAccuracy.defect)).toFixed(1)}-point accuracy gap) while a median ` +
  `${fmt(Math.round(small.medianUsersExposed))} users saw it; at ${pct(big.share, 0)} it rolled back in **${pct(big.rollbackRate, 0)}**, after ` +
  `exposing a median ${fmt(Math.round(big.medianUsersExposed))} users. The control was rolled back in at most ` +
  `**${pct(Math.max(...sw.control.map((s) => s.rollbackRate)), 1)}** of runs: the guardrail's false alarms.`);

// %% [markdown]
// ## 2 · A/B tests and online metrics
// A canary asks "is it broken?"; an A/B test asks "is it better?", with a fixed split and a planned
// number of users. The online metric here is acceptance (right answers accepted, 10% noise).
// **Sample size** for a two-sided two-proportion z-test at α = 0.05 and 80% power (the textbook
// formula; 50% → 60% needs 388 users per arm, checked in the tests):

// %%
showTable(ab.sampleSizes.map((s) => ({ "baseline acceptance": pct(ab.baselineAcceptance), "lift to detect": `+${(100 * s.lift).toFixed(1)} points`,
  "users per arm": fmt(s.usersPerArm) })), { caption: "Users per arm to detect a lift (α 0.05, power 0.8)" });
showMarkdown(`Offline, v2 beats v1 by ${(100 * (r.offlineAccuracy.control - r.offlineAccuracy.production)).toFixed(2)} accuracy points; online that ` +
  `is acceptance ${pct(ab.offlineGap.acceptanceA, 2)} vs ${pct(ab.offlineGap.acceptanceB, 2)}, and detecting it would take ` +
  `**${fmt(ab.offlineGap.usersPerArm)} users per arm**. ` +
  `Live check of the same formula: 388 per arm for 50% → 60% is \`sampleSizeTwoProportions(0.5, 0.6)\` = **${sampleSizeTwoProportions(0.5, 0.6)}**.`);

// %% [markdown]
// ### The cost of peeking
// An analyst who checks the dashboard every day and stops at the first p < 0.05 is running many
// tests, not one. Measured over 1,000 simulated **A/A** experiments (both arms identical, so every
// "significant" result is a false positive), against a fixed-horizon test and a **group-sequential
// test with O'Brien–Fleming-type alpha spending (Lan–DeMets)** — the corrected test used here; an
// always-valid mSPRT would be the other choice.

// %%
const pk = ab.peeking;
plot([{ type: "bar", x: ["fixed horizon (1 look)", `naive peeking (${pk.naiveLooks} looks)`, `group-sequential (${pk.sequentialLooks} looks)`],
  y: [pk.fixedHorizonFpr, pk.naivePeekingFpr, pk.groupSequentialFpr], text: [pk.fixedHorizonFpr, pk.naivePeekingFpr,
  pk.groupSequentialFpr].map((x) => pct(x)), textposition: "outside" }],
  { title: { text: `False-positive rate over ${fmt(pk.experiments)} A/A experiments (${fmt(pk.usersPerArm)} users per arm)` },
    yaxis: { title: { text: "share declared significant" }, range: [0, Math.max(0.3, pk.naivePeekingFpr + 0.05)] }, shapes: [{ type: "line",
    xref: "paper", x0: 0, x1: 1, y0: pk.alpha, y1: pk.alpha, line: { dash: "dot" } }] });
const live = groupSequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1]).z.map((z) => z.toFixed(3)).join(", ");
showMarkdown(`Look at the middle bar: peeking turned a 5% test into a **${pct(pk.naivePeekingFpr)}** one, while the group-sequential test ` +
  `(${pct(pk.groupSequentialFpr)}) stays at α like the fixed-horizon test (${pct(pk.fixedHorizonFpr)}). Its boundaries, computed live: |z| ≥ ${live} ` +
  `at 20%, 40%, …, 100% of the users (the published Lan–DeMets values are 4.877, 3.357, 2.680, 2.290, 2.031).`);

// %% [markdown]
// ### When online disagrees with offline
// The offline test set has the four topics in equal shares. Real users do not: suppose 70% of them
// read the one topic where v2 is weaker than v1. Same models, same labels, another population. Each
// simulated user is a row drawn from their topic; the test looks 5 times and stops at the first
// crossing of the group-sequential boundary.

// %%
showMarkdown(`Per topic on the replayed stream, v2 − v1: ${ab.perSliceAccuracy.map((s) => `${s.slice} ${(100 * (s.b - s.a)).toFixed(1)} pt (v1 ` +
  `${pct(s.a)})`).join(", ")}.`);
showTable(ab.tests.map((t) => ({ test: t.name, "stopped at look": t.stoppedAtLook ?? "ran to the end", decision: t.decision,
  "users per arm used": fmt(t.stoppedAtLook ? t.looks[t.stoppedAtLook - 1]!.usersPerArm : t.looks[t.looks.length - 1]!.usersPerArm),
  "acceptance v1 / v2 at the end": `${pct(t.looks[t.looks.length - 1]!.rateA)} / ${pct(t.looks[t.looks.length - 1]!.rateB)}`,
  "fixed-horizon p": t.fixedHorizon.pValue.toFixed(4) })), { caption: "Group-sequential A/B tests (5 looks, 20,000 users per arm planned)" });

// %%
const skew = ab.tests[ab.tests.length - 1]!;
plot([
  { type: "scatter", mode: "lines+markers", name: "z (v2 − v1)", x: skew.looks.map((l) => l.usersPerArm), y: skew.looks.map((l) => l.z) },
  { type: "scatter", mode: "lines", name: "upper boundary", x: skew.looks.map((l) => l.usersPerArm), y: skew.looks.map((l) => l.boundary),
    line: { dash: "dash" } },
  { type: "scatter", mode: "lines", name: "lower boundary", x: skew.looks.map((l) => l.usersPerArm), y: skew.looks.map((l) => -l.boundary),
    line: { dash: "dash" } },
], { title: { text: `A/B test: ${skew.name}` }, xaxis: { title: { text: "users per arm at the look" } }, yaxis: { title: { text: "z statistic" } } });
const first = ab.tests[0]!;
const gap = first.offlineAccuracy.b - first.offlineAccuracy.a;
showMarkdown(`Look at whether the z path ever leaves the band: it does not, so this test may not stop and ends with **${skew.decision}**, although ` +
  `offline v2 is ahead (v1 ${pct(skew.offlineAccuracy.a)}, v2 ${pct(skew.offlineAccuracy.b)}): on the topic most of these users read, v2 is the ` +
  `weaker model. ` +
  `With the test set's own topic mix the same test ended with **${first.decision}**${first.stoppedAtLook ? ` at look ${first.stoppedAtLook}` : ""} — ` +
    `for a ${(100 * gap).toFixed(2)}-point accuracy gap that the sample-size table says needs ${fmt(ab.offlineGap.usersPerArm)} users per arm for 80% ` +
    `power, a lucky early stop: the boundary keeps the false-positive rate at 5%, it does not make a small effect easy to see.`);

// %% [markdown]
// ## 3 · Silent failures: validation vs drift vs accuracy monitoring
// The electricity stream (Elec2, in time order) with a model trained on the 120 days before a
// 60-day calibration window, then a 60-day **healthy** window (to count false alarms) and a 60-day
// **failure** window into which each failure is planted on its first day. Three monitors run on
// every daily batch: **validation** (a zod row schema; null rates, ranges — Elec2's columns are
// normalized to [0, 1] — and category sets; and the freshness of the served predictions),
// **drift** (KS per feature against the calibration days; the textbook p < 0.01 rule and a
// threshold calibrated on the calibration days), and **accuracy monitoring** (the day's accuracy,
// known a day later, under mean − 3 sd of the calibration days).

// %%
const sf = monitoring.silentFailures;
const days = (x: number | null) => (x === null ? "never (60 days)" : x === 0 ? "same day" : `${x} days`);
showTable([
  ...sf.failures.map((f) => ({ failure: f.failure, what: f.description, validation: days(f.daysToDetect.validation),
    "drift (p < 0.01)": days(f.daysToDetect.drift), "drift (calibrated)": days(f.daysToDetect.driftCalibrated),
    "accuracy monitoring": days(f.daysToDetect.accuracy), "served accuracy": pct(f.servedAccuracy) })),
  { failure: "none (healthy window)", what: "false alarms: share of healthy days with an alarm", validation: pct(sf.falseAlarmRate.validation, 0),
    "drift (p < 0.01)": pct(sf.falseAlarmRate.drift, 0), "drift (calibrated)": pct(sf.falseAlarmRate.driftCalibrated, 0),
    "accuracy monitoring": pct(sf.falseAlarmRate.accuracy, 0), "served accuracy": pct(sf.healthyAccuracy) },
], { caption: `Time to detect each planted failure (failure window ${sf.windows.failure.join(" … ")}) and false alarms (healthy window ` +
  `${sf.windows.healthy.join(" … ")})` });
showMarkdown(`Read the last row before the others: a monitor that alarms on ${pct(sf.falseAlarmRate.drift, 0)} of healthy days "detects" everything ` +
  `on day 0 and is useless — this autocorrelated stream fails a KS test almost every day. ` +
  `Validation caught every failure on its first day with no false alarm; accuracy monitoring, the only method that sees what users get, was the ` +
    `slowest (the stale cache serves yesterday's prediction for the same half-hour, which is often right). ` +
  `The drift monitors' "detections" of the stale cache are false alarms by construction: that failure leaves the inputs untouched.`);

// %% [markdown]
// ### Alert rules over the server's Prometheus samples
// The course server exports `serving_requests_total{route,status}` on `/metrics`. We sent AG News
// texts in intervals of 200 requests and scraped `/metrics` after each; from interval 6 on a client
// bug sent 10% of requests as `{"input": …}` (400 Bad Request). Rules are evaluated over the scraped
// samples like PromQL's `increase(a) / increase(b) > t` with a `for:` clause.

// %%
const al = monitoring.alerts;
showTable(al.rules.map((x) => ({ rule: x.rule, "fired before the failure": x.firedBeforeFailure ? "yes" : "no",
  "first firing scrape": x.firstFiring ?? "never", "scrapes after the first that could see it": x.scrapesToDetect ?? "–",
  "ratio per scrape": x.values.slice(1).map((v) => v.toFixed(2)).join(" ") })), { caption: `Alert rules over ${al.intervals} scrapes of /metrics ` +
  `(${al.requestsPerInterval} requests between scrapes)` });

// %% [markdown]
// ## 4 · Data versions and poisoning
// "Git diffs fail" for data: electricity v2 corrects 200 prices, deletes one day and adds a column.

// %%
const v = dataRes.versions;
showTable([
  { comparison: "v1 → v2, diff by key (date, half-hour)", result: `${v.diff.changed} rows changed ` +
    `(${Object.entries(v.diff.changedCellsByColumn).map(([c, n]) => `${c}: ${n}`).join(", ")}), ${v.diff.removed} removed, ${v.diff.added} added, ` +
    `columns added: ${v.diff.addedColumns.join(", ")}` },
  { comparison: "v1 → v2, line diff of the CSV text", result: `${fmt(v.lineDiff.v2.differingLines)} of ${fmt(v.lineDiff.v2.lines)} lines differ; ` +
    `${pct(v.lineDiff.v2.gzipBytesDiffering)} of the gzip bytes differ` },
  { comparison: "v1 → v1 shuffled, line diff", result: `${fmt(v.lineDiff.shuffled.differingLines)} lines differ, ` +
    `${pct(v.lineDiff.shuffled.gzipBytesDiffering)} of gzip bytes; diff by key: ${v.lineDiff.shuffled.keyedChanges} changes` },
  { comparison: "content-addressed snapshot ids (SHA-256 of sorted row hashes)", result: `v1 ${v.snapshots.v1.slice(0, 12)}…, v1 shuffled ` +
    `${v.snapshots.v1Shuffled.slice(0, 12)}… (${v.snapshots.v1 === v.snapshots.v1Shuffled ? "same" : "different"}), v2 ${v.snapshots.v2.slice(0, 12)}…` },
  { comparison: "three-way merge of two analysts' edits", result: `${v.merge.conflicts} conflict: ${v.merge.example ? `${v.merge.example.key} ` +
    `${v.merge.example.column}: base ${v.merge.example.base}, ours ${v.merge.example.ours}, theirs ${v.merge.example.theirs}` : "none"}; the other ` +
    `edits merged cell by cell` },
], { caption: `Versions of electricity (${fmt(v.rows)} rows)` });

// %% [markdown]
// **Poisoning.** Flip a share of AG News training labels, retrain, and look for the flipped rows
// by the loss of their given label under a model that never saw them (2-fold cross-fitting).

// %%
const po = dataRes.poisoning;
showTable(po.rows.map((x) => ({ "labels flipped": `${pct(x.share, 0)} (${fmt(x.flipped)})`, "test accuracy": `${pct(x.accuracy)} (clean ` +
  `${pct(po.cleanAccuracy)})`, "precision of the top suspects": pct(x.detection.precision), recall: pct(x.detection.recall),
  "accuracy after removing them": pct(x.accuracyAfterRemoval) })), { caption: `Label poisoning on ${po.dataset}` });

// %% [markdown]
// ## 5 · Evaluations you can trust for structured output
// Module 05 repaired *syntax*. Here the outputs also carry **wrong-but-valid** fields: a value
// taken from another record (right type, wrong answer) in 3% of fields, and a harmless-looking
// reformatting (upper-cased string, a number off by 2%) in another 3%, on top of module 05's syntax
// error model. Gold records come from the four structured sources.

// %%
const st = structured;
plot([{ type: "bar", x: ["valid as generated", "valid after repair", "all fields right (among valid)", "fields right (among valid)", "field " +
  "precision", "field recall"], y: [st.validity.before, st.validity.afterRepair, st.exactAmongValid, st.fieldAccuracyAmongValid, st.fields.precision,
  st.fields.recall], text: [st.validity.before, st.validity.afterRepair, st.exactAmongValid, st.fieldAccuracyAmongValid, st.fields.precision,
  st.fields.recall].map((x) => pct(x)), textposition: "outside" }],
  { title: { text: `Validity is not correctness (${st.outputs} outputs)` }, yaxis: { range: [0, 1.1], title: { text: "share" } } });
showMarkdown(`Look at the third bar: of the outputs that pass the schema after repair, only **${pct(st.exactAmongValid)}** have every field right. ` +
  `Two scorers grading the same outputs with one rubric (2 = all fields right, 1 = at most two wrong, 0 = unusable), one strict and one lenient about ` +
    `case and 5% numeric slack, agree on ${pct(st.rubric.agreement)} of outputs: **Cohen's κ = ${st.rubric.kappa.toFixed(2)}** (mean grade ` +
    `${st.rubric.strictMean.toFixed(2)} vs ${st.rubric.lenientMean.toFixed(2)}). ` +
  `Re-prompting every invalid output would cost **${fmt(Math.round(st.tokensPer1000.repromptAll))}** tokens per 1,000 outputs; repairing first and ` +
    `re-prompting only what repair cannot fix costs **${fmt(Math.round(st.tokensPer1000.repairThenReprompt))}** (${st.tokensPer1000.tokenizer}).`);

// %% [markdown]
// ## Discussion: the lecture's questions, answered with this course's measurements
// 1. **"ML engineering is 10% ML, 90% engineering."** Count the parts of §1–§3: the model is one
//    `LogisticRegression`; around it are a server, a router, a guardrail, a CUSUM, a schema, three
//    monitors and alert rules. Which of them caught the planted defect first, and which would have
//    caught it had the model been perfect?
// 2. **Software 2.0** (Karpathy): v2-nolower has the *same weights* as v2; only its preprocessing
//    changed. Where is the "program" of a model, and which test in this notebook checks that part?
// 3. **Technical debt** (Sculley et al.): the stale cache and the unit change are "pipeline jungle"
//    and "undeclared consumer" failures. Which monitor's false-alarm rate would make an on-call
//    engineer stop reading alerts, and what does that cost?
// 4. **Offline vs online**: v2 wins offline and loses the skewed A/B test. Which number should decide
//    the launch, and what would you log to know your real population?
// 5. **The swing back to small models**: every release step here (7,600 shadow requests, 200 canary
//    sweeps, retraining four times under poisoning) ran on 2 CPU cores in minutes. What would each
//    step cost with a model that needs a GPU per replica?

// %%
const sfStale = sf.failures.find((f) => f.failure === "stale-cache")!;
const answers = [
  { question: "1 · 10% ML / 90% engineering", "what this notebook measured": `The model is one logistic regression; the defect was caught by the ` +
    `shadow CUSUM after ${fmt(Math.round(d.requestsToDetect.median))} requests and by the canary guardrail, never by the model. The silent failures ` +
    `were caught by a schema (${days(0)}), not by accuracy (up to ${days(sfStale.daysToDetect.accuracy)}).` },
  { question: "2 · Software 2.0", "what this notebook measured": `Same weights, different preprocessing: offline accuracy ` +
    `${pct(r.offlineAccuracy.control)} → ${pct(r.offlineAccuracy.defect)}. The "program" includes the vectorizer; only the shadow comparison and the ` +
    `canary saw it.` },
  { question: "3 · Technical debt", "what this notebook measured": `A textbook drift alarm fired on ${pct(sf.falseAlarmRate.drift, 0)} of healthy ` +
    `days, a calibrated one on ${pct(sf.falseAlarmRate.driftCalibrated, 0)}: alert fatigue is measurable. The stale cache cost ` +
    `${(100 * (sf.healthyAccuracy - sfStale.servedAccuracy)).toFixed(1)} accuracy points for ${days(sfStale.daysToDetect.accuracy)} before accuracy ` +
    `monitoring noticed.` },
  { question: "4 · Offline vs online", "what this notebook measured": `Offline v2 is ahead by ` +
    `${(100 * (r.offlineAccuracy.control - r.offlineAccuracy.production)).toFixed(2)} points; online with a skewed population the test ended ` +
    `"${skew.decision}". Seeing the offline gap online needs ${fmt(ab.offlineGap.usersPerArm)} users per arm.` },
  { question: "5 · Small models", "what this notebook measured": `Release, A/B, monitoring, data and structured-output measurements together: ` +
    `${Math.round(release.seconds + ab.seconds + monitoring.seconds + dataRes.seconds + structured.seconds)} s of wall time on the shared 2-core ` +
    `machine that wrote the results files (their own timings), no GPU.` },
];
showMarkdown(answers.map((x) => `* **${x.question}.** ${x["what this notebook measured"]}`).join("\n"));

// %% [markdown]
// ## Takeaways
// * Shadow first: it caught the defect in about a hundred requests with no user exposed; a canary
//   needs users to see the defect, and a small share may not see it at all.
// * Decide the stopping rule before the test: naive peeking multiplies the false-positive rate; a
//   group-sequential boundary lets you stop early without paying for it.
// * Validate data before you monitor drift: on real, autocorrelated data a raw drift test alarms
//   every day; a schema with stated ranges and freshness is fast and quiet.
// * Diff data by key, address it by content, merge it by cell; rank labels by held-out loss.
// * Grade structured output by its fields; valid syntax is the start of evaluation, not the end.
//
// ## Exercises
// Open `exercises/06.ts`, fill in each function, and run the cell below (or `npm run check -- 06`).
// Reference solutions are in `solutions/06.ts`: try first.
// 1. **06.1** `requestsPerArm(p1, p2)`: the A/B sample-size formula by hand.
// 2. **06.2** `pickCanary(rows, maxUsersExposed, minRollbackRate)`: judgement — pick the canary share
//    for a stated risk from the measured sweep.
// 3. **06.3** `mayStop(looks)`: judgement — decide at which look an A/B test may stop, and with what decision.
// 4. **06.4** `kappa(a, b)`: Cohen's kappa by hand.

// %%
import * as mine from "./exercises/06";
import { checks as checks06 } from "./exercises/checks/06";
import { runChecks, showCheckReport } from "./lib/nb/index";

showCheckReport(await runChecks(checks06, mine));

// %% [markdown]
// ## Further reading
// * C. Huyen, *Designing Machine Learning Systems* (2022), ch. 7–9; and her thread on what deployment is.
// * V. Boykis, "What's new with ML in production" (2024).
// * R. Johari et al., "Always valid inference" (2017); K. K. G. Lan & D. L. DeMets (1983); C. Jennison
//   & B. W. Turnbull, *Group Sequential Methods with Applications to Clinical Trials* (2000), ch. 2 and 19.
// * E. S. Page, "Continuous inspection schemes", *Biometrika* 41 (1954) (CUSUM).
// * D. Sculley et al., "Hidden Technical Debt in Machine Learning Systems" (NeurIPS 2015);
//   A. Karpathy, "Software 2.0" (2017).
// * J. Cohen, "A coefficient of agreement for nominal scales" (1960).
