import { createRng } from "../data/random";
import { percentile } from "../metrics/percentile";
import { CanaryController, type CanaryGuardrail } from "./canary";
import { userAccepts } from "./release-replay";

/** Options of {@link canarySweep}; every field has a default. */
export interface CanarySweepOptions {
  /** Canary shares to try. Default `[0.01, 0.05, 0.1, 0.25, 0.5]`. */
  shares?: number[];
  /** Repetitions per share (each with another user salt, arrival order and reaction draw). Default `200`. */
  repetitions?: number;
  /** Distinct users. Default `2000`. */
  users?: number;
  /** Users' reaction noise. Default `0.1`. */
  noise?: number;
  /** Guardrail. Default: {@link CanaryGuardrail}'s defaults. */
  guardrail?: CanaryGuardrail;
  /** Seed. Default `42`. */
  seed?: number;
}

/** One share's outcome over the repetitions. */
export interface CanarySweepRow {
  share: number;
  /** Share of repetitions that rolled back within the stream. */
  rollbackRate: number;
  /** Over the repetitions that rolled back: median request number of the rollback. */
  medianRollbackRequest: number | null;
  /** Median distinct users the candidate answered (until the rollback, or the whole stream). */
  medianUsersExposed: number;
  /** 90th percentile of the same. */
  p90UsersExposed: number;
  /** Median wrong answers the candidate gave. */
  medianWrongAnswers: number;
}

/**
 * Replays the same canary decision many times without HTTP, from per-request correctness measured
 * on the real server: for each share, how often the guardrail rolls back and how many users saw
 * the candidate first. Run it on a defective candidate (you want rollbacks, few users exposed) and
 * on a healthy one (every rollback is a false alarm).
 * @param production per request: was production's answer right
 * @param candidate per request: was the candidate's answer right (same requests)
 * @throws when the arrays differ in length or are empty
 */
export function canarySweep(production: readonly boolean[], candidate: readonly boolean[], options: CanarySweepOptions = {}): CanarySweepRow[] {
  if (!production.length || production.length !== candidate.length) throw new Error(`canarySweep: production and candidate must hold the same, non-zero number of requests (got ${production.length} and ${candidate.length})`);
  const shares = options.shares ?? [0.01, 0.05, 0.1, 0.25, 0.5];
  const reps = options.repetitions ?? 200;
  const users = options.users ?? 2000;
  const noise = options.noise ?? 0.1;
  const rng = createRng(options.seed ?? 42);
  const idx = production.map((_, i) => i);
  return shares.map((share) => {
    let rollbacks = 0;
    const at: number[] = [];
    const exposed: number[] = [];
    const wrong: number[] = [];
    for (let r = 0; r < reps; r++) {
      const ctl = new CanaryController({ share, salt: `rep${r}`, guardrail: options.guardrail });
      rng.shuffle(idx);
      let w = 0;
      for (const i of idx) {
        const user = `u${rng.int(users)}`;
        const arm = ctl.route(user);
        const right = arm === "candidate" ? candidate[i]! : production[i]!;
        if (arm === "candidate" && !right) w++;
        ctl.record(arm, user, true, userAccepts(right, noise, rng));
      }
      const s = ctl.state;
      if (s.rolledBack) {
        rollbacks++;
        at.push(s.rolledBackAtRequest!);
      }
      exposed.push(s.candidateUsers);
      wrong.push(w);
    }
    return {
      share,
      rollbackRate: rollbacks / reps,
      medianRollbackRequest: at.length ? percentile(at, 50) : null,
      medianUsersExposed: percentile(exposed, 50),
      p90UsersExposed: percentile(exposed, 90),
      medianWrongAnswers: percentile(wrong, 50),
    };
  });
}
