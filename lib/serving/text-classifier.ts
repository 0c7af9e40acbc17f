import * as ort from "onnxruntime-node";
import { createSession, type ProviderOptions } from "../compute/providers";
import { loadOnnxArtifact } from "../onnx/artifact";
import { TfidfVectorizer, type TfidfVectorizerJSON } from "../text/tfidf";
import { sparseToDense } from "../text/sparse";

/** One text's prediction as the HTTP API returns it. */
export interface ClassPrediction {
  /** The most probable label. */
  label: string;
  /** Probability of every label, `{ label: p }`, in the model's label order. */
  probabilities: Record<string, number>;
}

/**
 * A loaded text classifier the server can call: a batch of texts in, one prediction per text out
 * (same order). {@link loadTextClassifier} makes one from an ONNX artifact; {@link createNoopClassifier}
 * makes one that does no work (to measure the HTTP layer alone).
 */
export interface ServedClassifier {
  /** Model name (e.g. `"agnews"`). */
  name: string;
  /** Version string (e.g. `"3"`). */
  version: string;
  /** Class labels by output index. */
  labels: string[];
  /** Execution provider running the model (`"cpu"`, `"webgpu"`, `"cuda"`, or `"none"`). */
  provider: string;
  /** Estimated resident size in bytes (model weights plus preprocessing state), for memory budgets. */
  sizeBytes: number;
  /** Predicts a batch of texts. */
  predictBatch(texts: readonly string[]): Promise<ClassPrediction[]>;
  /** Frees the runtime session. */
  release(): Promise<void>;
}

/** Options of {@link loadTextClassifier}. */
export interface LoadTextClassifierOptions extends ProviderOptions {
  /** Name to serve under. Default: the artifact folder's name. */
  name?: string;
  /** Version to report. Default `"0"`. */
  version?: string;
  /**
   * onnxruntime intra-op threads. Default `1`: a serving process runs many small calls at once and
   * extra threads per call mostly add contention on a small machine. Ignored when `sessionOptions` sets it.
   */
  intraOpNumThreads?: number;
}

/** Rough resident size of a fitted vectorizer: strings (2 bytes a char plus object and map-entry overhead) and idf. */
function vectorizerBytes(json: TfidfVectorizerJSON): number {
  let bytes = json.idf.length * 8;
  for (const t of json.vocabulary) bytes += 2 * t.length + 72;
  return bytes;
}

/**
 * Loads a TF-IDF + ONNX text classifier saved with `saveOnnxArtifact` (files `model.onnx`,
 * `meta.json` with `labels`, and `vectorizer.json`), creates its session through `createSession`
 * (provider chosen with fallback), and returns a {@link ServedClassifier}. Texts are vectorized in
 * JavaScript, written as dense float32 rows, and run through the model in one call per batch.
 * @param dir folder of the artifact (e.g. `models/agnews-logreg` or a registry version folder)
 * @throws when a file is missing, the model hash does not match, or meta.json has no labels
 */
