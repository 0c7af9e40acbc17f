/*
 * Helpers for exercise checks that read a learner's judgement (a prediction, a choice, a found flaw)
 * and for checks that must see the learner's own code rather than one library call.
 */

/**
 * Fails unless `why` is a justification of at least `minWords` words (the reasoning is what a
 * judgement exercise asks for; the check cannot grade it, a TA can).
 */
export function expectReasoning(why: unknown, what: string, minWords = 8): void {
  const words = typeof why === "string" ? why.trim().split(/\s+/).filter((w) => /\w/.test(w)).length : 0;
  if (words < minWords) throw new Error(`${what}: say why in a sentence of at least ${minWords} words (got ${typeof why === "string" ? `${words}: "${why}"` : String(why)}).`);
}

/** Fails unless `x` is a share in [0, 1]; a value in (1, 100] is called out as a percentage. */
export function expectShare(x: unknown, what: string): asserts x is number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`${what}: expected a number between 0 and 1, got ${String(x)}.`);
  if (x > 1 && x <= 100) throw new Error(`${what}: ${x} looks like a percentage; give a share between 0 and 1 (e.g. 0.42 for 42%).`);
  if (x < 0 || x > 1) throw new Error(`${what}: a share lies between 0 and 1, got ${x}.`);
}

/**
 * Fails when the learner's function calls one of `forbidden` (library functions the exercise asks
 * to write by hand), read from its compiled source (`Function.prototype.toString`).
 */
export function expectOwnCode(fn: unknown, forbidden: string[], exercise: string): void {
  if (typeof fn !== "function") throw new Error(`${exercise}: expected a function, got ${typeof fn}.`);
  const src = Function.prototype.toString.call(fn);
  const called = forbidden.filter((name) => new RegExp(`\\b${name}\\b`).test(src));
  if (called.length) throw new Error(`${exercise} asks you to write this yourself, but your function calls ${called.join(", ")}: the point is to see how it works inside. Use the library to check your answer, not to give it.`);
}

/** Compares a prediction with a measurement in words: "you predicted 0.30; measured 0.495 (0.195 lower)". */
export function comparePrediction(predicted: number, measured: number, digits = 3): string {
  const gap = predicted - measured;
  const close = Math.abs(gap) <= 0.02 * Math.max(1, Math.abs(measured));
  return `you predicted ${predicted.toFixed(digits)}; measured ${measured.toFixed(digits)}${close ? " — close" : ` (${Math.abs(gap).toFixed(digits)} ${gap < 0 ? "lower" : "higher"}): what did your reasoning miss?`}`;
}
