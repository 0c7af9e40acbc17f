/** Automatic checks for module 06's exercises. */
import { createRng } from "../../lib/data/index";
import { type ExerciseCheck, expectClose, expectOwnCode, expectReasoning, expectThat } from "../../lib/nb/index";
import { type AbLook, type CanarySweepRow, cohenKappa, groupSequentialBoundaries, sampleSizeTwoProportions } from "../../lib/ops/index";
import { readOpsResults } from "../../lib/results/index";

/** What a learner's 06.3 answer says: the look at which the test stops, the decision, and why. */
export type StopDecision = { look: number | null; decision: "B better" | "A better" | "no difference"; why: string };

/** The functions a learner writes in exercises/06.ts. */
export interface Module06 {
  requestsPerArm(p1: number, p2: number): number;
  pickCanary(rows: CanarySweepRow[], maxUsersExposed: number, minRollbackRate: number): { share: number | null; why: string };
  mayStop(looks: AbLook[]): StopDecision;
  kappa(a: (string | number)[], b: (string | number)[]): number;
}

const row = (share: number, rollbackRate: number, p90UsersExposed: number): CanarySweepRow => ({ share, rollbackRate, medianRollbackRequest: null, medianUsersExposed: p90UsersExposed * 0.8, p90UsersExposed, medianWrongAnswers: 0 });
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const seeded = (): ReturnType<typeof createRng> => createRng(Date.now() % 2 ** 31);

/** The share the release policy implies (independent of the learner's code): the smallest that meets both limits. */
function policyShare(rows: CanarySweepRow[], maxUsers: number, minRollback: number): number | null {
  const ok = rows.filter((r) => r.rollbackRate >= minRollback && r.p90UsersExposed <= maxUsers).map((r) => r.share);
  return ok.length ? Math.min(...ok) : null;
}

/** Fails with the numbers the learner's chosen share implies when it is not the policy's share. */
function expectCanary(rows: CanarySweepRow[], got: unknown, maxUsers: number, minRollback: number, where: string): void {
  const want = policyShare(rows, maxUsers, minRollback);
  const share = got && typeof got === "object" ? (got as { share?: unknown }).share : undefined;
  const pre = `${where} (at most ${maxUsers} users exposed in 9 runs of 10, rollback in ≥ ${pct(minRollback)} of runs)`;
  if (share === want) return;
  if (share === undefined || (share !== null && typeof share !== "number")) throw new Error(`${pre}: return { share, why } with share a number from the rows or null; got ${JSON.stringify(got)}`);
  const w = rows.find((r) => r.share === want);
  if (share === null) throw new Error(`${pre}: you chose no share, but share ${want} rolls a defect back in ${pct(w!.rollbackRate)} of runs with ${w!.p90UsersExposed.toFixed(0)} users exposed (p90): it meets both limits`);
  const r = rows.find((x) => x.share === share);
  if (!r) throw new Error(`${pre}: share ${share} is not one of the measured shares (${rows.map((x) => x.share).join(", ")})`);
  if (r.rollbackRate < minRollback) throw new Error(`${pre}: share ${share} rolls a defect back in only ${pct(r.rollbackRate)} of runs, below the ${pct(minRollback)} the policy asks`);
  if (r.p90UsersExposed > maxUsers) throw new Error(`${pre}: at share ${share}, in 1 run of 10 more than ${r.p90UsersExposed.toFixed(0)} users see the defect; the policy allows ${maxUsers}`);
  throw new Error(`${pre}: share ${share} meets both limits, but share ${want} does too and exposes fewer users (p90 ${w!.p90UsersExposed.toFixed(0)} instead of ${r.p90UsersExposed.toFixed(0)})`);
}

/** The reference stop rule (independent of the learner's code): the first look with |z| ≥ its boundary. */
function firstCrossing(looks: AbLook[]): { look: number | null; decision: StopDecision["decision"] } {
  const i = looks.findIndex((l) => Math.abs(l.z) >= l.boundary);
  return i < 0 ? { look: null, decision: "no difference" } : { look: i + 1, decision: looks[i]!.z > 0 ? "B better" : "A better" };
}

