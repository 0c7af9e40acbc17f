import { describe, it, expect } from "vitest";
import { layerCost, mlpForwardCost, arithmeticIntensity, attainableFlops, ridgeIntensity, classifyRegime, predictSeconds, bestBatchUnderLatencyBudget, poissonArrivalTimes, hostKindSlug } from "../../lib/gpu/index";
import { describeMachine } from "../../lib/compute/machine";

// Hand-computed examples; every expected number is worked out in the comment beside it.
describe("roofline arithmetic", () => {
  it("layerCost of a 1024×1024 layer at batch 1", () => {
    const c = layerCost(1, 1024, 1024);
    expect(c.flops).toBe(2_097_152); // 2 · 1 · 1024 · 1024
    expect(c.weightBytes).toBe(4_198_400); // (1024² + 1024) · 4
    expect(c.activationBytes).toBe(8192); // (1024 + 1024) · 4
    expect(c.bytes).toBe(4_206_592);
  });

  it("mlpForwardCost of a 4→3→2 MLP at batch 2, fp32 and fp16", () => {
    const spec = { inputSize: 4, hiddenSizes: [3], outputSize: 2 };
    const c = mlpForwardCost(spec, 2);
    // layer 1: 2·2·4·3 = 48 FLOPs, weights (12+3)·4 = 60 B, activations (8+6)·4 = 56 B
    // layer 2: 2·2·3·2 = 24 FLOPs, weights (6+2)·4 = 32 B, activations (6+4)·4 = 40 B
    expect(c.layers.map((l) => l.flops)).toEqual([48, 24]);
    expect(c.flops).toBe(72);
    expect(c.weightBytes).toBe(92);
    expect(c.activationBytes).toBe(96);
    expect(c.bytes).toBe(188);
    expect(c.intensity).toBeCloseTo(72 / 188, 12);
    const h = mlpForwardCost(spec, 2, 2);
    expect(h.bytes).toBe(94); // half the bytes, same FLOPs
    expect(h.flops).toBe(72);
  });

  it("intensity of a wide layer grows with the batch: ~0.5 FLOP/B at batch 1, ~B/2 while weights dominate", () => {
    expect(mlpForwardCost({ inputSize: 4096, hiddenSizes: [], outputSize: 4096 }, 1).intensity).toBeCloseTo(0.5, 3);
    // batch 64: 2·64·4096² / ((4096² + 4096 + 2·64·4096)·4) = 2·64·4096 / ((4096 + 1 + 128)·4) = 524288/16900
    expect(mlpForwardCost({ inputSize: 4096, hiddenSizes: [], outputSize: 4096 }, 64).intensity).toBeCloseTo(524288 / 16900, 9);
  });

  it("attainable FLOP/s, ridge point and predicted time", () => {
    const dev = { peakFlops: 100, bandwidth: 10, overheadSeconds: 1 };
    expect(ridgeIntensity(dev)).toBe(10);
    expect(attainableFlops(2, dev)).toBe(20); // 2 · 10 under the memory roof
    expect(attainableFlops(10, dev)).toBe(100); // at the ridge
    expect(attainableFlops(50, dev)).toBe(100); // flat compute roof
    expect(predictSeconds(1000, 50, dev)).toBe(11); // 1 + max(1000/100, 50/10)
    expect(predictSeconds(100, 500, dev)).toBe(51); // 1 + max(1, 50)
    expect(arithmeticIntensity(6, 3)).toBe(2);
    expect(() => arithmeticIntensity(1, 0)).toThrow(/bytes > 0/);
  });

  it("classifyRegime: overhead, memory and compute bound by the stated rule", () => {
    const dev = { peakFlops: 1e12, bandwidth: 1e11, overheadSeconds: 1e-3 }; // ridge 10 FLOP/B
    const o = classifyRegime({ flops: 1e6, bytes: 1e6, seconds: 1.5e-3 }, dev); // overhead share 2/3
    expect(o.regime).toBe("overhead-bound");
    expect(o.overheadShare).toBeCloseTo(2 / 3, 12);
    const m = classifyRegime({ flops: 1e9, bytes: 1e9, seconds: 0.02 }, dev); // intensity 1 < 10, share 0.05
    expect(m.regime).toBe("memory-bound");
    expect(m.attainableFlops).toBe(1e11); // 1 FLOP/B · 1e11 B/s
    expect(m.achievedFlops).toBe(5e10);
    expect(m.efficiency).toBeCloseTo(0.5, 12);
    expect(m.floors).toEqual({ compute: 1e-3, memory: 1e-2, overhead: 1e-3 });
    const c = classifyRegime({ flops: 1e11, bytes: 1e9, seconds: 0.2 }, dev); // intensity 100 ≥ 10
    expect(c.regime).toBe("compute-bound");
    expect(c.efficiency).toBeCloseTo(0.5, 12); // 5e11 of 1e12
    // the threshold is an option: at 0.9, a 2/3 overhead share no longer counts as overhead-bound
    expect(classifyRegime({ flops: 1e6, bytes: 1e6, seconds: 1.5e-3 }, dev, { overheadThreshold: 0.9 }).regime).toBe("memory-bound");
  });

  it("rejects bad input with a clear message", () => {
    expect(() => layerCost(0, 4, 4)).toThrow(/batch must be a positive integer/);
    expect(() => attainableFlops(1, { peakFlops: 0, bandwidth: 1 })).toThrow(/peakFlops > 0/);
    expect(() => classifyRegime({ flops: 1, bytes: 1, seconds: 0 }, { peakFlops: 1, bandwidth: 1 })).toThrow(/seconds must be > 0/);
  });
});

