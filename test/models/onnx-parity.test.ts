import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { loadTextSplit } from "../../lib/data/load";
import { TfidfVectorizer } from "../../lib/text/tfidf";
import { loadOnnxArtifact, saveOnnxArtifact, sha256Hex } from "../../lib/onnx/index";
import {
  LogisticRegression,
  encodeClassLabels,
  logisticRegressionToOnnx,
  checkOnnxParity,
  retrainLogRegArtifact,
  AGNEWS_LOGREG_DOC_STRING,
  type ParityModel,
} from "../../lib/models/index";

const root = path.resolve(__dirname, "../..");
const rows = [
  ...["goal match team win", "league cup striker score", "coach season team goal", "match win cup league"].map((text) => ({ text, label: "sport" })),
  ...["bank profit shares rise", "market stock bond rates", "investor fund earnings bank", "shares market profit fund"].map((text) => ({ text, label: "money" })),
  ...["rain storm cloud wind", "sun heat wind cloud", "storm rain cold front", "heat sun dry wind"].map((text) => ({ text, label: "weather" })),
];

function toy(): { vec: TfidfVectorizer; lr: LogisticRegression; bytes: Uint8Array } {
  const texts = rows.map((r) => r.text);
  const vec = new TfidfVectorizer({ analyzer: "word", ngramRange: [1, 2] }).fit(texts);
  const enc = encodeClassLabels(rows.map((r) => r.label));
  const lr = new LogisticRegression({ epochs: 20, seed: 7 }).fit(vec.transformMany(texts), enc.y, vec.dim, enc.classes.length);
  lr.labels = enc.classes;
  return { vec, lr, bytes: logisticRegressionToOnnx(lr, { docString: "toy classifier" }) };
}

describe("checkOnnxParity", () => {
  it("finds a faithful export faithful, in any batch size", async () => {
    const { vec, lr, bytes } = toy();
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
    const X = vec.transformMany(rows.map((r) => r.text));
    const whole = await checkOnnxParity(lr, session, X, vec.dim);
    expect(whole.rows).toBe(rows.length);
    expect(whole.maxAbsProbabilityDiff).toBeLessThan(1e-6);
    expect(whole.argmaxMismatches).toBe(0);
    expect(whole.onnxLabels).toEqual(X.map((x) => lr.predict(x)));
    const small = await checkOnnxParity(lr, session, X, vec.dim, { batchRows: 5 });
    expect(small.onnxLabels).toEqual(whole.onnxLabels);
  });

  it("reports a model that drifted from its export", async () => {
    const { vec, lr, bytes } = toy();
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
    const X = vec.transformMany(rows.map((r) => r.text));
    const shifted: ParityModel = { nClasses: lr.nClasses, predictProba: (x) => lr.predictProba(x).map((p) => p + 0.01), predict: (x) => (lr.predict(x) + 1) % lr.nClasses };
    const r = await checkOnnxParity(shifted, session, X, vec.dim);
    expect(r.maxAbsProbabilityDiff).toBeGreaterThan(0.0099);
    expect(r.maxAbsProbabilityDiff).toBeLessThan(0.0101);
    expect(r.argmaxMismatches).toBe(rows.length);
    await expect(checkOnnxParity(lr, session, X, vec.dim, { labelName: "class" })).rejects.toThrow(/no "class" output.*probabilities, label/);
    await expect(checkOnnxParity(lr, session, X, vec.dim, { batchRows: 0 })).rejects.toThrow(/batchRows/);
  });
});

describe("retrainLogRegArtifact", () => {
  it("reproduces a saved artifact byte for byte from its own records, and notices other data", () => {
    const { vec, lr, bytes } = toy();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logreg-artifact-"));
    try {
      saveOnnxArtifact(
        dir,
        bytes,
        { kind: "tfidf-logistic-regression", labels: lr.labels!, inputs: [], outputs: [], seed: 7, data: { dataset: "toy", split: "all", rows: rows.length, sha256: "-" }, command: "toy", logreg: lr.options },
        { "vectorizer.json": vec.toJSON() },
      );
      const again = retrainLogRegArtifact(loadOnnxArtifact(dir), rows);
      expect(again.sha256).toBe(sha256Hex(bytes));
      expect(again.reproduced).toBe(true);
      expect(again.model.labels).toEqual(lr.labels);
      const other = retrainLogRegArtifact(loadOnnxArtifact(dir), rows.slice(1));
      expect(other.reproduced).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reproduces the committed models/agnews-logreg/model.onnx (sha256 in its meta.json)", async () => {
    const artifact = loadOnnxArtifact(path.join(root, "models/agnews-logreg"));
    const train = await loadTextSplit("ag_news", "train");
    const r = retrainLogRegArtifact(artifact, train);
    expect(r.sha256, `retrained AG News export differs from the committed model; rebuild it with: ${artifact.meta.command}`).toBe(artifact.meta.modelSha256);
    expect(r.reproduced).toBe(true);
  }, 120_000);

  it("the committed model carries the description defined in lib", () => {
    const artifact = loadOnnxArtifact(path.join(root, "models/agnews-logreg"));
    expect(Buffer.from(artifact.model).includes(Buffer.from(AGNEWS_LOGREG_DOC_STRING))).toBe(true);
  });
});
