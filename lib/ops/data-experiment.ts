import * as fs from "node:fs";
import * as path from "node:path";
import { createRng } from "../data/random";
import { loadTextSplit } from "../data/load";
import { repoRoot } from "../data/paths";
import type { ElectricityRow } from "../drift/electricity";
import { LogisticRegression } from "../models/logistic-regression";
import { TfidfVectorizer, type TfidfVectorizerJSON } from "../text/tfidf";
import { diffByKey, lineDiffStats, snapshotOf, threeWayMerge, type VersionedRow } from "./data-versions";
import { flipLabels, precisionRecallAtK, rankByHeldOutLoss } from "./poisoning";

/** Key of an electricity row: date and half-hour. */
export const electricityKey = (r: VersionedRow): string => `${r.date_seq}#${r.slot}`;

/** What {@link dataVersionExperiment} measured. */
export interface DataVersionResult {
  rows: number;
  /** The edits made to produce v2 (for the reader). */
  edits: string[];
  diff: { added: number; removed: number; changed: number; addedColumns: string[]; changedCellsByColumn: Record<string, number> };
  /** A positional line diff of the CSV text of v1 vs v2, and of v1 vs v1 shuffled. */
  lineDiff: { v2: { differingLines: number; lines: number; gzipBytesDiffering: number }; shuffled: { differingLines: number; lines: number; gzipBytesDiffering: number; keyedChanges: number } };
  snapshots: { v1: string; v1Shuffled: string; v2: string };
  merge: { conflicts: number; example: { key: string; column: string; base: unknown; ours: unknown; theirs: unknown } | null; mergedRows: number };
}

function csv(rows: readonly VersionedRow[], cols: readonly string[]): string {
  return [cols.join(","), ...rows.map((r) => cols.map((c) => String(r[c] ?? "")).join(","))].join("\n");
}

/**
 * Versions of a real table (electricity, keyed by date and half-hour): v2 corrects 200 vicprice
 * values, deletes a day, appends a column; the experiment diffs v1 and v2 by key, shows what a
 * line diff of the text (and of a merely shuffled copy) and of its gzip says, content-addresses the
 * versions, and merges two concurrent edits of the same cells into a conflict.
 */
export function dataVersionExperiment(rows: readonly ElectricityRow[], seed = 42): DataVersionResult {
  const rng = createRng(seed);
  const cols = Object.keys(rows[0]!);
  const v1 = rows.map((r) => ({ ...r }) as VersionedRow);
  const fixIdx = new Set(rng.shuffle(v1.map((_, i) => i)).slice(0, 200));
  const dropDay = String(v1[Math.floor(v1.length / 2)]!.date_seq);
  const v2 = v1
    .map((r, i) => {
      const o: VersionedRow = { ...r, source: "aemo-2024-reexport" };
      if (fixIdx.has(i)) o.vicprice = Math.round((Number(r.vicprice) * 1.01 + 1e-4) * 1e6) / 1e6;
      return o;
    })
    .filter((r) => r.date_seq !== dropDay);
  const d = diffByKey(v1, v2, electricityKey);
  const shuffled = rng.shuffle(v1.slice());
  const ld2 = lineDiffStats(csv(v1, cols), csv(v2, [...cols, "source"]));
  const lds = lineDiffStats(csv(v1, cols), csv(shuffled, cols));
  // two analysts edit the same base: one rescales a day of nswdemand, the other corrects one cell of it
  const day = v1.filter((r) => r.date_seq === String(v1[1000]!.date_seq));
  const inDay = new Set(day);
  const ours = v1.map((r) => (inDay.has(r) ? { ...r, nswdemand: Math.round(Number(r.nswdemand) * 0.98 * 1e6) / 1e6 } : r));
  const target = electricityKey(day[10]!);
  const theirs = v1.map((r) => (electricityKey(r) === target ? { ...r, nswdemand: 0.5 } : electricityKey(r) === electricityKey(v1[5]!) ? { ...r, transfer: 0.4 } : r));
  const m = threeWayMerge(v1, ours, theirs, electricityKey);
  return {
    rows: v1.length,
    edits: [`200 vicprice values corrected (+1%)`, `day ${dropDay} deleted (48 rows)`, `column "source" added`],
    diff: { added: d.added.length, removed: d.removed.length, changed: d.changed.length, addedColumns: d.schema.addedColumns, changedCellsByColumn: Object.fromEntries(Object.entries(d.changedCellsByColumn).filter(([, n]) => n > 0)) },
    lineDiff: { v2: ld2, shuffled: { ...lds, keyedChanges: diffByKey(v1, shuffled, electricityKey).changed.length } },
    snapshots: { v1: snapshotOf(v1, electricityKey).id, v1Shuffled: snapshotOf(shuffled, electricityKey).id, v2: snapshotOf(v2, electricityKey).id },
    merge: { conflicts: m.conflicts.length, example: m.conflicts[0] ?? null, mergedRows: m.merged.length },
  };
}