describe("batch choice and arrivals", () => {
  const sweep = [
    { batchSize: 1, batchP50Ms: 1, batchP99Ms: 2, throughputPerSec: 1000 },
    { batchSize: 8, batchP50Ms: 2, batchP99Ms: 4, throughputPerSec: 4000 },
    { batchSize: 64, batchP50Ms: 8, batchP99Ms: 12, throughputPerSec: 8000 },
    { batchSize: 256, batchP50Ms: 30, batchP99Ms: 40, throughputPerSec: 8500 },
  ];
  it("bestBatchUnderLatencyBudget picks the most throughput within the budget", () => {
    expect(bestBatchUnderLatencyBudget(sweep, 10)!.batchSize).toBe(8); // p99 12 > 10 rules out 64
    expect(bestBatchUnderLatencyBudget(sweep, 10, { latency: "p50" })!.batchSize).toBe(64);
    expect(bestBatchUnderLatencyBudget(sweep, 100)!.batchSize).toBe(256);
    expect(bestBatchUnderLatencyBudget(sweep, 1)).toBeUndefined();
  });

  it("Poisson arrivals: seeded, increasing, mean gap 1/rate", () => {
    const a = poissonArrivalTimes(500, 20_000, 3);
    expect(a).toEqual(poissonArrivalTimes(500, 20_000, 3));
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
    const meanGap = a[a.length - 1]! / a.length; // ms
    expect(Math.abs(meanGap - 2) / 2).toBeLessThan(0.03); // 1000/500 = 2 ms; std of the mean ≈ 0.7%
    expect(() => poissonArrivalTimes(0, 10)).toThrow(/ratePerSec/);
  });

  it("hostKindSlug names the host for results files", () => {
    const m = describeMachine({ cpu: "AMD EPYC 7B13", cores: 2 });
    expect(hostKindSlug({ ...m, gpu: undefined })).toBe("amd-epyc-7b13-2c");
    expect(hostKindSlug({ ...m, gpu: "NVIDIA H100 80GB HBM3" })).toBe("nvidia-h100-80gb-hbm3");
  });
});
