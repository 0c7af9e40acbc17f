import { describe, expect, it } from "vitest";
import { diffByKey, lineDiffStats, snapshotOf, threeWayMerge } from "../../lib/ops/data-versions";
import { flipLabels, precisionRecallAtK, rankByHeldOutLoss } from "../../lib/ops/poisoning";
import { cohenKappa, flattenFields, lenientEqual, plantFieldErrors, rubricGrade, scoreFields } from "../../lib/ops/structured-eval";
import { createRng } from "../../lib/data/random";
import type { StructuredRecord } from "../../lib/structured/records";

const key = (r: Record<string, unknown>) => String(r.id);

describe("data versions", () => {
  const v1 = [
    { id: 1, a: 1, b: "x" },
    { id: 2, a: 2, b: "y" },
    { id: 3, a: 3, b: "z" },
  ];
  it("diffs by key regardless of row order", () => {
    const v2 = [{ id: 3, a: 3, b: "z", c: true }, { id: 1, a: 10, b: "x", c: true }, { id: 4, a: 4, b: "w", c: false }];
    const d = diffByKey(v1, v2, key);
    expect(d.added).toEqual(["4"]);
    expect(d.removed).toEqual(["2"]);
    expect(d.changed).toEqual([{ key: "1", columns: ["a"] }]);
    expect(d.unchanged).toBe(1);
    expect(d.schema).toEqual({ addedColumns: ["c"], removedColumns: [] });
    expect(diffByKey(v1, [...v1].reverse(), key).changed).toEqual([]);
    expect(() => diffByKey([...v1, v1[0]!], v1, key)).toThrow(/appears twice/);
  });
  it("a positional line diff flags a shuffle that changed nothing", () => {
    const s = lineDiffStats("a\nb\nc\nd", "d\nc\nb\na");
    expect(s.differingLines).toBe(4);
    expect(lineDiffStats("a\nb", "a\nb")).toEqual({ lines: 2, differingLines: 0, gzipBytesDiffering: 0 });
  });
  it("content-addresses rows: order-free, change-sensitive", () => {
    const a = snapshotOf(v1, key);
    expect(snapshotOf([...v1].reverse(), key).id).toBe(a.id);
    expect(snapshotOf([{ b: "x", a: 1, id: 1 }, v1[1]!, v1[2]!], key).id).toBe(a.id);
    expect(snapshotOf([{ ...v1[0]!, a: 99 }, v1[1]!, v1[2]!], key).id).not.toBe(a.id);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
  });
  it("merges edits of different cells and reports a conflict on the same cell", () => {
    const ours = [{ id: 1, a: 5, b: "x" }, v1[1]!, v1[2]!];
    const theirs = [{ id: 1, a: 1, b: "X" }, { id: 2, a: 7, b: "y" }, v1[2]!, { id: 9, a: 0, b: "n" }];
    const m = threeWayMerge(v1, ours, theirs, key);
    expect(m.conflicts).toEqual([]);
    expect(m.merged).toEqual([{ id: 1, a: 5, b: "X" }, { id: 2, a: 7, b: "y" }, v1[2], { id: 9, a: 0, b: "n" }]);
    const clash = threeWayMerge(v1, [{ id: 1, a: 5, b: "x" }, v1[1]!, v1[2]!], [{ id: 1, a: 6, b: "x" }, v1[1]!, v1[2]!], key);
    expect(clash.conflicts).toEqual([{ key: "1", column: "a", base: 1, ours: 5, theirs: 6 }]);
    const delEdit = threeWayMerge(v1, [v1[0]!, v1[2]!], [v1[0]!, { id: 2, a: 8, b: "y" }, v1[2]!], key);
    expect(delEdit.conflicts.map((c) => c.column)).toEqual(["*"]);
    expect(threeWayMerge(v1, [v1[0]!, v1[2]!], v1, key).merged).toHaveLength(2);
  });
});

