import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ModelRegistry } from "./registry";
import type { ModelStage, ModelVersionRecord } from "./registry-files";

/** Options of {@link seedRegistry}; every field has a default. */
export interface SeedRegistryOptions {
  /** Model name to register under. Default `"agnews"`. */
  name?: string;
  /** Artifact folder (written by `saveOnnxArtifact`). Default `"models/agnews-logreg"`. */
  artifact?: string;
  /** Stage to promote the new version to. Default `"production"`. */
  stage?: ModelStage;
  /** Register only when the registry holds no model yet. Default `true`. */
  onlyIfEmpty?: boolean;
}

/** What {@link seedRegistry} did. */
export interface SeedResult {
  /** The registry. */
  registry: ModelRegistry;
  /** The version registered now, or null when the registry already held a model (`onlyIfEmpty`). */
  record: ModelVersionRecord | null;
}

/**
 * Registers a trained artifact in a registry and promotes it (the course's agnews model by default):
 * the one way the serve script, the serving bench and notebook 03 fill a registry. Its `meta.json`
 * gives the recorded metrics (`testAccuracy` → `accuracy`), the command that rebuilds it and the
 * training-data hash.
 * @throws when the artifact is missing, naming the command that builds it
 */
export async function seedRegistry(registry: ModelRegistry | string, options: SeedRegistryOptions = {}): Promise<SeedResult> {
  const reg = typeof registry === "string" ? new ModelRegistry(registry) : registry;
  const name = options.name ?? "agnews";
  const artifact = options.artifact ?? path.join("models", "agnews-logreg");
  if ((options.onlyIfEmpty ?? true) && (await reg.listModels()).length) return { registry: reg, record: null };
  if (!fs.existsSync(path.join(artifact, "model.onnx")) || !fs.existsSync(path.join(artifact, "meta.json"))) {
    throw new Error(`seedRegistry: ${artifact} has no model.onnx and meta.json; build it with: npm run train-baselines -- --dataset ag_news`);
  }
  let meta: { testAccuracy?: unknown; command?: unknown } = {};
  try {
    meta = JSON.parse(fs.readFileSync(path.join(artifact, "meta.json"), "utf8")) as typeof meta;
  } catch (e) {
    throw new Error(`seedRegistry: ${path.join(artifact, "meta.json")} is not valid JSON (${(e as Error).message}); rebuild the artifact with: npm run train-baselines -- --dataset ag_news`);
  }
  const record = await reg.registerDirectory(name, artifact, {
    ...(typeof meta.testAccuracy === "number" ? { metrics: { accuracy: meta.testAccuracy } } : {}),
    metadata: { source: artifact, ...(typeof meta.command === "string" ? { command: meta.command } : {}) },
  });
  await reg.promote(name, record.version, options.stage ?? "production");
  return { registry: reg, record };
}

/** A registry in a fresh temp folder holding one seeded model; `remove()` deletes the folder. */
export interface TempRegistry {
  /** Folder of the registry. */
  dir: string;
  /** The registry. */
  registry: ModelRegistry;
  /** The registered version. */
  record: ModelVersionRecord;
  /** Deletes the folder. */
  remove(): void;
}

/** {@link seedRegistry} into a new temp folder (for benches and notebooks that serve a model as a deployment would). */
export async function createTempRegistry(options: Omit<SeedRegistryOptions, "onlyIfEmpty"> & { prefix?: string } = {}): Promise<TempRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? "mlsys-registry-"));
  try {
    const { registry, record } = await seedRegistry(dir, { ...options, onlyIfEmpty: false });
    return { dir, registry, record: record!, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
