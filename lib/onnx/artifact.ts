import * as fs from "node:fs";
import * as path from "node:path";
import { sha256Hex } from "../fs/hash";

/** What `meta.json` beside a saved ONNX model records. Extra fields are allowed. */
export interface OnnxArtifactMeta {
  /** Model kind, e.g. `"tfidf-logistic-regression"`. */
  kind: string;
  /** Class labels by output index. */
  labels: string[];
  /** Input and output tensor names with shapes (strings are symbolic dims). */
  inputs: { name: string; type: string; shape: (number | string)[] }[];
  outputs: { name: string; type: string; shape: (number | string)[] }[];
  /** Seed that trained the model. */
  seed: number;
  /** Dataset name and split the model was trained on, and a hash of its rows. */
  data: { dataset: string; split: string; rows: number; sha256: string };
  /** The command that rebuilds the artifact. */
  command: string;
  /** sha256 of `model.onnx` (filled in by {@link saveOnnxArtifact}). */
  modelSha256?: string;
  [extra: string]: unknown;
}

/**
 * Writes `model.onnx`, `meta.json` (with the model's sha256 added) and any extra JSON files
 * (e.g. `{ "vectorizer.json": vectorizer.toJSON() }`) into `dir`, creating it. Deterministic: the
 * same inputs give the same bytes (no time stamps).
 */
export function saveOnnxArtifact(dir: string, model: Uint8Array, meta: OnnxArtifactMeta, files: Record<string, unknown> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.onnx"), model);
  const full = { ...meta, modelSha256: sha256Hex(model) };
  fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(full, null, 2) + "\n");
  for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(value) + "\n");
}

/** A saved artifact read back: the model bytes, its metadata, and a reader for the extra JSON files. */
export interface LoadedOnnxArtifact {
  /** `model.onnx` bytes (pass to `InferenceSession.create`). */
  model: Uint8Array;
  /** Path of `model.onnx`. */
  modelPath: string;
  /** Parsed `meta.json`. */
  meta: OnnxArtifactMeta;
  /** Parses another JSON file of the artifact, e.g. `readJson("vectorizer.json")`. */
  readJson<T = unknown>(name: string): T;
}

/**
 * Loads an artifact saved by {@link saveOnnxArtifact}, checking the model's sha256 against `meta.json`.
 * @throws when a file is missing or the model bytes do not match the recorded hash
 */
export function loadOnnxArtifact(dir: string): LoadedOnnxArtifact {
  const modelPath = path.join(dir, "model.onnx");
  const metaPath = path.join(dir, "meta.json");
  if (!fs.existsSync(modelPath) || !fs.existsSync(metaPath)) {
    throw new Error(`loadOnnxArtifact: ${dir} needs model.onnx and meta.json; rebuild it (see the command in its meta.json, e.g. npm run train-baselines -- --dataset ag_news).`);
  }
  const model = new Uint8Array(fs.readFileSync(modelPath));
  const meta = JSON.parse(fs.readFileSync(metaPath, "utf8")) as OnnxArtifactMeta;
  if (meta.modelSha256 && meta.modelSha256 !== sha256Hex(model)) {
    throw new Error(`loadOnnxArtifact: ${modelPath} does not match the sha256 in meta.json; the file was changed or truncated. Rebuild it with: ${meta.command}`);
  }
  return { model, modelPath, meta, readJson: <T>(name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as T };
}

export { sha256Hex } from "../fs/hash"; // the library's one SHA-256 helper, re-exported where artifacts have always offered it
