import type { ModelStage, ModelStagesState } from "./registry-files";

/**
 * Applies a promotion to a model's stage state, in place: promoting to production archives the
 * previous production version and remembers it for rollback; a version cannot be archived while in
 * production. Appends the audit event.
 * @returns `false` when nothing changed (the version is already in production), else `true`
 * @throws on an unknown stage, or when archiving the production version
 */
export function applyPromotion(s: ModelStagesState, name: string, version: string, stage: ModelStage): boolean {
  if (!["staging", "production", "archived"].includes(stage)) throw new Error(`ModelRegistry.promote: stage must be staging, production or archived, got "${stage}".`);
  const at = new Date().toISOString();
  const unarchive = (): void => {
    s.archived = s.archived.filter((v) => v !== version);
  };
  if (stage === "production") {
    if (s.production === version) return false;
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
  return true;
}

/**
 * Applies a rollback in place: the most recent earlier production version that still exists (in
 * `have`) goes back into production, the current one is archived; appends the audit event.
 * @returns the versions before and after
 * @throws when there is no earlier production version
 */
export function applyRollback(s: ModelStagesState, name: string, have: ReadonlySet<string>): { from: string; to: string } {
  const from = s.production;
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
  return { from, to };
}
