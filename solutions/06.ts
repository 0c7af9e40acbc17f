/** Reference solutions for module 06 (kept apart from exercises/; the test suite checks them). */
import { type AbLook, type CanarySweepRow } from "../lib/ops/index";
import { normalQuantile } from "../lib/stats/index";

import type { StopDecision } from "../exercises/checks/06";

/** 06.1 */
export function requestsPerArm(p1: number, p2: number): number {
  const pBar = (p1 + p2) / 2;
  const a = normalQuantile(0.975) * Math.sqrt(2 * pBar * (1 - pBar));
  const b = normalQuantile(0.8) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((a + b) ** 2 / (p1 - p2) ** 2);
}

/** 06.2 */
export function pickCanary(rows: CanarySweepRow[], maxUsersExposed: number, minRollbackRate: number): { share: number | null; why: string } {
  const ok = rows.filter((r) => r.rollbackRate >= minRollbackRate && r.p90UsersExposed <= maxUsersExposed).map((r) => r.share);
  return {
    share: ok.length ? Math.min(...ok) : null,
    why: "A bigger share catches a defect sooner but shows it to more users, so I take the smallest share whose guardrail still catches the defect often enough; if none does, a bigger canary cannot help and shadow mode should come first.",
  };
}

/** 06.3 */
export function mayStop(looks: AbLook[]): StopDecision {
  const why = "Each interim look spends part of the 5% false-alarm budget, so an early look must clear its own much higher boundary; stopping at 1.96 on every look would declare winners that are noise.";
  const i = looks.findIndex((l) => Math.abs(l.z) >= l.boundary);
  if (i < 0) return { look: null, decision: "no difference", why };
  return { look: i + 1, decision: looks[i]!.z > 0 ? "B better" : "A better", why };
}

/** 06.4 */
export function kappa(a: (string | number)[], b: (string | number)[]): number {
  const n = a.length;
  const cats = [...new Set([...a, ...b])];
  const po = a.filter((x, i) => x === b[i]).length / n;
  const pe = cats.reduce<number>((s, c) => s + (a.filter((x) => x === c).length / n) * (b.filter((x) => x === c).length / n), 0);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}
