import { describe, it, expect } from "vitest";
import {
  costPerMillionPredictions,
  DEFAULT_USD_PER_VCPU_HOUR,
  measureCandidate,
  paretoFront,
  paretoAnalysis,
  paretoDominates,
  DEFAULT_CANDIDATE_OBJECTIVES,
  chooseUnderBudget,
  chooseUnderLatencyBudget,
  chooseUnderCostBudget,
  pickForStakeholder,
  pickForEveryStakeholder,
  STAKEHOLDERS,
  type ModelCandidate,
  type ParetoObjective,
} from "../../lib/objectives/index";

/** Hand-made candidates (illustrative numbers, not measurements). */
function cand(name: string, accuracy: number, p99: number, cost: number, size: number, extra: Partial<ModelCandidate> = {}): ModelCandidate {
  return { name, accuracy, latencyP50Ms: p99 / 2, latencyP99Ms: p99, throughputPerSec: 1000 / (p99 / 2), cpuMsPerPrediction: 0, costPerMillionUsd: cost, sizeBytes: size, ...extra };
}
const big = cand("big", 0.95, 50, 2.0, 400e6);
const mid = cand("mid", 0.92, 8, 0.3, 20e6);
const small = cand("small", 0.88, 2, 0.05, 1e6);
const worse = cand("worse", 0.87, 9, 0.4, 25e6); // dominated by mid (and small)
const slowSmall = cand("slowSmall", 0.88, 3, 0.05, 1e6); // dominated by small only (slower, else equal)
const all = [big, mid, small, worse, slowSmall];

describe("cost per million predictions", () => {
  it("is cpu ms × price / 3.6 (hand-computed), divided by utilisation", () => {
    // 1 ms each → 10^6 ms = 1000 s = 1/3.6 h; at $0.036 per vCPU-hour → $0.01
    expect(costPerMillionPredictions(1, { usdPerVcpuHour: 0.036 })).toBeCloseTo(0.01, 12);
    expect(costPerMillionPredictions(1, { usdPerVcpuHour: 0.036, utilization: 0.5 })).toBeCloseTo(0.02, 12);
    expect(costPerMillionPredictions(3.6)).toBeCloseTo(DEFAULT_USD_PER_VCPU_HOUR, 12);
    expect(DEFAULT_USD_PER_VCPU_HOUR).toBe(0.0425);
    expect(() => costPerMillionPredictions(-1)).toThrow(/>= 0/);
    expect(() => costPerMillionPredictions(1, { utilization: 0 })).toThrow(/utilization/);
  });
});

describe("Pareto front", () => {
  it("keeps the non-dominated candidates, in input order", () => {
    expect(paretoFront(all).map((c) => c.name)).toEqual(["big", "mid", "small"]);
    const a = paretoAnalysis(all, DEFAULT_CANDIDATE_OBJECTIVES);
    expect(a[3]!.dominatedBy).toEqual([1, 2, 4]);
    expect(a[4]!.dominatedBy).toEqual([2]);
    expect(paretoDominates(mid, worse, DEFAULT_CANDIDATE_OBJECTIVES)).toBe(true);
    expect(paretoDominates(big, small, DEFAULT_CANDIDATE_OBJECTIVES)).toBe(false);
  });
  it("keeps both of two identical candidates (ties dominate neither way)", () => {
    const twin = { ...small, name: "twin" };
    expect(paretoFront([small, twin, worse]).map((c) => c.name)).toEqual(["small", "twin"]);
    expect(paretoDominates(small, twin, DEFAULT_CANDIDATE_OBJECTIVES)).toBe(false);
  });
  it("treats differences within a tolerance as ties", () => {
    const objs: ParetoObjective<ModelCandidate>[] = [
      { name: "accuracy", value: (c) => c.accuracy, goal: "max" },
      { name: "p99", value: (c) => c.latencyP99Ms, goal: "min", tolerance: 1.5 },
    ];
    // small (2 ms) vs slowSmall (3 ms): within 1.5 ms and equal accuracy → neither dominates
    expect(paretoFront([small, slowSmall], objs).map((c) => c.name)).toEqual(["small", "slowSmall"]);
    expect(paretoFront([small, slowSmall]).map((c) => c.name)).toEqual(["small"]);
  });
  it("works on any shape with custom objectives, and rejects NaN", () => {
    const pts = [{ x: 1, y: 1 }, { x: 2, y: 0 }, { x: 0, y: 2 }, { x: 0.5, y: 0.5 }];
    const objs: ParetoObjective<{ x: number; y: number }>[] = [
      { name: "x", value: (p) => p.x, goal: "max" },
      { name: "y", value: (p) => p.y, goal: "max" },
    ];
    expect(paretoFront(pts, objs)).toEqual([pts[0], pts[1], pts[2]]);
    expect(() => paretoFront([{ ...small, accuracy: NaN }])).toThrow(/NaN/);
  });
});

