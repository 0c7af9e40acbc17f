/**
 * A results family: the files one command writes under `results/` (every `gzip-knn/<dataset>-…json`,
 * the one `serving/bench.json`, …), their zod schema and the schema's version.
 * @packageDocumentation
 */
import type { z } from "zod";

/** One family of results files: its schema, which files are canonical, and who writes them. */
export interface ResultFamily<S extends z.ZodTypeAny = z.ZodTypeAny> {
  /** Short name, e.g. `"gzip-knn"`, used in messages. */
  readonly name: string;
  /** The zod schema of one file of the family (objects pass unknown keys through). */
  readonly schema: S;
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
export type ResultOf<F extends ResultFamily> = z.infer<F["schema"]>;

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

/** Defines a family (a typed identity function, so that `ResultOf` infers the schema's type). */
export function defineResultFamily<S extends z.ZodTypeAny>(family: ResultFamily<S>): ResultFamily<S> {
  if (!Number.isInteger(family.version) || family.version < 1) throw new RangeError(`defineResultFamily(${family.name}): version must be a positive integer, got ${family.version}.`);
  return family;
}
