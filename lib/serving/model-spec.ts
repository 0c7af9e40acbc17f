/** Names of models, versions and registry files: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A parsed `name@ref` model spec; `ref` is a version, a stage, or absent (production). */
export interface ModelSpec {
  /** Model name. */
  name: string;
  /** Version id or stage (`production`, `staging`); absent for a bare name. */
  ref?: string;
}

/**
 * Parses `"agnews"`, `"agnews@3"` or `"agnews@production"` into name and ref.
 * @throws on an empty or malformed spec, saying what is allowed
 */
export function parseModelSpec(spec: string): ModelSpec {
  const s = String(spec).trim();
  const [name, ref, extra] = s.split("@");
  if (!name || !MODEL_NAME_PATTERN.test(name) || extra !== undefined || (ref !== undefined && !MODEL_NAME_PATTERN.test(ref))) {
    throw new Error(`Bad model spec "${spec}": write NAME, NAME@VERSION or NAME@STAGE (letters, digits, ".", "_", "-"), e.g. agnews@2 or agnews@production.`);
  }
  return ref === undefined ? { name } : { name, ref };
}

/** Orders version ids: integers numerically and before other ids, which sort as strings. */
export function compareVersions(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
