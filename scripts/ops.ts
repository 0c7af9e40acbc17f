/**
 * `npm run ops [-- --save] [--only release,ab,monitoring,data,structured,ladder]`
 *
 * Runs module 06's measurements (and module 01b's ladder) on the real data and the real server, and
 * writes one JSON file per section: under build/results/ops/ by default, under results/ops/ (committed) only
 * with --save. A few CPU-minutes in all; `release` and `ladder` are the longest.
 */
import * as path from "node:path";
import {
  loadElectricityRows,
  loadTextSplit,
  hasSplit,
  stratifiedSample,
  learningCurve,
  gzipKnnCurveMethod,
  tfidfLogRegCurveMethod,
  editDistanceKnnCurveMethod,
  vocabularyGrowth,
  runReleaseExperiment,
  canarySweep,
  sampleSizeTwoProportions,
  simulateAaPeeking,
  simulateAbTest,
  silentFailureExperiment,
  runAlertExperiment,
  dataVersionExperiment,
  poisoningExperiment,
  structuredEvalExperiment,
} from "../lib/index";
import { OPS_RESULTS, opsResultFile, writeResult, type OpsResultsName } from "../lib/results/index";

const NOISE = 0.1;
const args = process.argv.slice(2);
const save = args.includes("--save");
const onlyArg = args.indexOf("--only");
const names = Object.keys(OPS_RESULTS) as OpsResultsName[];
const only = onlyArg >= 0 ? (args[onlyArg + 1] ?? "").split(",").filter(Boolean) : names;
for (const n of only) if (!names.includes(n as OpsResultsName)) {
  console.error(`unknown section "${n}": use ${names.join(", ")}`);
  process.exit(2);
}
const command = `npm run ops -- --only ${only.join(",")}${save ? " --save" : ""}`;
const accept = (acc: number): number => acc * (1 - NOISE) + (1 - acc) * NOISE;

/** Writes a section through its lib/results family (validated: never a file the reader would refuse). */
async function write(name: OpsResultsName, body: Record<string, unknown>, t0: number): Promise<void> {
  const data = { command, generatedAt: new Date().toISOString(), seconds: Math.round((performance.now() - t0) / 100) / 10, ...body };
  const file = await writeResult(OPS_RESULTS[name], opsResultFile(name), data, { save });
  console.log(`  → ${path.relative(process.cwd(), file)} (${data.seconds} s)`);
}