/** Fails with the numbers the learner's stopping look implies when it is not the rule's. */
function expectStop(looks: AbLook[], got: StopDecision | undefined, where: string): void {
  const want = firstCrossing(looks);
  const zs = `${where}: z = ${looks.map((l) => l.z.toFixed(2)).join(", ")} against boundaries ${looks.map((l) => l.boundary.toFixed(2)).join(", ")}`;
  if (!got || typeof got !== "object") throw new Error(`${zs}: return { look, decision, why }; got ${JSON.stringify(got)}`);
  const L = got.look;
  if (L !== null && (!Number.isInteger(L) || L < 1 || L > looks.length)) throw new Error(`${zs}: there is no look ${L}; looks are numbered 1 to ${looks.length}`);
  if (L !== null && L !== want.look) {
    const l = looks[L - 1]!;
    if (Math.abs(l.z) < l.boundary) throw new Error(`${zs}: at look ${L}, |z| = ${Math.abs(l.z).toFixed(2)} is below that look's boundary ${l.boundary.toFixed(2)}: stopping there raises the false-alarm rate${L === (want.look ?? 0) - 1 ? " (are your looks numbered from 1?)" : ""}`);
  }
  if (want.look !== null && L !== want.look) {
    const w = looks[want.look - 1]!;
    throw new Error(`${zs}: look ${want.look} already has |z| = ${Math.abs(w.z).toFixed(2)} ≥ its boundary ${w.boundary.toFixed(2)}: the test may stop there${L === null ? "" : `, earlier than look ${L}`}`);
  }
  if (want.look === null && L !== null) throw new Error(`${zs}: no look reaches its boundary, yet you stop at look ${L}`);
  if (got.decision !== want.decision) throw new Error(`${zs}: ${want.look === null ? "no look crosses its boundary, so the decision is" : `at look ${want.look}, z = ${looks[want.look - 1]!.z.toFixed(2)} means`} "${want.decision}", you said "${got.decision}"`);
}

/** A random group-sequential test of k equally spaced looks (z is a random walk with drift). */
function randomLooks(rng: ReturnType<typeof createRng>): AbLook[] {
  const k = 3 + rng.int(4);
  const b = groupSequentialBoundaries(Array.from({ length: k }, (_, i) => (i + 1) / k)).z;
  const drift = (rng.next() - 0.5) * 3;
  let s = 0;
  return b.map((boundary, i) => {
    s += drift + rng.normal();
    return { usersPerArm: 500 * (i + 1), rateA: 0.5, rateB: 0.5, z: s / Math.sqrt(i + 1), boundary };
  });
}

