import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "../fs/hash";
import { fsyncDir, writeAndSync, writeFileAtomic } from "../fs/atomic";
import { ModelNotFoundError } from "./errors";
import { applyPromotion, applyRollback } from "./registry-stages";
import { verifyVersionFiles, type VerifyResult } from "./registry-verify";
import { removeStaleTempDirs, withFileLock } from "./file-lock";
import { MODEL_NAME_PATTERN as NAME_RE, compareVersions, parseModelSpec } from "./model-spec";
import { REGISTRY_ENTRY_FILE, artifactHash, ENTRY_FIX, STAGES_FIX, RegistryFileError, readRegistryJson, stagesSchema, versionRecordSchema } from "./registry-files";
import type { ModelStage, ModelRegistryOptions, RegisterModelInput, ModelStagesState, ModelVersionRecord, RegistryFileEntry } from "./registry-files";

/** Sub-folders of `dir` with valid names (none when `dir` does not exist). */
async function namedFolders(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && NAME_RE.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
}

function emptyStages(): ModelStagesState {
  return { production: null, staging: null, archived: [], productionHistory: [], events: [] };
}

/**
 * A file-based model registry: immutable, content-hashed versions with metadata, and stages
 * (staging / production / archived) with promote and rollback.
 *
 * Layout: `<root>/<name>/versions/<version>/` (the artifact's files plus `registry-entry.json`),
 * `<root>/<name>/stages.json`, and a `.lock` file while a writer commits.
 *
 * Crash safety: a new version is written into a temp folder, every file fsynced, then published by
 * one `rename` (atomic on POSIX file systems), so a crash leaves either no version or a whole one;
 * leftover temp folders are never listed and {@link ModelRegistry.cleanupTemp} removes them. Stage
 * changes replace `stages.json` by write-temp + fsync + rename. Concurrent writers (threads or
 * processes) serialize their commits on a lock file created with O_EXCL; a lock whose owner died is
 * detected (pid no longer running, or older than `staleMs`) and broken.
 *
 * @example
 * const reg = new ModelRegistry("build/registry");
 * const v = await reg.registerDirectory("agnews", "models/agnews-logreg", { metrics: { accuracy: 0.885 } });
 * await reg.promote("agnews", v.version, "production");
 * await reg.rollback("agnews"); // back to the previous production version
 */
export class ModelRegistry {
  /** Absolute root folder. */
  readonly root: string;
  private readonly lockTimeoutMs: number;
  private readonly staleMs: number;
  private readonly beforeCommit?: ModelRegistryOptions["beforeCommit"];

  /**
   * @param root folder of the registry (created on first write)
   * @param options lockTimeoutMs (10000), staleMs (60000), beforeCommit (none)
   */
  constructor(root: string, options: ModelRegistryOptions = {}) {
    this.root = path.resolve(root);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleMs = options.staleMs ?? 60_000;
    this.beforeCommit = options.beforeCommit;
  }

  private modelDir(name: string): string {
    if (!NAME_RE.test(name)) throw new Error(`Bad model name "${name}": use letters, digits, ".", "_", "-" (not starting with "." or "-").`);
    return path.join(this.root, name);
  }

  private versionDir(name: string, version: string): string {
    return path.join(this.modelDir(name), "versions", version);
  }

