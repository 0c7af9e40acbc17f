import { loadTextSplit, type LabelledText } from "../data/load";
import { getManifest } from "../data/manifest";

/** Which train set: `"full"` (split `train_full`), `"subset"` (split `train`), or `"auto"` (full when present locally, else the subset). */
export type TrainSetChoice = "full" | "subset" | "auto";

/** What {@link loadTrainSet} loaded. */
export interface LoadedTrainSet {
  /** The rows. */
  rows: LabelledText[];
  /** The dataset split they come from (`"train"` or `"train_full"`). */
  split: string;
  /** True when it is the complete train set (`train_full`, or a dataset that ships its whole train split). */
  full: boolean;
  /** One sentence saying which train set is used and why (for a notebook or a log). */
  note: string;
}

/**
 * Loads a dataset's train set for gzip kNN. Datasets other than AG News ship their complete train
 * split (`"train"`). AG News ships a 12,000-row subset (`"train"`); its complete 120,000 rows are the
 * optional split `"train_full"` (`npm run data -- fetch ag_news --split train_full`). `"auto"` uses
 * the full set when it is present locally (never downloading it) and the subset otherwise, saying
 * which in `note`; `"full"` fails clearly when it is absent.
 * @example
 * const t = await loadTrainSet("ag_news", "auto"); console.log(t.note);
 */
export async function loadTrainSet(dataset: string, choice: TrainSetChoice = "auto"): Promise<LoadedTrainSet> {
  if (!["full", "subset", "auto"].includes(choice)) throw new RangeError(`loadTrainSet: choice must be "full", "subset" or "auto", got "${String(choice)}".`);
  const splits = getManifest(dataset).splits;
  const hasFull = Boolean(splits["train_full"]);
  if (choice === "full" && !hasFull && dataset !== "ag_news") {
    return { rows: await loadTextSplit(dataset, "train"), split: "train", full: true, note: `${dataset}: the complete train split (${dataset} ships all of it).` };
  }
  if (choice === "full" && !hasFull) {
    throw new RangeError(`Dataset "${dataset}" has no "train_full" split in datasets/${dataset}.json yet: the complete train set is an optional download (npm run data -- fetch ${dataset} --split train_full) once the manifest lists it; use the subset (--train subset) meanwhile.`);
  }
  if (hasFull && choice !== "subset") {
    try {
      const rows = await loadTextSplit(dataset, "train_full", choice === "auto" ? { download: false, log: () => undefined } : {});
      return { rows, split: "train_full", full: true, note: `${dataset}: the complete train set (${rows.length.toLocaleString("en-US")} rows, split train_full), found locally.` };
    } catch (e) {
      if (choice === "full") throw e;
    }
  }
  const rows = await loadTextSplit(dataset, "train");
  const isSubset = dataset === "ag_news" || hasFull;
  return {
    rows,
    split: "train",
    full: !isSubset,
    note: isSubset
      ? `${dataset}: the shipped ${rows.length.toLocaleString("en-US")}-row train subset${choice === "subset" ? " (asked for)" : hasFull ? "; the complete train set is not present here (npm run data -- fetch " + dataset + " --split train_full)" : "; the complete train set is not available here"}.`
      : `${dataset}: the complete train split (${rows.length.toLocaleString("en-US")} rows).`,
  };
}

/**
 * From a list of gzip-knn results, keeps for each dataset and settings the run on the complete train
 * set when there is one (`trainSplit: "train_full"`), dropping the same run on the subset; results
 * without `trainSplit` count as `"train"`. Order is kept.
 */
export function preferFullTrainRuns<T extends { dataset: string; trainSplit?: string; rerankM?: number | null; prefix?: boolean }>(results: readonly T[]): T[] {
  const key = (r: T): string => `${r.dataset}|${r.rerankM ?? ""}|${r.prefix ? 1 : 0}`;
  const withFull = new Set(results.filter((r) => r.trainSplit === "train_full").map(key));
  return results.filter((r) => r.trainSplit === "train_full" || !withFull.has(key(r)));
}