export async function loadTextClassifier(dir: string, options: LoadTextClassifierOptions = {}): Promise<ServedClassifier> {
  const artifact = loadOnnxArtifact(dir);
  const labels = artifact.meta.labels;
  if (!Array.isArray(labels) || labels.length === 0) throw new Error(`loadTextClassifier: ${dir}/meta.json has no "labels"; save the artifact with the class labels.`);
  let vecJson: TfidfVectorizerJSON;
  try {
    vecJson = artifact.readJson<TfidfVectorizerJSON>("vectorizer.json");
  } catch (e) {
    throw new Error(`loadTextClassifier: ${dir} needs vectorizer.json (the fitted TfidfVectorizer.toJSON()): ${(e as Error).message}`);
  }
  const vectorizer = TfidfVectorizer.fromJSON(vecJson);
  const inputName = artifact.meta.inputs?.[0]?.name ?? "features";
  const outputName = artifact.meta.outputs?.find((o) => o.name === "probabilities")?.name ?? artifact.meta.outputs?.[0]?.name ?? "probabilities";
  const dim = vectorizer.dim;
  const sessionOptions = { intraOpNumThreads: options.intraOpNumThreads ?? 1, ...options.sessionOptions };
  const { session, provider } = await createSession(artifact.model, { ...options, sessionOptions });
  const name = options.name ?? dir.replace(/[\\/]+$/, "").split(/[\\/]/).pop()!;
  const version = options.version ?? "0";
  let released = false;
  let dense = new Float32Array(0);
  let bufferBusy = false;

  return {
    name,
    version,
    labels: labels.slice(),
    provider,
    sizeBytes: artifact.model.byteLength + vectorizerBytes(vecJson),
    async predictBatch(texts: readonly string[]): Promise<ClassPrediction[]> {
      if (released) throw new Error(`Model ${name}@${version} was released (unloaded); load it again.`);
      if (texts.length === 0) return [];
      const rows = texts.map((t) => vectorizer.transform(t));
      // Reuse one zeroed buffer for the dense rows (allocating and zeroing B × dim floats per call costs
      // more than the model itself); only the non-zero cells are written and cleared again afterwards.
      const n = texts.length * dim;
      const reuse = !bufferBusy;
      if (reuse && dense.length < n) dense = new Float32Array(Math.max(n, dense.length * 2));
      const data = reuse ? dense.subarray(0, n) : sparseToDense(rows, dim);
      if (reuse) {
        bufferBusy = true;
        rows.forEach((r, i) => {
          for (let k = 0; k < r.indices.length; k++) data[i * dim + r.indices[k]!] = r.values[k]!;
        });
      }
      let probs: Float32Array;
      try {
        const out = await session.run({ [inputName]: new ort.Tensor("float32", data, [texts.length, dim]) });
        probs = out[outputName]!.data as Float32Array;
      } finally {
        if (reuse) {
          rows.forEach((r, i) => {
            for (let k = 0; k < r.indices.length; k++) data[i * dim + r.indices[k]!] = 0;
          });
          bufferBusy = false;
        }
      }
      const C = labels.length;
      const result: ClassPrediction[] = [];
      for (let i = 0; i < texts.length; i++) {
        const p: Record<string, number> = {};
        let best = 0;
        for (let c = 0; c < C; c++) {
          p[labels[c]!] = probs[i * C + c]!;
          if (probs[i * C + c]! > probs[i * C + best]!) best = c;
        }
        result.push({ label: labels[best]!, probabilities: p });
      }
      return result;
    },
    async release(): Promise<void> {
      if (released) return;
      released = true;
      await session.release();
    },
  };
}

/** Options of {@link createNoopClassifier}. */
export interface NoopClassifierOptions {
  /** Default `"noop"`. */
  name?: string;
  /** Default `"1"`. */
  version?: string;
  /** Default `["a", "b"]`. */
  labels?: string[];
  /** Milliseconds each batch takes (a timer, no CPU), to simulate a model's cost. Default `0`. */
  delayMs?: number;
}

/**
 * A classifier that does no work: every text gets the first label with uniform probabilities. Serving
 * it measures the ceiling of the HTTP layer (parsing, validation, queueing, JSON) on its own; with
 * `delayMs` it stands in for a slow model in tests of timeouts and back-pressure.
 */
export function createNoopClassifier(options: NoopClassifierOptions = {}): ServedClassifier {
  const labels = options.labels ?? ["a", "b"];
  const delayMs = options.delayMs ?? 0;
  const uniform = Object.fromEntries(labels.map((l) => [l, 1 / labels.length]));
  return {
    name: options.name ?? "noop",
    version: options.version ?? "1",
    labels,
    provider: "none",
    sizeBytes: 0,
    async predictBatch(texts: readonly string[]): Promise<ClassPrediction[]> {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return texts.map(() => ({ label: labels[0]!, probabilities: { ...uniform } }));
    },
    async release(): Promise<void> {},
  };
}
