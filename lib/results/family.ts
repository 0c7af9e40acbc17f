/**
 * A results family: the files one command writes under `results/` (every `gzip-knn/<dataset>-…json`,
 * the one `serving/bench.json`, …), their zod schema and the schema's version.
 * @packageDocumentation
 */
import type { z } from "zod";

/**
 * A zod schema whose parsed value is `T`. The value types are declared interfaces rather than
 * `z.infer`: tslab compiles notebook cells and lib/ without strict mode, where zod's inferred
 * object types turn every property optional. `test/results/schema-types.test.ts` checks, strictly,
 * that each schema produces its interface.
 */
export type SchemaOf<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

/** Views a zod schema as a {@link SchemaOf} its declared interface (checked in test/results/schema-types.test.ts). */
export function typedSchema<T>(schema: z.ZodTypeAny): SchemaOf<T> {
  return schema as SchemaOf<T>;
}

/** One family of results files: its schema, which files are canonical, and who writes them. */
export interface ResultFamily<T = unknown> {
  /** Short name, e.g. `"gzip-knn"`, used in messages. */
  readonly name: string;
  /** The zod schema of one file of the family (objects pass unknown keys through). */
  readonly schema: SchemaOf<T>;
  /**
   * The schema's version. A writer stamps it as `schemaVersion`; a file without one was written
   * before versioning and counts as version 1. A reader refuses a file of another version (stale).
   */
  readonly version: number;
  /**
   * The canonical files, as a pattern over the path relative to `results/` (posix slashes). Only
   * these are read by notebooks and decks; anything else under `results/` is an error in a test.
   */
  readonly files: RegExp;
  /** The command that writes `file` (relative to `results/`), quoted by every error about it. */
  command(file: string): string;
  /** `"json"` (default) or `"jsonl"` (one record a line; read by a family-specific reader). */
  readonly format?: "json" | "jsonl";
}

/** The value type of a family's files. */
export type ResultOf<F> = F extends ResultFamily<infer T> ? T : never;

/** A results file is missing, is not JSON, does not match its schema, or is stale. */
export class ResultFileError extends Error {
  /** The file involved, relative to the repository (e.g. `results/gzip-knn/r8-gzip-9.json`). */
  readonly file: string;
  /** What went wrong. */
  readonly reason: "missing" | "malformed" | "stale" | "not-canonical";
  /** The command that (re)produces the file. */
  readonly command: string;
  constructor(message: string, file: string, reason: ResultFileError["reason"], command: string) {
    super(message);
    this.name = "ResultFileError";
    this.file = file;
    this.reason = reason;
    this.command = command;
  }
}

/** `file` relative to the results folder: posix slashes, without a leading `results/` or `./results/`. */
export function resultsRelativePath(file: string): string {
  return file.replace(/\\/g, "/").replace(/^(?:\.\/)?results\//, "");
}

/** Defines a family (an identity function that checks the version). */
export function defineResultFamily<T>(family: ResultFamily<T>): ResultFamily<T> {
  if (!Number.isInteger(family.version) || family.version < 1) throw new RangeError(`defineResultFamily(${family.name}): version must be a positive integer, got ${family.version}.`);
  return family;
}