/** The checks `npm run check -- 06` runs. */
export const checks: ExerciseCheck<Module06>[] = [
  {
    id: "06.1",
    title: "requestsPerArm: the textbook 388, the module's own rates and random ones",
    hints: [
      "two terms add before squaring: one for the false alarm you allow (under H0, both arms at the pooled p̄), one for the power you want (each arm's own variance)",
      "two-sided at 0.05 uses z_{0.975} = normalQuantile(0.975) ≈ 1.96, power 0.8 uses normalQuantile(0.8) ≈ 0.84",
      "n = ceil((z_{0.975}·√(2·p̄(1−p̄)) + z_{0.8}·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)²), p̄ = (p1 + p2)/2",
    ],
    run: (m) => {
      expectOwnCode(m.requestsPerArm, ["sampleSizeTwoProportions"], "06.1");
      const n388 = m.requestsPerArm(0.5, 0.6);
      expectThat(n388 === 388, `0.5 → 0.6 should need 388 users per arm (the textbook value), got ${n388}`);
      const ab = readOpsResults("ab");
      const rng = seeded();
      const random = Array.from({ length: 12 }, (): [number, number] => {
        const p1 = 0.03 + 0.9 * rng.next();
        const d = (0.005 + 0.08 * rng.next()) * (rng.int(2) ? 1 : -1);
        return [p1, Math.min(0.99, Math.max(0.01, p1 + d))];
      });
      const pairs: [number, number][] = [[ab.offlineGap.acceptanceA, ab.offlineGap.acceptanceB], [0.1, 0.12], [0.8, 0.75], ...ab.sampleSizes.map((s) => [ab.baselineAcceptance, ab.baselineAcceptance + s.lift] as [number, number]), ...random];
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
    title: "pickCanary: the share a stated risk implies, on toy, random and measured sweeps, with your reason",
    hints: [
      "the policy has two limits; a share must meet both, and among those that do you want the one that shows the defect to the fewest users",
      "keep the rows with rollbackRate ≥ minRollbackRate AND p90UsersExposed ≤ maxUsersExposed; the rows are not sorted",
      "share = the minimum share of the rows kept, or null when none is kept; return it with a sentence on why",
    ],
    run: (m) => {
      const toy = [row(0.5, 1, 900), row(0.01, 0.1, 20), row(0.1, 0.97, 300), row(0.05, 0.8, 120), row(0.2, 0.99, 400)];
      const first = m.pickCanary(toy, 400, 0.95);
      for (const [max, min] of [[400, 0.95], [1000, 0.5], [100, 0.95], [120, 0.8], [300, 0.97]] as const) expectCanary(toy, m.pickCanary(toy, max, min), max, min, "toy sweep");
      const rng = seeded();
      const pool = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.4, 0.5];
      for (let t = 0; t < 20; t++) {
        const rows = rng.shuffle(pool.filter(() => rng.int(4) > 0)).map((s) => row(s, Math.min(1, Math.round(1000 * (s * (2 + 6 * rng.next()))) / 1000), Math.round(2000 * s * (0.9 + 0.3 * rng.next()))));
        if (!rows.length) continue;
        const max = 50 * (1 + rng.int(20)), min = [0.5, 0.8, 0.9, 0.95, 0.99][rng.int(5)]!;
        expectCanary(rows, m.pickCanary(rows, max, min), max, min, `random sweep ${rows.map((r) => `${r.share}: ${pct(r.rollbackRate)} / ${r.p90UsersExposed}`).join("; ")}`);
      }
      // typed as the library's rows (tslab compiles without strictNullChecks, where zod's inferred fields are optional)
      const sweep = readOpsResults("release").canarySweep.defect as CanarySweepRow[];
      expectCanary(sweep, m.pickCanary(sweep, 500, 0.9), 500, 0.9, "measured sweep of the defective candidate");
      expectReasoning(first?.why, "06.2: why this share");
      const want = policyShare(sweep, 500, 0.9);
      return `measured sweep: ${want === null ? "no share qualifies — use shadow mode first" : `share ${want}`}`;
    },
  },
  {
    id: "06.3",
    title: "mayStop: the first look past the group-sequential boundary, never an early 1.96, with your reason",
    hints: [
      "each look has its own critical value, and the early ones are far above 1.96 (about 4.88 at the first of five looks)",
      "walk the looks in order and stop at the first with |z| ≥ that look's own boundary (equal counts); the sign of z names the winner",
      "look = index + 1 of the first crossing, decision = z > 0 ? \"B better\" : \"A better\"; no crossing: { look: null, decision: \"no difference\" }",
    ],
    run: (m) => {
      const b = groupSequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1]).z;
      const looks = (zs: number[]): AbLook[] => zs.map((z, k) => ({ usersPerArm: 1000 * (k + 1), rateA: 0.5, rateB: 0.5, z, boundary: b[k]! }));
      const first = m.mayStop(looks([2.5, 2.1, 1.5, 1.2, 0.9]));
      expectStop(looks([2.5, 2.1, 1.5, 1.2, 0.9]), first, "peeking case");
      for (const zs of [[1.0, 3.5, 3.0, 2.5, 2.2], [-0.5, -1.9, -2.9, -3.1, -3.3], [0.1, 0.3, 0.2, 1.0, 2.05], [0.5, 1.2, b[2]!, 1.0, 0.4], [-1.0, -1.5, -2.0, -2.2, -b[4]!]]) expectStop(looks(zs), m.mayStop(looks(zs)), "hand-made test");
      const rng = seeded();
      for (let t = 0; t < 30; t++) {
        const ls = randomLooks(rng);
        expectStop(ls, m.mayStop(ls), `random test of ${ls.length} looks`);
      }
      for (const t of readOpsResults("ab").tests) expectStop(t.looks as AbLook[], m.mayStop(t.looks as AbLook[]), `measured test "${t.name}"`);
      expectReasoning(first?.why, "06.3: why the test may (not) stop there");
    },
  },
  {
    id: "06.4",
    title: "kappa: Cohen's kappa, textbook example and random grades",
    hints: [
      "two numbers: how often the scorers agree, and how often they would agree by chance if each kept their own mix of grades",
      "p_e sums, over every grade used by either scorer, the product of the two scorers' shares of that grade",
      "kappa = (p_o − p_e) / (1 − p_e), and 1 when p_e = 1",
    ],
    run: (m) => {
      expectOwnCode(m.kappa, ["cohenKappa"], "06.4");
      const a = [...Array(25).fill("yes"), ...Array(25).fill("no")];
      const b = [...Array(20).fill("yes"), ...Array(5).fill("no"), ...Array(10).fill("yes"), ...Array(15).fill("no")];
      expectClose(m.kappa(a, b), 0.4, 1e-9, "kappa of the 20/5/10/15 example");
      expectClose(m.kappa([1, 1, 1], [1, 1, 1]), 1, 1e-12, "kappa when both give one grade to everything");
      const g1 = [0, 1, 2, 2, 1, 0, 2, 2, 1, 2, 0, 2];
      const g2 = [0, 1, 2, 1, 1, 0, 2, 2, 2, 2, 1, 2];
      expectClose(m.kappa(g1, g2), cohenKappa(g1, g2), 1e-9, "kappa of two rubric gradings (three grades)");
      const rng = seeded();
      for (let t = 0; t < 10; t++) {
        const grades = ["A", "B", "C", "D"].slice(0, 2 + rng.int(3));
        const x = Array.from({ length: 5 + rng.int(60) }, () => grades[rng.int(grades.length)]!);
        const y = x.map((g) => (rng.next() < 0.6 ? g : grades[rng.int(grades.length)]!));
        expectClose(m.kappa(x, y), cohenKappa(x, y), 1e-9, `kappa of random grades ${x.join("")} / ${y.join("")}`);
      }
    },
  },
];
