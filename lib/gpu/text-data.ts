import { loadTextSplit, type LabelledText } from "../data/load";
import { stratifiedSample } from "../data/sample";
import { loadOnnxArtifact, type LoadedOnnxArtifact } from "../onnx/artifact";
import { repoRoot } from "../data/paths";
import { TfidfVectorizer, type TfidfVectorizerJSON } from "../text/tfidf";
import { sparseToDense, type SparseVector } from "../text/sparse";
import * as path from "node:path";

/** The AG News serving set-up of module 04: the trained artifact, its vectorizer and labelled test rows. */
export interface AgNewsServingData {
  /** The TF-IDF + logistic-regression artifact (models/agnews-logreg). */
  artifact: LoadedOnnxArtifact;
  /** Its fitted vectorizer. */
  vectorizer: TfidfVectorizer;
  /** Features per row. */
  dim: number;
  /** A seeded stratified sample of the test split. */
  rows: LabelledText[];
  /** Class index of each row (the artifact's label order). */
  labels: number[];
  /** Dense `[batchSize, dim]` features of batch `i` (rows `i·batchSize …`): the preprocessing step. */
  prepareBatch(i: number, batchSize: number): Float32Array;
  /** The same batch as sparse TF-IDF rows (what `InferenceWorker.runSparse` ships): tokenising and weighting only. */
  prepareSparseBatch(i: number, batchSize: number): SparseVector[];
}

/**
 * Loads the AG News artifact and a stratified sample of `n` test rows (seed `seed`).
 * @param n default 1280
 * @param seed default 1
 */
export async function loadAgNewsServingData(n = 1280, seed = 1): Promise<AgNewsServingData> {
  const artifact = loadOnnxArtifact(path.join(repoRoot(), "models", "agnews-logreg"));
  const vectorizer = TfidfVectorizer.fromJSON(artifact.readJson<TfidfVectorizerJSON>("vectorizer.json"));
  const rows = stratifiedSample(await loadTextSplit("ag_news", "test"), n, { seed });
  const names = artifact.meta.labels;
  const labels = rows.map((r) => {
    const k = names.indexOf(r.label);
    if (k < 0) throw new Error(`loadAgNewsServingData: label "${r.label}" is not one of the artifact's labels (${names.join(", ")}).`);
    return k;
  });
  return {
    artifact, vectorizer, dim: vectorizer.dim, rows, labels,
    prepareBatch: (i, bs) => sparseToDense(vectorizer.transformMany(rows.slice(i * bs, (i + 1) * bs).map((r) => r.text)), vectorizer.dim),
    prepareSparseBatch: (i, bs) => vectorizer.transformMany(rows.slice(i * bs, (i + 1) * bs).map((r) => r.text)),
  };
}