  /** Runs `fn` holding the model's lock file (see {@link withFileLock}: O_EXCL, stale and empty locks broken). */
  private async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const dir = this.modelDir(name);
    await fsp.mkdir(dir, { recursive: true });
    try {
      return await withFileLock(path.join(dir, ".lock"), fn, { timeoutMs: this.lockTimeoutMs, staleMs: this.staleMs });
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("could not lock")) e.message = `ModelRegistry: ${e.message}`;
      throw e;
    }
  }

  /**
   * Registers a new immutable version from in-memory files. Files are written and fsynced into a
   * temp folder first; the version id is chosen and the folder renamed into place under the lock.
   * @returns the stored record (with `path`)
   * @throws when `version` is given and already exists, or a file name is not a plain name
   */
  async register(name: string, input: RegisterModelInput): Promise<ModelVersionRecord> {
    const dir = this.modelDir(name);
    const names = Object.keys(input.files);
    if (names.length === 0) throw new Error("ModelRegistry.register: no files given; pass { files: { 'model.onnx': bytes, ... } }.");
    for (const f of names) {
      if (!NAME_RE.test(f) || f === REGISTRY_ENTRY_FILE) throw new Error(`ModelRegistry.register: bad file name "${f}" (plain names only; "${REGISTRY_ENTRY_FILE}" is reserved).`);
    }
    if (input.version !== undefined && !NAME_RE.test(input.version)) throw new Error(`ModelRegistry.register: bad version "${input.version}" (letters, digits, ".", "_", "-").`);
    const tmpRoot = path.join(dir, ".tmp");
    await fsp.mkdir(tmpRoot, { recursive: true });
    await fsp.mkdir(path.join(dir, "versions"), { recursive: true });
    const tempDir = path.join(tmpRoot, `${process.pid}-${Date.now()}-${randomBytes(4).toString("hex")}`);
    await fsp.mkdir(tempDir);
    try {
      const files: RegistryFileEntry[] = [];
      for (const f of names.sort()) {
        const data = input.files[f]!;
        const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
        await writeAndSync(path.join(tempDir, f), bytes);
        files.push({ name: f, bytes: bytes.byteLength, sha256: sha256Hex(bytes) });
      }
      return await this.withLock(name, async () => {
        let version = input.version;
        const existing = await this.versionFolders(name); // incomplete folders count too: their number is taken
        if (version === undefined) {
          const ints = existing.filter((v) => /^\d+$/.test(v)).map(Number);
          version = String((ints.length ? Math.max(...ints) : 0) + 1);
        } else if (existing.includes(version)) {
          throw new Error(`ModelRegistry.register: ${name}@${version} already exists; versions are immutable, register a new one.`);
        }
        const record: Omit<ModelVersionRecord, "path"> = {
          name,
          version,
          createdAt: new Date().toISOString(),
          artifactSha256: artifactHash(files),
          files,
          ...(input.trainingDataSha256 ? { trainingDataSha256: input.trainingDataSha256 } : {}),
          ...(input.metrics ? { metrics: input.metrics } : {}),
          ...(input.metadata ? { metadata: input.metadata } : {}),
        };
        await writeAndSync(path.join(tempDir, REGISTRY_ENTRY_FILE), JSON.stringify(record, null, 2) + "\n");
        await fsyncDir(tempDir);
        if (this.beforeCommit) await this.beforeCommit({ name, tempDir });
        const target = this.versionDir(name, version);
        try {
          await fsp.rename(tempDir, target); // atomic publish
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "ENOTEMPTY" || code === "EEXIST") {
            throw new Error(`ModelRegistry.register: the folder ${target} already exists (a version folder without a valid ${REGISTRY_ENTRY_FILE}?); run verify on ${name}@${version}, then restore its record or remove the folder.`);
          }
          throw e;
        }
        await fsyncDir(path.dirname(target));
        return { ...record, path: target };
      });
    } catch (e) {
      await fsp.rm(tempDir, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Registers every regular file of a folder (e.g. an artifact written by `saveOnnxArtifact`). When
   * the folder has a `meta.json` with `data.sha256`, it becomes `trainingDataSha256` unless given.
   */
  async registerDirectory(name: string, dir: string, input: Omit<RegisterModelInput, "files"> = {}): Promise<ModelVersionRecord> {
    const files: Record<string, Uint8Array> = {};
    for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
      if (e.isFile() && e.name !== REGISTRY_ENTRY_FILE) files[e.name] = new Uint8Array(await fsp.readFile(path.join(dir, e.name)));
    }
    let trainingDataSha256 = input.trainingDataSha256;
    if (!trainingDataSha256 && files["meta.json"]) {
      try {
        const meta = JSON.parse(Buffer.from(files["meta.json"]).toString("utf8")) as { data?: { sha256?: string } };
        trainingDataSha256 = meta.data?.sha256;
      } catch {
        /* not JSON: leave it out */
      }
    }
    return this.register(name, { ...input, files, ...(trainingDataSha256 ? { trainingDataSha256 } : {}) });
  }

  /** Names of the registered models, sorted. */
  async listModels(): Promise<string[]> {
    return (await namedFolders(this.root)).sort();
  }

  /** Every version folder of a model (published or damaged), sorted (integers numerically). Temp folders live elsewhere. */
  private async versionFolders(name: string): Promise<string[]> {
    return (await namedFolders(path.join(this.modelDir(name), "versions"))).sort(compareVersions);
  }

  /**
   * Records of every version of a model, oldest first. Temp folders of unfinished writes never appear.
   * @throws {@link RegistryFileError} naming the first version whose record is missing or damaged (a
   * version is never hidden silently); {@link ModelRegistry.inspect} lists the good ones and every problem
   */
  async listVersions(name: string): Promise<ModelVersionRecord[]> {
    const out: ModelVersionRecord[] = [];
    for (const v of await this.versionFolders(name)) out.push(await this.get(name, v));
    return out;
  }

  /** The good versions of a model and one sentence per damaged one (record missing, not JSON, wrong shape), without throwing. */
  async inspect(name: string): Promise<{ versions: ModelVersionRecord[]; problems: string[] }> {
    const versions: ModelVersionRecord[] = [];
    const problems: string[] = [];
    for (const v of await this.versionFolders(name)) {
      try {
        versions.push(await this.get(name, v));
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    try {
      await this.stages(name);
    } catch (e) {
      problems.push((e as Error).message);
    }
    return { versions, problems };
  }

  /**
   * The record of one version, validated against its schema.
   * @throws {@link ModelNotFoundError} listing the versions that exist; {@link RegistryFileError} when
   * the version folder exists but its record is missing, not JSON, wrongly shaped, or names another version
   */
  async get(name: string, version: string): Promise<ModelVersionRecord> {
    if (!NAME_RE.test(version)) throw new ModelNotFoundError(`Model ${name} has no version "${version}" (versions are letters, digits, ".", "_", "-").`);
    const dir = this.versionDir(name, version);
    const file = path.join(dir, REGISTRY_ENTRY_FILE);
    const rec = await readRegistryJson(file, versionRecordSchema, ENTRY_FIX);
    if (!rec) {
      if (fs.existsSync(dir)) throw new RegistryFileError(file, "is missing: the version folder exists but has no record, so its files cannot be verified", ENTRY_FIX);
      const have = await this.versionFolders(name);
      throw new ModelNotFoundError(
        have.length ? `Model ${name} has no version "${version}"; versions: ${have.join(", ")}.` : `No model named "${name}" in the registry (${this.root}); registered: ${(await this.listModels()).join(", ") || "none"}.`,
      );
    }
    if (rec.name !== name || rec.version !== version) throw new RegistryFileError(file, `records ${rec.name}@${rec.version} but lies in the folder of ${name}@${version}`, ENTRY_FIX);
    return { ...rec, path: dir };
  }

  /**
   * Stage assignments of a model (all empty when none were made).
   * @throws {@link RegistryFileError} when `stages.json` is not JSON or wrongly shaped, naming the file and the fix
   */
  async stages(name: string): Promise<ModelStagesState> {
    return (await readRegistryJson(path.join(this.modelDir(name), "stages.json"), stagesSchema, STAGES_FIX)) ?? emptyStages();
  }

  /** The stage a version is in, or null. */
  async stageOf(name: string, version: string): Promise<ModelStage | null> {
    const s = await this.stages(name);
    if (s.production === version) return "production";
    if (s.staging === version) return "staging";
    return s.archived.includes(version) ? "archived" : null;
  }

  /**
   * Resolves `name`, `name@version` or `name@stage` to a version record. A bare name means its
   * production version, or its latest version when none is in production.
   * @throws {@link ModelNotFoundError} with what exists
   */
  async resolve(spec: string): Promise<ModelVersionRecord> {
    const { name, ref } = parseModelSpec(spec);
    if (ref === "production" || ref === "staging" || ref === undefined) {
      const s = await this.stages(name);
      const v = ref === "staging" ? s.staging : s.production;
      if (v) return this.get(name, v);
      if (ref !== undefined) throw new ModelNotFoundError(`Model ${name} has no version in ${ref}; promote one first.`);
      const all = await this.versionFolders(name);
      if (!all.length) throw new ModelNotFoundError(`No model named "${name}" in the registry (${this.root}); registered: ${(await this.listModels()).join(", ") || "none"}.`);
      return this.get(name, all[all.length - 1]!);
    }
    return this.get(name, ref);
  }

  /**
   * Moves a version into a stage. Promoting to production archives the previous production version
   * and remembers it for {@link ModelRegistry.rollback}; a version cannot be archived while in production.
   */
  async promote(name: string, version: string, stage: ModelStage): Promise<ModelStagesState> {
    if (!["staging", "production", "archived"].includes(stage)) throw new Error(`ModelRegistry.promote: stage must be staging, production or archived, got "${stage}".`);
    await this.get(name, version); // must exist
    return this.withLock(name, async () => {
      const s = await this.stages(name);
      if (!applyPromotion(s, name, version, stage)) return s;
      await writeFileAtomic(path.join(this.modelDir(name), "stages.json"), JSON.stringify(s, null, 2) + "\n");
      return s;
    });
  }

  /**
   * Puts the previous production version back into production (the current one is archived).
   * @returns the versions before and after
   * @throws when there is no earlier production version
   */
  async rollback(name: string): Promise<{ from: string; to: string }> {
    return this.withLock(name, async () => {
      const s = await this.stages(name);
      const { from, to } = applyRollback(s, name, new Set(await this.versionFolders(name)));
      await writeFileAtomic(path.join(this.modelDir(name), "stages.json"), JSON.stringify(s, null, 2) + "\n");
      return { from, to };
    });
  }

  /**
   * Re-hashes a version's files and compares them with its record; also checks that the record's
   * whole-artifact hash matches its own file list (an edited record is a problem too), and that the
   * folder holds no file the record does not list.
   */
  async verify(name: string, version: string): Promise<VerifyResult> {
    return verifyVersionFiles(await this.get(name, version));
  }

  /**
   * Like {@link ModelRegistry.get}, but only returns a version whose files all match their recorded
   * SHA-256 (what a server must check before it loads a model).
   * @throws {@link RegistryFileError} naming the first file that does not match
   */
  async getVerified(name: string, version: string): Promise<ModelVersionRecord> {
    const rec = await this.get(name, version);
    const check = await verifyVersionFiles(rec);
    if (check.ok) return rec;
    const fix = `the artifact ${name}@${version} was changed after registration and will not be served; restore the original files, or register the new ones as a new version.`;
    throw new RegistryFileError(path.join(rec.path, check.problems[0]!.split(":")[0]!), `fails verification: ${check.problems.join("; ")}`, fix);
  }

  /** Reads one file of a version. */
  async readFile(name: string, version: string, file: string): Promise<Buffer> {
    const rec = await this.get(name, version);
    if (!rec.files.some((f) => f.name === file)) throw new ModelNotFoundError(`${name}@${version} has no file "${file}"; files: ${rec.files.map((f) => f.name).join(", ")}.`);
    return fsp.readFile(path.join(rec.path, file));
  }

  /**
   * Removes temp folders left by writers that crashed (their pid no longer runs, or older than `staleMs`).
   * @returns how many were removed
   */
  async cleanupTemp(): Promise<number> {
    let removed = 0;
    for (const name of await this.listModels()) removed += await removeStaleTempDirs(path.join(this.modelDir(name), ".tmp"), this.staleMs);
    return removed;
  }
}