async function main(): Promise<void> {
  let release: Awaited<ReturnType<typeof runReleaseExperiment>> | null = null;
  if (only.includes("release") || only.includes("ab")) {
    const t0 = performance.now();
    console.log("release: shadow and canary on the course server (AG News test, 7,600 requests)…");
    release = await runReleaseExperiment({ noise: NOISE });
    if (only.includes("release")) {
      const { correct, labels: _labels, stream: _stream, ...rest } = release;
      const reps = 200;
      await write("release", {
        ...rest,
        canarySweep: {
          repetitions: reps,
          defect: canarySweep(correct.production, correct.defect, { repetitions: reps, noise: NOISE }),
          control: canarySweep(correct.production, correct.control, { repetitions: reps, noise: NOISE }),
        },
      }, t0);
    }
  }
  if (only.includes("ab") && release) {
    const t0 = performance.now();
    console.log("ab: sample sizes, A/A peeking (1,000 experiments), A/B tests with users from labels…");
    const { correct, labels } = release;
    const acc = (xs: boolean[]): number => xs.filter(Boolean).length / xs.length;
    const base = accept(acc(correct.production));
    const slices = [...new Set(labels)].sort();
    const perSlice = slices.map((s) => {
      const idx = labels.map((l, i) => (l === s ? i : -1)).filter((i) => i >= 0);
      return { slice: s, a: acc(idx.map((i) => correct.production[i]!)), b: acc(idx.map((i) => correct.control[i]!)) };
    });
    const worst = [...perSlice].sort((x, y) => x.b - x.a - (y.b - y.a))[0]!; // the slice where B loses most to A
    const skewed = Object.fromEntries(slices.map((s) => [s, s === worst.slice ? 0.7 : 0.3 / (slices.length - 1)]));
    const even = Object.fromEntries(slices.map((s) => [s, 1 / slices.length]));
    const pB = accept(acc(correct.control));
    const tests = [
      { name: "v1 vs v2, users like the test set", population: even },
      { name: `v1 vs v2, 70% of users read ${worst.slice}`, population: skewed },
    ].map((t) => ({ ...t, ...simulateAbTest({ correctA: correct.production, correctB: correct.control, slices: labels, population: t.population, usersPerArm: 20000, noise: NOISE }) }));
    await write("ab", {
      baselineAcceptance: base,
      sampleSizes: [0.005, 0.01, 0.02, 0.05].map((lift) => ({ lift, usersPerArm: sampleSizeTwoProportions(base, Math.min(0.999, base + lift)) })),
      offlineGap: { acceptanceA: base, acceptanceB: pB, usersPerArm: sampleSizeTwoProportions(base, pB) },
      peeking: simulateAaPeeking({ experiments: 1000, usersPerArm: 2000, rate: Math.round(base * 1000) / 1000 }),
      perSliceAccuracy: perSlice,
      tests,
    }, t0);
  }
  if (only.includes("monitoring")) {
    const t0 = performance.now();
    console.log("monitoring: silent failures on Elec2, alert rules over /metrics…");
    const rows = await loadElectricityRows();
    await write("monitoring", { silentFailures: silentFailureExperiment(rows), alerts: await runAlertExperiment() }, t0);
  }
  if (only.includes("data")) {
    const t0 = performance.now();
    console.log("data: versions of Elec2, label poisoning on AG News…");
    await write("data", { versions: dataVersionExperiment(await loadElectricityRows()), poisoning: await poisoningExperiment() }, t0);
  }
  if (only.includes("structured")) {
    const t0 = performance.now();
    console.log("structured: validity vs field accuracy…");
    await write("structured", { ...(await structuredEvalExperiment()) }, t0);
  }
  if (only.includes("ladder")) {
    const t0 = performance.now();
    console.log("ladder: edit distance vs gzip vs TF-IDF on AG News; vocabulary growth…");
    const train = await loadTextSplit("ag_news", "train");
    const test = stratifiedSample(await loadTextSplit("ag_news", "test"), 200, { seed: 42 });
    const curve = await learningCurve(train, test, [editDistanceKnnCurveMethod(), gzipKnnCurveMethod({ workers: 1 }), tfidfLogRegCurveMethod()], { sizes: [250, 500, 1000, 2000] });
    const corpora: [string, string[]][] = [
      ["ag_news", train.map((r) => r.text)],
      ["r8", (await loadTextSplit("r8", "train")).map((r) => r.text)],
    ];
    // 20 Newsgroups does not ship (its posts carry their authors' names): used when fetched
    if (hasSplit("20newsgroups", "train")) corpora.push(["20newsgroups", (await loadTextSplit("20newsgroups", "train")).map((r) => r.text)]);
    else console.log("ladder: 20 Newsgroups is not present here (npm run data -- fetch 20newsgroups): its vocabulary row is skipped");
    const vocabulary = corpora.flatMap(([corpus, texts]) => {
      const sizes = [500, 1000, 2000, 4000].filter((n) => n < texts.length).concat(texts.length);
      const rows = [{ corpus, ngrams: "1", ...vocabularyGrowth(texts, sizes) }];
      if (corpus === "ag_news") rows.push({ corpus, ngrams: "1-2", ...vocabularyGrowth(texts, sizes, { ngramRange: [1, 2] }) });
      return rows;
    });
    await write("ladder", { dataset: "ag_news (train subsets 250–2,000; 200 stratified test rows)", testRows: test.length, curve, vocabulary }, t0);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
