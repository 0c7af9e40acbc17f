import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { ModelNotFoundError } from "./errors";

/** Lifecycle stages of a model version. `production` and `staging` hold one version each; any number are `archived`. */
export type ModelStage = "staging" | "production" | "archived";

/** One file of a registered version. */
export interface RegistryFileEntry {
  /** File name inside the version folder. */
  name: string;
  /** Size in bytes. */
  bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** What the registry records about one immutable model version (its `registry-entry.json`). */
export interface ModelVersionRecord {
  /** Model name. */
  name: string;
  /** Version id: `"1"`, `"2"`, … when assigned by the registry. */
  version: string;
  /** ISO time the version was registered. */
  createdAt: string;
  /** SHA-256 over the sorted `name<TAB>sha256` lines of its files: one hash for the whole artifact. */
  artifactSha256: string;
  /** Files with sizes and hashes. */
  files: RegistryFileEntry[];
  /** Hash of the training data, when given (e.g. the `data.sha256` of an artifact's meta.json). */
  trainingDataSha256?: string;
  /** Offline metrics, e.g. `{ accuracy: 0.885 }`. */
  metrics?: Record<string, number>;
  /** Any other JSON metadata (command, seed, parent version, …). */
  metadata?: Record<string, unknown>;
  /** Absolute path of the version folder (added when read; not stored). */
  path: string;
}

/** A stage change, kept in `stages.json` as an audit log. */
export interface StageEvent {
  /** ISO time. */
  at: string;
  /** `"promote"` or `"rollback"`. */
  action: "promote" | "rollback";
  /** Stage that changed. */
  stage: ModelStage;
  /** Version now in that stage. */
  version: string;
  /** Version that held the stage before (production/staging), if any. */
  from: string | null;
}

/** Stage assignments of one model (`<root>/<name>/stages.json`). */
export interface ModelStagesState {
  /** Version serving production traffic, or null. */
  production: string | null;
  /** Version under evaluation, or null. */
  staging: string | null;
  /** Versions retired from production. */
  archived: string[];
  /** Earlier production versions, most recent last: what {@link ModelRegistry.rollback} returns to. */
  productionHistory: string[];
  /** Every stage change, oldest first. */
  events: StageEvent[];
}

/** What {@link ModelRegistry.register} stores. */
export interface RegisterModelInput {
  /** File name → contents (bytes, or a string written as UTF-8). */
  files: Record<string, Uint8Array | string>;
  /** Explicit version id (letters, digits, `.`, `_`, `-`). Default: the next integer. */
  version?: string;
  /** Hash of the training data. */
  trainingDataSha256?: string;
  /** Offline metrics. */
  metrics?: Record<string, number>;
  /** Other JSON metadata. */
  metadata?: Record<string, unknown>;
}

/** Options of {@link ModelRegistry}. */
export interface ModelRegistryOptions {
  /** Give up waiting for another writer's lock after this many ms. Default `10000`. */
  lockTimeoutMs?: number;
  /** A lock (or temp folder) older than this, or held by a process that no longer runs, is stale and broken. Default `60000`. */
  staleMs?: number;
  /**
   * Fault-injection hook for tests and demonstrations: called while the lock is held, after the new
   * version's files are written and fsynced into a temp folder and before the rename that publishes
   * it. Killing the process here shows that a crash leaves no half-written version. Default: none.
   */
  beforeCommit?: (info: { name: string; tempDir: string }) => void | Promise<void>;
}

/** Name of the record file inside every version folder (reserved: an artifact may not contain it). */
export const REGISTRY_ENTRY_FILE = "registry-entry.json";
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A parsed `name@ref` model spec; `ref` is a version, a stage, or absent (production). */
export interface ModelSpec {
  name: string;
  ref?: string;
}

/**
 * Parses `"agnews"`, `"agnews@3"` or `"agnews@production"` into name and ref.
 * @throws on an empty or malformed spec, saying what is allowed
 */
export function parseModelSpec(spec: string): ModelSpec {
  const s = String(spec).trim();
  const [name, ref, extra] = s.split("@");
  if (!name || !NAME_RE.test(name) || extra !== undefined || (ref !== undefined && !NAME_RE.test(ref))) {
    throw new Error(`Bad model spec "${spec}": write NAME, NAME@VERSION or NAME@STAGE (letters, digits, ".", "_", "-"), e.g. agnews@2 or agnews@production.`);
  }
  return ref === undefined ? { name } : { name, ref };
}

/** Hex SHA-256 of bytes. */
function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** One hash for a set of files: SHA-256 over the sorted `name<TAB>sha256` lines. */
export function artifactHash(files: readonly RegistryFileEntry[]): string {
  return sha256(
    [...files]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((f) => `${f.name}\t${f.sha256}\n`)
      .join(""),
  );
}

async function fsyncDir(dir: string): Promise<void> {
  let h: fsp.FileHandle | undefined;
  try {
    h = await fsp.open(dir, "r");
    await h.sync();
  } catch {
    /* some platforms cannot fsync a directory; the rename is still atomic */
  } finally {
    await h?.close();
  }
}

async function writeAndSync(file: string, data: Uint8Array | string, flag = "wx"): Promise<void> {
  const h = await fsp.open(file, flag);
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Writes a file atomically: to a unique temp file beside it (created with O_EXCL), fsync, rename over
 * the target, fsync the folder. Readers see the old contents or the new, never a mix.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeAndSync(tmp, data);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(path.dirname(file));
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function emptyStages(): ModelStagesState {
  return { production: null, staging: null, archived: [], productionHistory: [], events: [] };
}

function compareVersions(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
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

  /** Runs `fn` holding the model's lock file (created with O_EXCL; stale locks are broken). */
  private async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const dir = this.modelDir(name);
    await fsp.mkdir(dir, { recursive: true });
    const lock = path.join(dir, ".lock");
    const start = Date.now();
    let wait = 2;
    for (;;) {
      try {
        await writeAndSync(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      // someone holds it: break it if its owner is gone, else wait
      let holder: { pid?: number } = {};
      let ageMs = 0;
      try {
        holder = JSON.parse(await fsp.readFile(lock, "utf8")) as { pid?: number };
        ageMs = Date.now() - (await fsp.stat(lock)).mtimeMs;
      } catch {
        /* half-written or just removed: retry */
      }
      const dead = holder.pid !== undefined && !pidAlive(holder.pid);
      if (dead || ageMs > this.staleMs) {
        const grave = `${lock}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
        try {
          await fsp.rename(lock, grave); // only one breaker wins the rename
          await fsp.rm(grave, { force: true });
        } catch {
          /* another process broke it first */
        }
        continue;
      }
      if (Date.now() - start > this.lockTimeoutMs) {
        throw new Error(`ModelRegistry: could not lock ${lock} within ${this.lockTimeoutMs} ms (held by pid ${holder.pid ?? "?"}). If no writer is running, delete the file.`);
      }
      await sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 50);
    }
    try {
      return await fn();
    } finally {
      await fsp.rm(lock, { force: true });
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
        files.push({ name: f, bytes: bytes.byteLength, sha256: sha256(bytes) });
      }
      return await this.withLock(name, async () => {
        let version = input.version;
        const existing = await this.versionIds(name);
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
        await fsp.rename(tempDir, target); // atomic publish
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
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(this.root, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries.filter((e) => e.isDirectory() && NAME_RE.test(e.name)).map((e) => e.name).sort();
  }

  /** Version ids of a model that are fully published (have their record file), sorted (integers numerically). */
  private async versionIds(name: string): Promise<string[]> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(path.join(this.modelDir(name), "versions"), { withFileTypes: true });
    } catch {
      return [];
    }
    const ids = entries.filter((e) => e.isDirectory() && fs.existsSync(path.join(this.modelDir(name), "versions", e.name, REGISTRY_ENTRY_FILE))).map((e) => e.name);
    return ids.sort(compareVersions);
  }

  /** Records of every version of a model, oldest first. Temp folders of unfinished writes never appear. */
  async listVersions(name: string): Promise<ModelVersionRecord[]> {
    const out: ModelVersionRecord[] = [];
    for (const v of await this.versionIds(name)) out.push(await this.get(name, v));
    return out;
  }

  /**
   * The record of one version.
   * @throws {@link ModelNotFoundError} listing the versions that exist
   */
  async get(name: string, version: string): Promise<ModelVersionRecord> {
    const dir = this.versionDir(name, version);
    let text: string;
    try {
      text = await fsp.readFile(path.join(dir, REGISTRY_ENTRY_FILE), "utf8");
    } catch {
      const have = await this.versionIds(name);
      throw new ModelNotFoundError(
        have.length ? `Model ${name} has no version "${version}"; versions: ${have.join(", ")}.` : `No model named "${name}" in the registry (${this.root}); registered: ${(await this.listModels()).join(", ") || "none"}.`,
      );
    }
    return { ...(JSON.parse(text) as Omit<ModelVersionRecord, "path">), path: dir };
  }

  /** Stage assignments of a model (all empty when none were made). */
  async stages(name: string): Promise<ModelStagesState> {
    try {
      return { ...emptyStages(), ...(JSON.parse(await fsp.readFile(path.join(this.modelDir(name), "stages.json"), "utf8")) as Partial<ModelStagesState>) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return emptyStages();
      throw e;
    }
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
      const all = await this.versionIds(name);
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
      const at = new Date().toISOString();
      const unarchive = (): void => {
        s.archived = s.archived.filter((v) => v !== version);
      };
      if (stage === "production") {
        if (s.production === version) return s;
        const from = s.production;
        if (from) {
          s.productionHistory.push(from);
          if (!s.archived.includes(from)) s.archived.push(from);
        }
        s.production = version;
        if (s.staging === version) s.staging = null;
        unarchive();
        s.events.push({ at, action: "promote", stage, version, from });
      } else if (stage === "staging") {
        const from = s.staging;
        s.staging = version;
        unarchive();
        s.events.push({ at, action: "promote", stage, version, from });
      } else {
        if (s.production === version) throw new Error(`ModelRegistry.promote: ${name}@${version} is in production; promote another version or roll back before archiving it.`);
        if (s.staging === version) s.staging = null;
        if (!s.archived.includes(version)) s.archived.push(version);
        s.events.push({ at, action: "promote", stage, version, from: null });
      }
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
      const from = s.production;
      const have = new Set(await this.versionIds(name));
      let to: string | undefined;
      while (s.productionHistory.length) {
        const v = s.productionHistory.pop()!;
        if (have.has(v) && v !== from) {
          to = v;
          break;
        }
      }
      if (!from || !to) throw new Error(`ModelRegistry.rollback: ${name} has no earlier production version to return to (production: ${from ?? "none"}).`);
      if (!s.archived.includes(from)) s.archived.push(from);
      s.archived = s.archived.filter((v) => v !== to);
      s.production = to;
      s.events.push({ at: new Date().toISOString(), action: "rollback", stage: "production", version: to, from });
      await writeFileAtomic(path.join(this.modelDir(name), "stages.json"), JSON.stringify(s, null, 2) + "\n");
      return { from, to };
    });
  }

  /** Re-hashes a version's files and compares with its record. */
  async verify(name: string, version: string): Promise<{ ok: boolean; artifactSha256: string; problems: string[] }> {
    const rec = await this.get(name, version);
    const problems: string[] = [];
    const files: RegistryFileEntry[] = [];
    for (const f of rec.files) {
      try {
        const bytes = await fsp.readFile(path.join(rec.path, f.name));
        const h = sha256(bytes);
        files.push({ ...f, sha256: h });
        if (h !== f.sha256) problems.push(`${f.name}: sha256 ${h.slice(0, 12)}… differs from the recorded ${f.sha256.slice(0, 12)}…`);
      } catch {
        problems.push(`${f.name}: missing`);
      }
    }
    const whole = artifactHash(files);
    return { ok: problems.length === 0 && whole === rec.artifactSha256, artifactSha256: whole, problems };
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
    for (const name of await this.listModels()) {
      const tmpRoot = path.join(this.modelDir(name), ".tmp");
      let entries: string[];
      try {
        entries = await fsp.readdir(tmpRoot);
      } catch {
        continue;
      }
      for (const e of entries) {
        const pid = Number(e.split("-")[0]);
        const p = path.join(tmpRoot, e);
        const age = Date.now() - (await fsp.stat(p)).mtimeMs;
        if (!pidAlive(pid) || age > this.staleMs) {
          await fsp.rm(p, { recursive: true, force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
