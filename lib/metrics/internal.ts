// Helpers shared by the metrics files; deliberately not re-exported from index.ts.
import type { ClassLabel } from "./class-label";

/** Throws a clear error when `values` is empty or holds a NaN / non-number. */
export function checkValues(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) {
    throw new Error(`${what}: no values (the input array is empty); pass at least one number`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new Error(`${what}: value at index ${i} is ${String(v)}, not a number; remove or fix it first`);
    }
  }
}

/** Throws when two arrays that must be aligned differ in length. */
export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string, names = ["yTrue", "yPred"]): void {
  if (a.length !== b.length) {
    throw new Error(`${what}: ${names[0]} has ${a.length} items but ${names[1]} has ${b.length}; they must be aligned one to one`);
  }
}

/** Whether label `v` is the positive label `pos` (1 and true are the same positive). */
export function isPositiveLabel(v: ClassLabel, pos: ClassLabel): boolean {
  return v === pos || (pos === 1 && v === true) || (pos === true && v === 1);
}
