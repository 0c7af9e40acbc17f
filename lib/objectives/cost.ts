/**
 * Default price of one vCPU-hour in US dollars: 0.0425, i.e. an AWS EC2 `c6i.large` (2 vCPUs)
 * on-demand Linux instance in us-east-1 at its 2024 list price of $0.085 per hour, divided by its
 * 2 vCPUs. An assumption stated from the public price list as recalled, not fetched live: pass
 * your own `usdPerVcpuHour` for your provider, region, reserved or spot pricing.
 */
export const DEFAULT_USD_PER_VCPU_HOUR = 0.0425;

/** Pricing assumptions of {@link costPerMillionPredictions}. */
export interface PredictionPricing {
  /** Dollars per vCPU-hour. Default {@link DEFAULT_USD_PER_VCPU_HOUR} (0.0425). */
  usdPerVcpuHour?: number;
  /**
   * Fraction of the paid CPU time that does useful work (servers run below 100% to keep latency
   * down and absorb peaks). The cost is divided by it. Default `1` (every paid second is busy: a
   * lower bound on the real cost).
   */
  utilization?: number;
}

/**
 * Cost of one million predictions from the CPU time one prediction takes:
 * `cpuMsPerPrediction · 10⁶ / 3.6·10⁶ ms·h⁻¹ · usdPerVcpuHour / utilization`.
 * @param cpuMsPerPrediction CPU milliseconds (user + system, all threads) per prediction
 * @param pricing usdPerVcpuHour (0.0425), utilization (1)
 * @example costPerMillionPredictions(0.05) // 0.05 ms each → 50 CPU-s per million → $0.00059
 */
export function costPerMillionPredictions(cpuMsPerPrediction: number, pricing: PredictionPricing = {}): number {
  const price = pricing.usdPerVcpuHour ?? DEFAULT_USD_PER_VCPU_HOUR;
  const util = pricing.utilization ?? 1;
  if (!(cpuMsPerPrediction >= 0) || !Number.isFinite(cpuMsPerPrediction)) throw new RangeError(`costPerMillionPredictions: cpuMsPerPrediction must be a finite number >= 0, got ${cpuMsPerPrediction}.`);
  if (!(price >= 0) || !Number.isFinite(price)) throw new RangeError(`costPerMillionPredictions: usdPerVcpuHour must be a finite number >= 0, got ${price}.`);
  if (!(util > 0 && util <= 1)) throw new RangeError(`costPerMillionPredictions: utilization is a fraction in (0, 1], got ${util}.`);
  return ((cpuMsPerPrediction * 1e6) / 3.6e6) * price / util;
}
