import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  RESULT_FAMILIES,
  GZIP_KNN,
  LLM_DECODE,
  LLM_SERVING,
  GPU_BENCH,
  SERVING_BENCH,
  BASELINES,
  ResultFileError,
  familyOfFile,
  listAllResultFiles,
  listResults,
  readResult,
  readResults,
  resultFilePath,
  writeResult,
  producerOf,
  saveRequested,
  readResultFile,
  GZIP_KNN_SCALING,
  OPS_RELEASE,
  SERVING_OVERLOAD,
} from "../../lib/results/index";
import { readLlmTraceFile } from "../../lib/metrics/llm-trace";

const committed = path.resolve(__dirname, "../../results");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "results-"));

/** Copies one committed file into a fresh results folder (relative path kept). */
function copyInto(dir: string, rel: string, edit?: (j: Record<string, unknown>) => unknown): string {
  const to = path.join(dir, rel);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const text = fs.readFileSync(path.join(committed, rel), "utf8");
  fs.writeFileSync(to, edit ? JSON.stringify(edit(JSON.parse(text))) : text);
  return to;
}

/** The ResultFileError a call throws (fails the test when it throws nothing or something else). */
function errorOf(f: () => unknown): ResultFileError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ResultFileError);
    return e as ResultFileError;
  }
  throw new Error("expected a ResultFileError, nothing was thrown");
}

describe("committed results files", () => {
  const files = listAllResultFiles({ dir: committed });

  it("are all canonical, each in exactly one family (no ad-hoc run in results/)", () => {
    expect(files.length).toBeGreaterThan(20);
    const bad = files.filter((f) => RESULT_FAMILIES.filter((fam) => fam.files.test(f)).length !== 1);
    expect(bad).toEqual([]);
  });

  it("every .json file parses with its family's schema; every trace with readLlmTraceFile", () => {
    for (const f of files) {
      const fam = familyOfFile(f)!;
      if (fam.format === "jsonl") expect(readLlmTraceFile(resultFilePath(fam, f, { dir: committed })).length, f).toBeGreaterThan(0);
      else expect(() => readResult(fam, f, { dir: committed }), f).not.toThrow();
    }
  });

  it("the typed values are the file's values (R8 full run, serving summary)", () => {
    const raw = JSON.parse(fs.readFileSync(path.join(committed, "gzip-knn/r8-gzip-9.json"), "utf8"));
    const r8 = readResult(GZIP_KNN, "gzip-knn/r8-gzip-9.json", { dir: committed });
    expect(r8.accuracy.paper["2"]).toBe(raw.accuracy.paper["2"]);
    expect(r8.rerankM).toBeNull(); // absent in this older file: the schema's default
    expect(readResult(SERVING_BENCH, "results/serving/bench.json", { dir: committed }).summary.batchingThroughputRatio.median).toBe(
      JSON.parse(fs.readFileSync(path.join(committed, "serving/bench.json"), "utf8")).summary.batchingThroughputRatio.median,
    );
  });

  it("listResults leaves out ad-hoc files and readResults reads the rest", () => {
    const dir = tmp();
    copyInto(dir, "gzip-knn/r8-gzip-9.json");
    copyInto(dir, "gzip-knn/r8-gzip-9-rerank100.json");
    fs.copyFileSync(path.join(dir, "gzip-knn/r8-gzip-9.json"), path.join(dir, "gzip-knn/r8-gzip-9-tr5485-te400.json"));
    expect(listResults(GZIP_KNN, { dir })).toEqual(["gzip-knn/r8-gzip-9-rerank100.json", "gzip-knn/r8-gzip-9.json"]);
    expect(readResults(GZIP_KNN, { dir }).map((r) => r.value.rerankM)).toEqual([100, null]);
    expect(familyOfFile("gzip-knn/r8-gzip-9-tr5485-te400.json")).toBeUndefined();
    const e = errorOf(() => readResult(GZIP_KNN, "gzip-knn/r8-gzip-9-tr5485-te400.json", { dir }));
    expect(e.reason).toBe("not-canonical");
    expect(e.message).toMatch(/build\/results/);
  });
});

