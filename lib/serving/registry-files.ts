import * as fsp from "node:fs/promises";
import { z } from "zod";
import { sha256Hex } from "../fs/hash";
import { ServingError } from "./errors";
import { MODEL_NAME_PATTERN } from "./model-spec";
import { describeZodIssues } from "../schema/issues";

/** Lifecycle stages of a model version. `production` and `staging` hold one version each; any number are `archived`. */
export type ModelStage = "staging" | "production" | "archived";

const id = z.string().regex(MODEL_NAME_PATTERN, "must be letters, digits, '.', '_', '-'");
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits (a SHA-256)");

/** Schema of one file entry of a `registry-entry.json`. */
export const registryFileEntrySchema = z.object({ name: id, bytes: z.number().int().nonnegative(), sha256: hex64 }).strict();

/** Schema of `registry-entry.json` (what the registry records about one version). */
export const versionRecordSchema = z
  .object({
    name: id,
    version: id,
    createdAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO time"),
    artifactSha256: hex64,
    files: z.array(registryFileEntrySchema).min(1, "must list at least one file"),
    trainingDataSha256: z.string().optional(),
    metrics: z.record(z.number()).optional(),
    metadata: z.record(z.unknown()).optional(),
  })
  .strict();

const stageEventSchema = z
  .object({ at: z.string(), action: z.enum(["promote", "rollback"]), stage: z.enum(["staging", "production", "archived"]), version: id, from: id.nullable() })
  .strict();

/** Schema of a model's `stages.json` (stage assignments and their audit log). */
export const stagesSchema = z
  .object({
    production: id.nullable(),
    staging: id.nullable(),
    archived: z.array(id),
    productionHistory: z.array(id),
    events: z.array(stageEventSchema),
  })
  .strict();

/** One file of a registered version. */
export type RegistryFileEntry = z.infer<typeof registryFileEntrySchema>;
/** A stage change, kept in `stages.json` as an audit log. */
export type StageEvent = z.infer<typeof stageEventSchema>;
/** Stage assignments of one model (`<root>/<name>/stages.json`); `productionHistory` holds earlier production versions, most recent last. */
export type ModelStagesState = z.infer<typeof stagesSchema>;

/** What the registry records about one immutable model version (its `registry-entry.json`), plus where it lives. */
export type ModelVersionRecord = z.infer<typeof versionRecordSchema> & {
  /** Absolute path of the version folder (added when read; not stored). */
  path: string;
};

/**
 * A registry file is missing, unreadable, not JSON, wrongly shaped or inconsistent: server-side
 * corruption, answered with 500 (`registry_corrupt`). The message names the file, what is wrong and
 * how to fix it; `file` is the file's path.
 */
export class RegistryFileError extends ServingError {
  /** The file at fault. */
  readonly file: string;
  constructor(file: string, problem: string, fix: string) {
    super(500, "registry_corrupt", `Registry file ${file} ${problem}. Fix: ${fix}`);
    this.name = "RegistryFileError";
    this.file = file;
  }
}

/** The fix for a damaged `registry-entry.json`. */
export const ENTRY_FIX = "restore the file from a backup, or remove the version folder and register the artifact again (a version's record is never rewritten in place).";
/** The fix for a damaged `stages.json`. */
export const STAGES_FIX = "restore it from a backup, or delete it and promote the production version again (e.g. promote(name, version, \"production\")).";

/**
 * Reads and validates a registry JSON file with `schema`.
 * @returns the parsed value, or `undefined` when the file does not exist
 * @throws {@link RegistryFileError} when it is unreadable, not JSON, or wrongly shaped (naming the field)
 */
export async function readRegistryJson<T>(file: string, schema: z.ZodType<T>, fix: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new RegistryFileError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const what = text.trim() === "" ? "is empty" : `is not valid JSON (${(e as Error).message}; ${text.length} bytes: truncated or edited?)`;
    throw new RegistryFileError(file, what, fix);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new RegistryFileError(file, `has the wrong shape (${describeZodIssues(parsed.error, "file")})`, fix);
  return parsed.data;
}

/** Name of the record file inside every version folder (reserved: an artifact may not contain it). */
export const REGISTRY_ENTRY_FILE = "registry-entry.json";

/** One hash for a set of files: SHA-256 over the sorted `name<TAB>sha256` lines. */
export function artifactHash(files: readonly RegistryFileEntry[]): string {
  return sha256Hex(
    [...files]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((f) => `${f.name}\t${f.sha256}\n`)
      .join(""),
  );
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