/** One poisoning level's measurements. */
export interface PoisoningRow {
  share: number;
  flipped: number;
  accuracy: number;
  /** Precision and recall of the top-`flipped` rows ranked by held-out loss. */
  detection: { precision: number; recall: number };
  /** Accuracy after retraining without the top-`flipped` suspects. */
  accuracyAfterRemoval: number;
}

/** What {@link poisoningExperiment} measured. */
export interface PoisoningResult {
  dataset: string;
  cleanAccuracy: number;
  rows: PoisoningRow[];
  method: string;
}

/**
 * Label poisoning on AG News (the 12,000-row train subset, the committed model's TF-IDF features):
 * flips a share of training labels, measures the test-accuracy loss, ranks rows by 2-fold held-out
 * loss and reports precision/recall of the top suspects and the accuracy after removing them.
 */
export async function poisoningExperiment(shares: readonly number[] = [0.05, 0.2], seed = 1): Promise<PoisoningResult> {
  const [train, test] = await Promise.all([loadTextSplit("ag_news", "train"), loadTextSplit("ag_news", "test")]);
  const dir = path.join(repoRoot(), "models", "agnews-logreg");
  const vec = TfidfVectorizer.fromJSON(JSON.parse(fs.readFileSync(path.join(dir, "vectorizer.json"), "utf8")) as TfidfVectorizerJSON);
  const labels = (JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as { labels: string[] }).labels;
  const X = vec.transformMany(train.map((r) => r.text));
  const Xt = vec.transformMany(test.map((r) => r.text));
  const y = train.map((r) => labels.indexOf(r.label));
  const yt = test.map((r) => labels.indexOf(r.label));
  const opts = { epochs: 10, seed: 1 };
  const fit = (idx: number[], ys: readonly number[]): number => {
    const lr = new LogisticRegression(opts).fit(idx.map((i) => X[i]!), idx.map((i) => ys[i]!), vec.dim, labels.length);
    return lr.predictMany(Xt).filter((p, i) => p === yt[i]).length / yt.length;
  };
  const all = y.map((_, i) => i);
  const cleanAccuracy = fit(all, y);
  const rows = shares.map((share) => {
    const p = flipLabels(y, share, labels.length, seed);
    const rank = rankByHeldOutLoss(X, p.labels, vec.dim, labels.length, { model: opts, seed });
    const k = p.flipped.length;
    const keep = rank.order.slice(k).sort((a, b) => a - b);
    return { share, flipped: k, accuracy: fit(all, p.labels), detection: precisionRecallAtK(rank.order, p.flipped, k), accuracyAfterRemoval: fit(keep, p.labels) };
  });
  return { dataset: "ag_news train (12,000) → test (7,600)", cleanAccuracy, rows, method: "labels flipped to a random other class; suspects = highest 2-fold held-out cross-entropy of the given label; k = number flipped" };
}