describe("choosing under a budget", () => {
  it("latency budget: the most accurate candidate within p99 ≤ 10 ms", () => {
    const r = chooseUnderLatencyBudget(all, 10);
    expect(r.choice!.name).toBe("mid");
    expect(r.feasible.map((c) => c.name)).toEqual(["mid", "small", "slowSmall", "worse"]);
    expect(r.rejected.map((x) => x.candidate.name)).toEqual(["big"]);
    expect(r.rejected[0]!.reasons[0]).toMatch(/p99 latency 50 ms > 10 ms/);
    expect(r.explanation).toMatch(/"mid" has the best accuracy/);
    expect(r.explanation).toMatch(/costs 3 points of accuracy/);
  });
  it("p50 instead of p99 admits more", () => {
    expect(chooseUnderLatencyBudget(all, 25, "p50").choice!.name).toBe("big"); // p50 = 25
    expect(chooseUnderLatencyBudget(all, 25).choice!.name).toBe("mid");
  });
  it("cost budget; ties on accuracy go to the cheaper, then faster", () => {
    expect(chooseUnderCostBudget(all, 0.1).choice!.name).toBe("small"); // small and slowSmall tie on accuracy and cost: small is faster
    expect(chooseUnderCostBudget(all, 5).choice!.name).toBe("big");
  });
  it("combined limits, and no feasible candidate", () => {
    expect(chooseUnderBudget(all, { maxLatencyMs: 10, maxSizeBytes: 5e6, minAccuracy: 0.85 }).choice!.name).toBe("small");
    const none = chooseUnderBudget(all, { maxLatencyMs: 1 });
    expect(none.choice).toBeNull();
    expect(none.feasible).toEqual([]);
    expect(none.explanation).toMatch(/No candidate fits/);
    expect(() => chooseUnderBudget([], { maxLatencyMs: 1 })).toThrow(/at least one candidate/);
  });
});

describe("stakeholders (DMLS ch. 1)", () => {
  it("each stakeholder picks by their objective, with an explanation", () => {
    expect(pickForStakeholder(all, "ml-engineering").choice.name).toBe("big");
    expect(pickForStakeholder(all, "product").choice.name).toBe("small");
    expect(pickForStakeholder(all, "product").explanation).toMatch(/5 of 5 candidates meet the 100 ms target/);
    expect(pickForStakeholder(all, "product", { latencyTargetMs: 5 }).explanation).toMatch(/2 of 5 candidates meet the 5 ms target/);
    expect(pickForStakeholder(all, "manager").choice.name).toBe("small");
    expect(pickForStakeholder(all, "ml-platform").choice.name).toBe("small");
    expect(pickForStakeholder(all, "ml-platform", { currentModel: "mid" }).choice.name).toBe("mid");
    const sales = pickForStakeholder(all, "sales");
    expect(sales.choice.name).toBe("big");
    expect(sales.explanation).toMatch(/falls back to accuracy/);
    const valued = [{ ...mid, businessValue: 1.3 }, { ...big, businessValue: 1.1 }, small];
    expect(pickForStakeholder(valued, "sales").choice.name).toBe("mid");
    expect(pickForStakeholder(valued, "sales").explanation).toMatch(/1 candidate\(s\) without a businessValue/);
  });
  it("ties within a stakeholder's objective fall to accuracy, then name", () => {
    const a = cand("a", 0.8, 5, 0.1, 1e6);
    const b = cand("b", 0.9, 5, 0.1, 1e6);
    expect(pickForStakeholder([a, b], "manager").choice.name).toBe("b");
    expect(pickForStakeholder([a, { ...a, name: "a2" }], "manager").choice.name).toBe("a");
  });
  it("every stakeholder, in the table's order", () => {
    const picks = pickForEveryStakeholder(all);
    expect(picks.map((p) => p.stakeholder.id)).toEqual(STAKEHOLDERS.map((s) => s.id));
    expect(picks.map((p) => p.choice.name)).toEqual(["big", "big", "small", "small", "small"]);
    expect(() => pickForStakeholder(all, "intern" as never)).toThrow(/unknown stakeholder/);
  });
});

describe("measureCandidate", () => {
  it("measures latency and CPU time and derives a consistent cost", async () => {
    let sink = 0;
    const work = (): void => {
      for (let i = 0; i < 20000; i++) sink += Math.sqrt(i);
    };
    const c = await measureCandidate(work, { name: "loop", accuracy: 0.5, sizeBytes: 10, batchSize: 4, latency: { warmup: 2, iterations: 30 }, cpuMinTimeMs: 20, usdPerVcpuHour: 0.1 });
    expect(sink).toBeGreaterThan(0);
    expect(c.latency.samples).toHaveLength(30);
    expect(c.latencyP50Ms).toBe(c.latency.summary.p50);
    expect(c.latencyP99Ms).toBeGreaterThanOrEqual(c.latencyP50Ms);
    expect(c.throughputPerSec).toBeCloseTo(c.latency.throughput, 9);
    expect(c.cpuMsPerPrediction).toBeGreaterThan(0);
    expect(c.costPerMillionUsd).toBeCloseTo(costPerMillionPredictions(c.cpuMsPerPrediction, { usdPerVcpuHour: 0.1 }), 12);
    expect(c.usdPerVcpuHour).toBe(0.1);
    expect(c.cpuPerWall).toBeGreaterThan(0);
    // the function receives 0, 1, 2, … (never the harness's negative warm-up indices)
    const seen: number[] = [];
    await measureCandidate((i) => seen.push(i), { name: "idx", accuracy: 0, sizeBytes: 0, latency: { warmup: 3, iterations: 5 }, cpuMinTimeMs: 0 });
    expect(seen.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await expect(measureCandidate(work, { name: "x" } as never)).rejects.toThrow(/accuracy/);
  });
});
