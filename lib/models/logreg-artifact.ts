/**
 * The TF-IDF + logistic regression artifact (`models/agnews-logreg/`): its ONNX description
 * defined once, and a retrain that reproduces the committed `model.onnx` byte for byte from what
 * the artifact itself records (vectorizer options in `vectorizer.json`, training options in
 * `meta.json`, the description in `model.onnx`): no settings copied by hand.
 * @packageDocumentation
 */
import type { LoadedOnnxArtifact } from "../onnx/artifact";
import { sha256Hex } from "../onnx/artifact";
import { decodeOnnxModel } from "../onnx/proto";
import { TfidfVectorizer, type TfidfVectorizerJSON } from "../text/tfidf";
import { encodeClassLabels } from "./encode";
import { LogisticRegression, type LogisticRegressionOptions } from "./logistic-regression";
import { logisticRegressionToOnnx } from "./logistic-regression-onnx";

/** The description `scripts/train-baselines.ts` writes into `models/agnews-logreg/model.onnx`. */
export const AGNEWS_LOGREG_DOC_STRING = "AG News topic classifier: TF-IDF (word 1-2-grams, vectorizer.json) + logistic regression. Trained in TypeScript by scripts/train-baselines.ts.";

/** Result of {@link retrainLogRegArtifact}. */
export interface RetrainedLogRegArtifact {
  /** The vectorizer, fitted again on the train texts with the artifact's options. */
  vectorizer: TfidfVectorizer;
  /** The logistic regression, trained again with the artifact's options and seed. */
  model: LogisticRegression;
  /** Its ONNX export, with the committed model's description. */
  bytes: Uint8Array;
  /** sha256 of `bytes`. */
  sha256: string;
  /** Whether `sha256` equals the committed `meta.json` `modelSha256`. */
  reproduced: boolean;
  /** Seconds the logistic regression took to fit (vectorizing not included). */
  fitSeconds: number;
}

/**
 * Retrains a TF-IDF + logistic regression artifact from its own records and exports it again:
 * the vectorizer with the options in `vectorizer.json`, the classifier with `meta.json`'s `logreg`
 * options (seed included) and labels sorted as `encodeClassLabels` sorts them, the ONNX export
 * with the `model.onnx` description. On the same train rows the bytes equal the committed ones.
 * @param artifact the loaded artifact (`loadOnnxArtifact("models/agnews-logreg")`)
 * @param train the rows it was trained on (`meta.data` names the dataset, split and their sha256)
 */
export function retrainLogRegArtifact(artifact: LoadedOnnxArtifact, train: readonly { text: string; label: string }[]): RetrainedLogRegArtifact {
  if (artifact.meta.kind !== "tfidf-logistic-regression") {
    throw new Error(`retrainLogRegArtifact: expected a "tfidf-logistic-regression" artifact, got kind "${artifact.meta.kind}"`);
  }
  const logreg = artifact.meta.logreg as LogisticRegressionOptions | undefined;
  if (!logreg || typeof logreg !== "object") throw new Error(`retrainLogRegArtifact: meta.json has no "logreg" training options; rebuild the artifact with: ${artifact.meta.command}`);
  const vecJson = artifact.readJson<TfidfVectorizerJSON>("vectorizer.json");
  const texts = train.map((r) => r.text);
  const { maxFeatures, ...vecOptions } = vecJson.options;
  const vectorizer = new TfidfVectorizer({ ...vecOptions, maxFeatures: maxFeatures ?? undefined }).fit(texts);
  const enc = encodeClassLabels(train.map((r) => r.label));
  const t0 = performance.now();
  const model = new LogisticRegression(logreg).fit(vectorizer.transformMany(texts), enc.y, vectorizer.dim, enc.classes.length);
  const fitSeconds = (performance.now() - t0) / 1000;
  model.labels = enc.classes;
  const docString = decodeOnnxModel(artifact.model).docString;
  const bytes = logisticRegressionToOnnx(model, docString ? { docString } : {});
  const sha256 = sha256Hex(bytes);
  return { vectorizer, model, bytes, sha256, reproduced: sha256 === artifact.meta.modelSha256, fitSeconds };
}
