/** Shared command-line helper for bench scripts. */

/** Reads `--name N` from the command line as a positive integer, or returns `def` when absent. */
export function intArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer, got "${process.argv[i + 1]}".`);
  return v;
}

/** Reads `--name VALUE` from the command line (`name` with its dashes), or undefined when absent. */
export function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