describe("label poisoning", () => {
  it("flips exactly the share asked, always to another class", () => {
    const y = Array.from({ length: 1000 }, (_, i) => i % 4);
    const p = flipLabels(y, 0.1, 4, 3);
    expect(p.flipped).toHaveLength(100);
    expect(p.flipped.every((i) => p.labels[i] !== y[i])).toBe(true);
    expect(p.labels.filter((l, i) => l !== y[i])).toHaveLength(100);
    expect(() => flipLabels(y, 2, 4)).toThrow(/share/);
  });
  it("precision/recall at k by hand", () => {
    expect(precisionRecallAtK([5, 1, 7, 2], [1, 2, 3], 2)).toEqual({ precision: 0.5, recall: 1 / 3 });
    expect(() => precisionRecallAtK([1], [1], 0)).toThrow(/positive/);
  });
  it("held-out loss ranks flipped rows of a separable problem first", () => {
    const rng = createRng(4);
    const X = Array.from({ length: 400 }, (_, i) => ({ indices: Int32Array.from([i % 2, 2 + rng.int(3)]), values: Float64Array.from([1, 0.1]) }));
    const y = X.map((_, i) => i % 2);
    const p = flipLabels(y, 0.05, 2, 1);
    const r = rankByHeldOutLoss(X as never, p.labels, 5, 2, { model: { epochs: 30 } });
    expect(precisionRecallAtK(r.order, p.flipped, p.flipped.length).precision).toBe(1);
  });
});

describe("structured-output evaluation", () => {
  it("Cohen's kappa equals the textbook example (20/5/10/15 → 0.4)", () => {
    const a = [...Array(25).fill("yes"), ...Array(25).fill("no")];
    const b = [...Array(20).fill("yes"), ...Array(5).fill("no"), ...Array(10).fill("yes"), ...Array(15).fill("no")];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
    expect(cohenKappa(a, a)).toBe(1);
    expect(() => cohenKappa(a, [])).toThrow(/same/);
  });
  it("scores fields: right, wrong, missing and null", () => {
    const gold = { a: 1, n: { b: "x", c: null } };
    expect(flattenFields(gold)).toEqual({ a: 1, "n.b": "x", "n.c": null });
    expect(scoreFields(gold, gold)).toEqual({ goldFields: 2, predictedFields: 2, correct: 2, wrong: 0 });
    expect(scoreFields({ a: 2, n: { b: "x", c: null } }, gold)).toEqual({ goldFields: 2, predictedFields: 2, correct: 1, wrong: 1 });
    expect(scoreFields(undefined, gold)).toEqual({ goldFields: 2, predictedFields: 0, correct: 0, wrong: 3 });
    expect(scoreFields({ a: 1.01, n: { b: "X", c: null } }, gold, lenientEqual).wrong).toBe(0);
    expect([rubricGrade(null), rubricGrade(scoreFields(gold, gold)), rubricGrade(scoreFields({ a: 2, n: { b: "x", c: null } }, gold)), rubricGrade(scoreFields({ a: 2 }, gold))]).toEqual([0, 2, 1, 0]);
  });
  it("plants wrong values of the right type taken from another record", () => {
    const recs: StructuredRecord[] = Array.from({ length: 20 }, (_, i) => ({ source: "adult", row: i, value: { age: 20 + i, job: `j${i}` } }));
    const p = plantFieldErrors(recs, 0.5, 1);
    const n = p.changed.flat().length;
    expect(n).toBeGreaterThan(5);
    p.records.forEach((r, i) => {
      for (const f of p.changed[i]!) {
        expect((r.value as Record<string, unknown>)[f]).not.toEqual((recs[i]!.value as Record<string, unknown>)[f]);
        expect(typeof (r.value as Record<string, unknown>)[f]).toBe(typeof (recs[i]!.value as Record<string, unknown>)[f]);
      }
    });
    expect(plantFieldErrors(recs, 0).changed.flat()).toEqual([]);
  });
});
