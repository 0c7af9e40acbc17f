/** Loads test/fixtures/drift/reference.json and re-creates its generated samples. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../../lib/data/random";

export type SampleSpec =
  | { type: "normal"; seed: number; n: number; loc: number; scale: number }
  | { type: "int"; seed: number; n: number; k: number; offset: number }
  | { type: "cat"; seed: number; n: number; weights: number[]; labels: string[] };

export type Sample = { values: (number | string)[] } | { spec: SampleSpec };

/** Same generator as make_reference.py (mulberry32; Irwin–Hall sums, so no libm calls). */
export function generate(spec: SampleSpec): (number | string)[] {
  const rng = createRng(spec.seed);
  const out: (number | string)[] = [];
  if (spec.type === "normal") {
    for (let i = 0; i < spec.n; i++) {
      let s = 0;
      for (let k = 0; k < 12; k++) s += rng.next();
      out.push(spec.loc + spec.scale * (s - 6));
    }
  } else if (spec.type === "int") {
    for (let i = 0; i < spec.n; i++) out.push(Math.floor(rng.next() * spec.k) + spec.offset);
  } else {
    const total = spec.weights.reduce((a, b) => a + b, 0);
    const cum: number[] = [];
    let acc = 0;
    for (const w of spec.weights) {
      acc += w / total;
      cum.push(acc);
    }
    for (let i = 0; i < spec.n; i++) {
      const u = rng.next();
      let idx = spec.weights.length - 1;
      for (let j = 0; j < cum.length; j++) {
        if (u < cum[j]!) {
          idx = j;
          break;
        }
      }
      out.push(spec.labels[idx]!);
    }
  }
  return out;
}

export function sample(s: Sample): (number | string)[] {
  return "values" in s ? s.values : generate(s.spec);
}

export function numbers(s: Sample): number[] {
  return sample(s) as number[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const reference: any = JSON.parse(readFileSync(join(__dirname, "../fixtures/drift/reference.json"), "utf8"));

/** |actual − expected| <= rel·|expected| (+ a tiny absolute floor for values at 0). */
export function closeRel(actual: number, expected: number, rel: number, abs = 1e-300): boolean {
  if (actual === expected) return true;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
}