describe("readResult errors name the command that produces the file", () => {
  it("missing", () => {
    const e = errorOf(() => readResult(BASELINES, "baselines/r52.json", { dir: tmp() }));
    expect(e.reason).toBe("missing");
    expect(e.message).toContain("npm run train-baselines -- --dataset r52 --save");
  });

  it("not JSON", () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "serving"));
    fs.writeFileSync(path.join(dir, "serving/bench.json"), "{ not json");
    const e = errorOf(() => readResult(SERVING_BENCH, "serving/bench.json", { dir }));
    expect(e.reason).toBe("malformed");
    expect(e.message).toContain("npm run bench:serving -- --save");
  });

  it("not matching the schema: says which field", () => {
    const dir = tmp();
    copyInto(dir, "gzip-knn/r52-gzip-9.json", (j) => ({ ...j, accuracy: { ...(j.accuracy as object), k1: { 1: "0.9" } } }));
    const e = errorOf(() => readResult(GZIP_KNN, "gzip-knn/r52-gzip-9.json", { dir }));
    expect(e.reason).toBe("malformed");
    expect(e.message).toContain('accuracy.k1["1"]: expected number');
    expect(e.message).toContain("npm run gzip-knn -- --dataset r52 --save");
  });

  it("stale: another schema version", () => {
    const dir = tmp();
    copyInto(dir, "gzip-knn/r8-gzip-9-rerank25.json", (j) => ({ ...j, schemaVersion: 99 }));
    const e = errorOf(() => readResult(GZIP_KNN, "gzip-knn/r8-gzip-9-rerank25.json", { dir }));
    expect(e.reason).toBe("stale");
    expect(e.message).toContain("version 99");
    expect(e.message).toContain("npm run gzip-knn -- --dataset r8 --rerank 25 --save");
  });

  it("producerOf names the family's command, or a hint for unknown files", () => {
    expect(producerOf("results/llm/decode-cpu-amd-epyc-2c.json")).toBe("npm run bench:decode -- --providers cpu --save");
    expect(producerOf("gzip-knn-speed.json")).toBe("npm run bench:gzip -- --save");
    expect(producerOf("nothing/here.json")).toMatch(/README/);
  });
});

describe("families that moved into lib/results after the merges", () => {
  it("claim their committed files and name their commands", () => {
    expect(familyOfFile("gzip-knn-scaling.json")).toBe(GZIP_KNN_SCALING);
    expect(familyOfFile("ops/release.json")).toBe(OPS_RELEASE);
    expect(familyOfFile("serving/overload.json")).toBe(SERVING_OVERLOAD);
    expect(producerOf("ops/ladder.json")).toBe("npm run ops -- --only ladder --save");
    expect(producerOf("serving/overload.json")).toBe("npm run bench:serving -- --only overload --save");
    expect(producerOf("gzip-knn/ag_news-gzip-9-trainfull.json")).toBe("npm run gzip-knn -- --dataset ag_news --train full --save");
    const raw = JSON.parse(fs.readFileSync(path.join(committed, "gzip-knn-scaling.json"), "utf8"));
    expect(readResult(GZIP_KNN_SCALING, "gzip-knn-scaling.json", { dir: committed }).projection.rows).toEqual(raw.projection.rows);
  });
});

describe("readResultFile (an ad-hoc file outside results/)", () => {
  it("reads a non-canonical name under build/ with the family's schema", () => {
    const dir = tmp();
    const f = copyInto(dir, "gzip-knn/r8-gzip-9.json");
    const adhoc = path.join(dir, "r8-gzip-9-tr40-te7.json");
    fs.renameSync(f, adhoc);
    expect(readResultFile(GZIP_KNN, adhoc).accuracy.k1["1"]).toBe(readResult(GZIP_KNN, "gzip-knn/r8-gzip-9.json", { dir: committed }).accuracy.k1["1"]);
  });

  it("refuses a missing, malformed or stale file like readResult", () => {
    const dir = tmp();
    expect(errorOf(() => readResultFile(GZIP_KNN, path.join(dir, "none.json"))).reason).toBe("missing");
    fs.writeFileSync(path.join(dir, "bad.json"), "{");
    expect(errorOf(() => readResultFile(GZIP_KNN, path.join(dir, "bad.json"))).reason).toBe("malformed");
    const stale = copyInto(dir, "gzip-knn-scaling.json", (j) => ({ ...j, schemaVersion: 2 }));
    const e = errorOf(() => readResultFile(GZIP_KNN_SCALING, stale));
    expect(e.reason).toBe("stale");
    expect(e.message).toContain("npm run bench:gzip-scaling -- --save");
  });
});

