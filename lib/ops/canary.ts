import { createHash } from "node:crypto";
import { Counter, Gauge, type Registry } from "prom-client";
import { twoProportionZTest } from "./sample-size";

/**
 * A user's stable bucket in [0, 1): SHA-256 of `salt:userId`, first 48 bits. The same user always
 * lands in the same bucket, so a canary at share s serves the users with bucket < s, and raising s
 * keeps everyone who already had the candidate.
 */
export function userBucket(userId: string, salt = "release"): number {
  const h = createHash("sha256").update(`${salt}:${userId}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/** Which model answers a request. */
export type ReleaseArm = "production" | "candidate";

/** Guardrail of a canary: roll back when the candidate's online metric is clearly worse. */
export interface CanaryGuardrail {
  /** Requests each arm must have before the guardrail is tested. Default `100`. */
  minPerArm?: number;
  /** Test every this many candidate requests. Default `25`. */
  checkEvery?: number;
  /**
   * Roll back when z(candidate − production) of the success rate is ≤ −zThreshold. Default `3`
   * (stricter than 1.96 because it is tested again and again; see the group-sequential boundaries).
   */
  zThreshold?: number;
  /** Also roll back when the candidate's error share (failed requests) exceeds this. Default `0.05`. */
  maxErrorRate?: number;
}

/** Options of {@link CanaryController}; every field has a default. */
export interface CanaryOptions {
  /** Share of users routed to the candidate. Default `0.05`. */
  share?: number;
  /** Salt of the user hash (change it to draw a different canary population). Default `"release"`. */
  salt?: string;
  /** Guardrail. Defaults as in {@link CanaryGuardrail}. */
  guardrail?: CanaryGuardrail;
  /** Where to export `release_*` metrics (e.g. the server's `metrics.registry`, so `/metrics` shows them). Default: none. */
  registry?: Registry;
}

/** What the controller has seen so far. */
export interface CanaryState {
  share: number;
  rolledBack: boolean;
  /** Request number (1-based, over both arms) at which it rolled back, or null. */
  rolledBackAtRequest: number | null;
  /** Why it rolled back. */
  reason: string | null;
  requests: Record<ReleaseArm, number>;
  successes: Record<ReleaseArm, number>;
  errors: Record<ReleaseArm, number>;
  /** Distinct users the candidate answered. */
  candidateUsers: number;
}

/**
 * A canary release with a guardrail and automatic rollback: routes a stable share of users to the
 * candidate, records each answer's online outcome (success = the user accepted it), and sets the
 * share to 0 the moment the guardrail fails. Exports `release_canary_requests_total{arm}`,
 * `release_canary_successes_total{arm}`, `release_canary_share` and `release_rollbacks_total`.
 */
export class CanaryController {
  private readonly salt: string;
  private readonly g: Required<CanaryGuardrail>;
  private readonly users = new Set<string>();
  private readonly s: CanaryState;
  private readonly m?: { requests: Counter<"arm">; successes: Counter<"arm">; share: Gauge<string>; rollbacks: Counter<string> };

  /** @throws when the share is outside (0, 1] */
  constructor(options: CanaryOptions = {}) {
    const share = options.share ?? 0.05;
    if (!(share > 0 && share <= 1)) throw new Error(`CanaryController: share must lie in (0, 1], got ${share}`);
    this.salt = options.salt ?? "release";
    this.g = { minPerArm: 100, checkEvery: 25, zThreshold: 3, maxErrorRate: 0.05, ...options.guardrail };
    this.s = { share, rolledBack: false, rolledBackAtRequest: null, reason: null, requests: { production: 0, candidate: 0 }, successes: { production: 0, candidate: 0 }, errors: { production: 0, candidate: 0 }, candidateUsers: 0 };
    if (options.registry) {
      const registers = [options.registry];
      this.m = {
        requests: new Counter({ name: "release_canary_requests_total", help: "Requests answered by arm", labelNames: ["arm"] as const, registers }),
        successes: new Counter({ name: "release_canary_successes_total", help: "Accepted answers by arm", labelNames: ["arm"] as const, registers }),
        share: new Gauge({ name: "release_canary_share", help: "Share of users routed to the candidate", registers }),
        rollbacks: new Counter({ name: "release_rollbacks_total", help: "Automatic rollbacks", registers }),
      };
      this.m.share.set(share);
    }
  }

  /** The arm that answers this user now (always production after a rollback). */
  route(userId: string): ReleaseArm {
    return !this.s.rolledBack && userBucket(userId, this.salt) < this.s.share ? "candidate" : "production";
  }

  /**
   * Records one answered request and runs the guardrail.
   * @param ok whether the request succeeded (false: an error answer)
   * @param success the online outcome (the user accepted the answer); ignored when `ok` is false
   */
  record(arm: ReleaseArm, userId: string, ok: boolean, success: boolean): void {
    const s = this.s;
    s.requests[arm]++;
    this.m?.requests.inc({ arm });
    if (!ok) s.errors[arm]++;
    else if (success) {
      s.successes[arm]++;
      this.m?.successes.inc({ arm });
    }
    if (arm === "candidate") {
      this.users.add(userId);
      s.candidateUsers = this.users.size;
    }
    if (s.rolledBack || arm !== "candidate") return;
    const n = s.requests.candidate;
    if (n >= 20 && s.errors.candidate / n > this.g.maxErrorRate) return this.rollback(`candidate error rate ${(s.errors.candidate / n).toFixed(3)} > ${this.g.maxErrorRate}`);
    if (n < this.g.minPerArm || s.requests.production < this.g.minPerArm || n % this.g.checkEvery !== 0) return;
    const t = twoProportionZTest(s.successes.production, s.requests.production, s.successes.candidate, n);
    if (t.z <= -this.g.zThreshold) this.rollback(`success rate ${t.rateB.toFixed(3)} vs ${t.rateA.toFixed(3)} in production (z = ${t.z.toFixed(2)})`);
  }

  private rollback(reason: string): void {
    this.s.rolledBack = true;
    this.s.reason = reason;
    this.s.rolledBackAtRequest = this.s.requests.production + this.s.requests.candidate;
    this.s.share = 0;
    this.m?.share.set(0);
    this.m?.rollbacks.inc();
  }

  /** A copy of the state. */
  get state(): CanaryState {
    return { ...this.s, requests: { ...this.s.requests }, successes: { ...this.s.successes }, errors: { ...this.s.errors } };
  }
}
