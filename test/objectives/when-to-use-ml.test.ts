import { describe, it, expect } from "vitest";
import { shouldUseML, type MLFitAnswers } from "../../lib/objectives/index";

const required: MLFitAnswers = { learnable: true, complexPatterns: true, existingData: true, predictive: true, unseenDataSimilar: true };

describe("shouldUseML (DMLS ch. 1 checklist)", () => {
  it("recommends ML for a repetitive, at-scale, cheap-error, drifting problem (e.g. spam filtering)", () => {
    const v = shouldUseML({ ...required, repetitive: true, cheapWrongPredictions: true, atScale: true, changingPatterns: true });
    expect(v.verdict).toBe("use-ml");
    expect(v.useML).toBe(true);
    expect(v.criteria).toHaveLength(9);
    expect(v.summary).toMatch(/4 of 4/);
  });
  it("3 of 4 favourable conditions is still use-ml; 2 is only ml-possible", () => {
    expect(shouldUseML({ ...required, repetitive: true, atScale: true, changingPatterns: true, cheapWrongPredictions: false }).verdict).toBe("use-ml");
    const v = shouldUseML({ ...required, repetitive: true, atScale: true, cheapWrongPredictions: false });
    expect(v.verdict).toBe("ml-possible");
    expect(v.useML).toBe(true);
    expect(v.reasons).toContain("mistakes are costly: you need a human in the loop, a fallback, or a very high bar");
    expect(v.summary).toMatch(/1 not answered/);
  });
  it("simple patterns: write rules instead (avoid-ml), whatever else holds", () => {
    const v = shouldUseML({ ...required, complexPatterns: false, repetitive: true, cheapWrongPredictions: true, atScale: true, changingPatterns: true });
    expect(v.verdict).toBe("avoid-ml");
    expect(v.useML).toBe(false);
    expect(v.reasons).toEqual(["the patterns are simple: write the rules (or a lookup table) instead of training a model"]);
  });
  it("lists every failed requirement", () => {
    const v = shouldUseML({ learnable: false, complexPatterns: true, existingData: false, predictive: true, unseenDataSimilar: false });
    expect(v.verdict).toBe("avoid-ml");
    expect(v.reasons).toHaveLength(3);
    expect(v.summary).toMatch(/3 of 5 requirements fail \(learn, existing data, unseen data like training data\)/);
  });
  it("rejects missing required answers", () => {
    expect(() => shouldUseML({ learnable: true } as MLFitAnswers)).toThrow(/complexPatterns/);
    expect(() => shouldUseML(null as never)).toThrow(/pass an object/);
  });
});
