/**
 * Node's gzip vs Python's gzip on the same pairs (module 01). Node's zlib is Chromium's fork of
 * zlib (SIMD match finding), Python links the system zlib; at level 9 they can emit different
 * (equally valid) deflate streams, so compressed lengths, NCDs and nearest neighbours can differ.
 *
 * Takes the notebook's AG News sample (200 test items, stratified, seed 42) and a 2,000-row
 * stratified train subset (seed 42), computes C(x), C(y), C(x + " " + y) with Python's
 * `gzip.compress(..., compresslevel=9)` (python3 must be installed) and with node:zlib gzip-9, and
 * writes build/results/gzip-python-vs-node.json (with --save: the committed results/…): how many lengths differ, by how much, how many 1-NN
 * choices change, the accuracy each gives, and Python's lengths for the first 20 × 50 pairs
 * (the notebook recomputes Node's for those live).
 *
 *   npx tsx scripts/python-gzip-reference.ts [--save]     (about 4 minutes on 2 cores)
 */
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { loadTextSplit, stratifiedSample } from "../lib/data/index";
import { describeMachine } from "../lib/compute/index";
import { pairwiseNcd, compressedLengths, knnAccuracy, createCompressor, NCD_SEPARATOR } from "../lib/compress/index";
import { GZIP_PYTHON_VS_NODE, writeResult, saveRequested } from "../lib/results/index";

const PY = String.raw`
import sys, json, gzip, zlib
d = json.load(sys.stdin)
test, train = d["test"], d["train"]
enc = lambda s: s.encode("utf-8")
C = lambda b: len(gzip.compress(b, compresslevel=9))
ctr = [C(enc(t)) for t in train]
cte = [C(enc(t)) for t in test]
nn, pairlen, sample = [], [], []
for i, x in enumerate(test):
    best = []
    row = []
    for j, y in enumerate(train):
        cxy = C(enc(x + " " + y))
        row.append(cxy)
        dist = (cxy - min(cte[i], ctr[j])) / max(cte[i], ctr[j])
        best.append((dist, j))
    best.sort()
    nn.append([best[0][1], best[1][1]])
    pairlen.append(row)
json.dump({"ctrain": ctr, "ctest": cte, "nn": nn, "pairs": pairlen, "zlib": zlib.ZLIB_RUNTIME_VERSION, "python": sys.version.split()[0]}, sys.stdout)
`;

async function main(): Promise<void> {
  const nTest = 200;
  const nTrain = 2000;
  const test = stratifiedSample(await loadTextSplit("ag_news", "test"), nTest, { seed: 42 });
  const train = stratifiedSample(await loadTextSplit("ag_news", "train"), nTrain, { seed: 42 });
  const t0 = performance.now();
  const r = spawnSync("python3", ["-c", PY], { input: JSON.stringify({ test: test.map((t) => t.text), train: train.map((t) => t.text) }), maxBuffer: 1 << 30, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 failed (is it installed?): ${r.stderr || r.error}`);
  const py = JSON.parse(r.stdout) as { ctrain: number[]; ctest: number[]; nn: number[][]; pairs: number[][]; zlib: string; python: string };
  console.log(`python done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const gz = createCompressor({ name: "gzip", level: 9 });
  const nodeTrain = compressedLengths(train.map((t) => t.text));
  const nodeTest = compressedLengths(test.map((t) => t.text));
  const hist = new Map<number, number>();
  let differ = 0;
  let total = 0;
  test.forEach((x, i) =>
    train.forEach((y, j) => {
      const d = gz.compressedLength(x.text + NCD_SEPARATOR + y.text) - py.pairs[i]![j]!;
      hist.set(d, (hist.get(d) ?? 0) + 1);
      if (d !== 0) differ++;
      total++;
    }),
  );
  const singleDiffer = [...nodeTrain].filter((c, j) => c !== py.ctrain[j]).length + [...nodeTest].filter((c, i) => c !== py.ctest[i]).length;
  const node = await pairwiseNcd(test.map((t) => t.text), train.map((t) => t.text), { topK: 2 });
  const nodeNn = node.neighbours.map((n) => n!.indices);
  const trainL = train.map((t) => t.label);
  const testL = test.map((t) => t.label);
  const acc = (nb: ArrayLike<number>[]): { fairK1: number; paperK2: number } => ({ fairK1: knnAccuracy(nb, trainL, testL, 1, "k1"), paperK2: knnAccuracy(nb, trainL, testL, 2, "paper") });
  const out = {
    what: "gzip level 9 compressed lengths, Python gzip.compress vs node:zlib gzipSync, on the module 01 AG News sample",
    sample: { test: `stratifiedSample(ag_news test, ${nTest}, { seed: 42 })`, train: `stratifiedSample(ag_news train, ${nTrain}, { seed: 42 })` },
    python: { version: py.python, zlib: py.zlib },
    node: { version: process.versions.node, zlib: process.versions.zlib },
    singleTexts: { compared: nTrain + nTest, lengthsDiffer: singleDiffer },
    pairs: {
      compared: total,
      lengthsDiffer: differ,
      shareDiffer: differ / total,
      nodeMinusPython: Object.fromEntries([...hist.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    },
    nearestNeighbour: {
      testItems: nTest,
      nearestDiffers: nodeNn.filter((n, i) => n[0] !== py.nn[i]![0]).length,
      python: acc(py.nn),
      node: acc(nodeNn),
    },
    firstPairs: { tests: 20, trains: 50, pythonLengths: py.pairs.slice(0, 20).map((r) => r.slice(0, 50)), pythonCx: py.ctest.slice(0, 20), pythonCy: py.ctrain.slice(0, 50) },
    command: `npx tsx scripts/python-gzip-reference.ts${saveRequested() ? " --save" : ""}`,
    machine: describeMachine(),
  };
  const file = await writeResult(GZIP_PYTHON_VS_NODE, "gzip-python-vs-node.json", out, { save: saveRequested() });
  console.log(JSON.stringify({ ...out, firstPairs: undefined }, null, 1));
  console.log(`wrote ${path.relative(process.cwd(), file)}${saveRequested() ? "" : "; add --save to write the committed results/"}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