describe("old formats are read as the current one", () => {
  it("a bench:decode row with prefill128Ms and no promptTokens", () => {
    const dir = tmp();
    copyInto(dir, "llm/decode-cpu-amd-epyc-2c.json", (j) => {
      const rows = (j.rows as Record<string, unknown>[]).map(({ prefillMs, promptTokens: _p, ...r }) => ({ ...r, prefill128Ms: prefillMs }));
      return { ...j, rows: rows.slice(0, 1) };
    });
    const orig = JSON.parse(fs.readFileSync(path.join(committed, "llm/decode-cpu-amd-epyc-2c.json"), "utf8")).rows[0];
    const row = readResult(LLM_DECODE, "llm/decode-cpu-amd-epyc-2c.json", { dir }).rows[0]!;
    expect(row.prefillMs).toBe(orig.prefillMs);
    expect(row.promptTokens).toBe(128);
    expect("prefill128Ms" in row).toBe(false);
  });
});

describe("writeResult", () => {
  const value = JSON.parse(fs.readFileSync(path.join(committed, "gzip-knn/r52-gzip-9.json"), "utf8"));

  it("writes to build/results/ by default and to results/ only with save", async () => {
    const root = tmp();
    const out = await writeResult(GZIP_KNN, "gzip-knn/r52-gzip-9.json", value, { root });
    expect(out).toBe(path.join(root, "build/results/gzip-knn/r52-gzip-9.json"));
    expect(fs.existsSync(path.join(root, "results"))).toBe(false);
    const saved = await writeResult(GZIP_KNN, "gzip-knn/r52-gzip-9.json", value, { root, save: true });
    expect(saved).toBe(path.join(root, "results/gzip-knn/r52-gzip-9.json"));
    const back = readResult(GZIP_KNN, "gzip-knn/r52-gzip-9.json", { dir: path.join(root, "results") });
    expect(back.accuracy).toEqual(value.accuracy);
    expect(JSON.parse(fs.readFileSync(saved, "utf8")).schemaVersion).toBe(GZIP_KNN.version);
    expect(fs.readdirSync(path.dirname(saved))).toEqual(["r52-gzip-9.json"]); // no temp file left
  });

  it("refuses to save an ad-hoc name into results/, and a value that does not match", async () => {
    const root = tmp();
    await expect(writeResult(GZIP_KNN, "gzip-knn/r8-gzip-9-tr10-te5.json", value, { root, save: true })).rejects.toThrow(/not a canonical/);
    await expect(writeResult(GZIP_KNN, "gzip-knn/r8-gzip-9-tr10-te5.json", value, { root })).resolves.toContain("build/results");
    await expect(writeResult(GZIP_KNN, "gzip-knn/r52-gzip-9.json", { ...value, trainRows: -1 }, { root })).rejects.toThrow(/trainRows/);
  });

  it("accepts what each writer emits in its edge cases (bench:llm --skip-gpt2 writes gpt2Small: null)", async () => {
    const root = tmp();
    const llm = JSON.parse(fs.readFileSync(path.join(committed, "llm/serving.json"), "utf8"));
    const out = await writeResult(LLM_SERVING, "llm/serving.json", { ...llm, gpt2Small: null }, { root });
    expect(readResult(LLM_SERVING, "llm/serving.json", { dir: path.dirname(path.dirname(out)) }).gpt2Small).toBeNull();
  });

  it("omits bulky keys and writes into --out DIR by base name", async () => {
    const root = tmp();
    const gpu = JSON.parse(fs.readFileSync(path.join(committed, "gpu/cpu-amd-epyc-2c.json"), "utf8"));
    const out = await writeResult(GPU_BENCH, "gpu/cpu-amd-epyc-2c.json", { ...gpu, runs: gpu.runs.map((r: object) => ({ ...r, samples: [1, 2, 3] })) }, { dir: root, omitKeys: ["samples"] });
    expect(out).toBe(path.join(root, "cpu-amd-epyc-2c.json"));
    const text = fs.readFileSync(out, "utf8");
    expect(text).not.toContain('"samples"');
    expect(JSON.parse(text).runs[0].provider).toBe(gpu.runs[0].provider);
  });

  it("saveRequested reads --save", () => {
    expect(saveRequested(["node", "x", "--save"])).toBe(true);
    expect(saveRequested(["node", "x", "--dataset", "r8"])).toBe(false);
  });
});
