/** Automatic checks for module 06's exercises. */
import { readResult, OPS_AB, OPS_RELEASE } from "../../lib/results/index";
import { expectThat, expectClose, sampleSizeTwoProportions, cohenKappa, groupSequentialBoundaries, type ExerciseCheck, type AbLook, type CanarySweepRow } from "../../lib/index";

/** The functions a learner writes in exercises/06.ts. */
export interface Module06 {
  requestsPerArm(p1: number, p2: number): number;
  pickCanary(rows: CanarySweepRow[], maxUsersExposed: number, minRollbackRate: number): number | null;
  mayStop(looks: AbLook[]): { look: number | null; decision: "B better" | "A better" | "no difference" };
  kappa(a: (string | number)[], b: (string | number)[]): number;
}

const row = (share: number, rollbackRate: number, p90UsersExposed: number): CanarySweepRow => ({ share, rollbackRate, medianRollbackRequest: null, medianUsersExposed: p90UsersExposed * 0.8, p90UsersExposed, medianWrongAnswers: 0 });

/** The checks `npm run check -- 06` runs. */
export const checks: ExerciseCheck<Module06>[] = [
  {
    id: "06.1",
    title: "requestsPerArm: the textbook 388 and the library on the module's own rates",
    hint: "two-sided: z_{0.975} = 1.96 (not z_{0.95} = 1.645); the H0 term uses the pooled p̄, the power term each arm's own variance; round UP",
    run: (m) => {
      expectThat(m.requestsPerArm(0.5, 0.6) === 388, `0.5 → 0.6 should need 388 users per arm, got ${m.requestsPerArm(0.5, 0.6)}`);
      const ab = readResult(OPS_AB, "ops/ab.json");
      const pairs: [number, number][] = [[ab.offlineGap.acceptanceA, ab.offlineGap.acceptanceB], [0.1, 0.12], [0.8, 0.75], ...ab.sampleSizes.map((s) => [ab.baselineAcceptance, ab.baselineAcceptance + s.lift] as [number, number])];
      for (const [p1, p2] of pairs) {
        const want = sampleSizeTwoProportions(p1, p2);
        const got = m.requestsPerArm(p1, p2);
        expectThat(got === want, `${p1.toFixed(4)} → ${p2.toFixed(4)}: expected ${want} users per arm, got ${got}`);
      }
      return `the module's offline gap needs ${sampleSizeTwoProportions(ab.offlineGap.acceptanceA, ab.offlineGap.acceptanceB).toLocaleString("en-US")} users per arm`;
    },
  },
  {
    id: "06.2",
    title: "pickCanary: the smallest share that meets both limits, on toy rows and the measured sweep",
    hint: "keep the rows with rollbackRate ≥ minRollbackRate AND p90UsersExposed ≤ maxUsersExposed, then take the smallest share; null when none is left",
    run: (m) => {
      const toy = [row(0.5, 1, 900), row(0.01, 0.1, 20), row(0.1, 0.97, 300), row(0.05, 0.8, 120)];
      expectThat(m.pickCanary(toy, 400, 0.95) === 0.1, `limits 400 users / 95% rollbacks: expected 0.1, got ${m.pickCanary(toy, 400, 0.95)}`);
      expectThat(m.pickCanary(toy, 1000, 0.5) === 0.05, `limits 1000 users / 50%: expected 0.05 (the smallest that qualifies, not the first row), got ${m.pickCanary(toy, 1000, 0.5)}`);
      expectThat(m.pickCanary(toy, 100, 0.95) === null, `limits 100 users / 95%: no share qualifies, expected null, got ${m.pickCanary(toy, 100, 0.95)}`);
      // typed as the library's rows (tslab compiles without strictNullChecks, where zod's inferred fields are optional)
      const sweep = readResult(OPS_RELEASE, "ops/release.json").canarySweep.defect as CanarySweepRow[];
      const want = ((): number | null => {
        const ok = sweep.filter((r) => r.rollbackRate >= 0.9 && r.p90UsersExposed <= 500).map((r) => r.share);
        return ok.length ? Math.min(...ok) : null;
      })();
      const got = m.pickCanary(sweep, 500, 0.9);
      expectThat(got === want, `measured sweep, at most 500 users (p90) and 90% rollbacks: expected ${want}, got ${got}`);
      return `measured sweep: ${want === null ? "no share qualifies — use shadow mode first" : `share ${want}`}`;
    },
  },
  {
    id: "06.3",
    title: "mayStop: the first look past the group-sequential boundary, never an early 1.96",
    hint: "compare |z| with each look's own boundary (about 4.88 at the first of five looks), not with 1.96; the sign of z says which arm won",
    run: (m) => {
      const b = groupSequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1]).z;
      const looks = (zs: number[]): AbLook[] => zs.map((z, k) => ({ usersPerArm: 1000 * (k + 1), rateA: 0.5, rateB: 0.5, z, boundary: b[k]! }));
      const cases: [number[], number | null, string][] = [
        [[2.5, 2.1, 1.5, 1.2, 0.9], null, "no difference"],
        [[1.0, 3.5, 3.0, 2.5, 2.2], 2, "B better"],
        [[-0.5, -1.9, -2.9, -3.1, -3.3], 3, "A better"],
        [[0.1, 0.3, 0.2, 1.0, 2.05], 5, "B better"],
      ];
      for (const [zs, look, decision] of cases) {
        const got = m.mayStop(looks(zs));
        expectThat(got.look === look && got.decision === decision, `z = ${zs.join(", ")} with boundaries ${b.map((x) => x.toFixed(2)).join(", ")}: expected look ${look} / ${decision}, got look ${got.look} / ${got.decision}`);
      }
      const ab = readResult(OPS_AB, "ops/ab.json");
      for (const t of ab.tests) {
        const got = m.mayStop(t.looks as AbLook[]);
        expectThat(got.look === t.stoppedAtLook && got.decision === t.decision, `measured test "${t.name}": expected look ${t.stoppedAtLook} / ${t.decision}, got ${got.look} / ${got.decision}`);
      }
    },
  },
  {
    id: "06.4",
    title: "kappa: Cohen's kappa, textbook example and random grades",
    hint: "p_e sums, over every grade used by either scorer, the product of the two scorers' shares of that grade",
    run: (m) => {
      const a = [...Array(25).fill("yes"), ...Array(25).fill("no")];
      const b = [...Array(20).fill("yes"), ...Array(5).fill("no"), ...Array(10).fill("yes"), ...Array(15).fill("no")];
      expectClose(m.kappa(a, b), 0.4, 1e-9, "kappa of the 20/5/10/15 example");
      expectClose(m.kappa([1, 1, 1], [1, 1, 1]), 1, 1e-12, "kappa when both give one grade to everything");
      const g1 = [0, 1, 2, 2, 1, 0, 2, 2, 1, 2, 0, 2];
      const g2 = [0, 1, 2, 1, 1, 0, 2, 2, 2, 2, 1, 2];
      expectClose(m.kappa(g1, g2), cohenKappa(g1, g2), 1e-9, "kappa of two rubric gradings (three grades)");
    },
  },
];
