import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../lib/data/random";
import { LogisticRegression } from "../../lib/models/logistic-regression";
import { startServer, type RunningServer } from "../../lib/serving/server";
import { TfidfVectorizer } from "../../lib/text/tfidf";
import { bernoulliCusum, calibrateAlarmThreshold, firstCrossing } from "../../lib/ops/cusum";
import { CanaryController, userBucket } from "../../lib/ops/canary";
import { canarySweep } from "../../lib/ops/canary-sweep";
import { canaryReplay, shadowReplay } from "../../lib/ops/release-replay";
import { servedTfidfModel, vectorizerWithoutLowercasing } from "../../lib/ops/served-model";
import { shadowDetection } from "../../lib/ops/shadow-detection";

describe("Bernoulli CUSUM", () => {
  it("follows Page's recursion (hand-computed: ln 2 = 0.693147, ln(0.8/0.9) = −0.117783)", () => {
    const path = bernoulliCusum([1, 0, 1, 1, 0], 0.1, 0.2);
    const expected = [0.6931471805599453, 0.5753641449035618, 1.268511325463507, 1.9616585060234524, 1.8438754703670685];
    expected.forEach((v, i) => expect(path[i]).toBeCloseTo(v, 12));
    expect(Array.from(bernoulliCusum([0, 0, 0], 0.1, 0.2))).toEqual([0, 0, 0]);
    expect(firstCrossing(path, 1.2)).toBe(3);
    expect(firstCrossing(path, 5)).toBeNull();
    expect(() => bernoulliCusum([1], 0.2, 0.1)).toThrow(/p0 < p1/);
  });
  it("calibrates a threshold that lets exactly the allowed share of control paths alarm", () => {
    const paths = Array.from({ length: 100 }, (_, i) => [0, i + 1]);
    const h = calibrateAlarmThreshold(paths, 0.01);
    expect(paths.filter((p) => firstCrossing(p, h) !== null).length).toBe(1);
    expect(paths.filter((p) => firstCrossing(p, calibrateAlarmThreshold(paths, 0)) !== null).length).toBe(0);
    expect(() => calibrateAlarmThreshold([])).toThrow(/at least one/);
  });
  it("detects a tripled disagreement rate with ≤1% false alarms on the control", () => {
    const rng = createRng(5);
    const control = Uint8Array.from({ length: 4000 }, () => (rng.next() < 0.05 ? 1 : 0));
    const defect = Uint8Array.from({ length: 4000 }, () => (rng.next() < 0.15 ? 1 : 0));
    const r = shadowDetection(control, defect, { replays: 100, horizon: 1500 });
    expect(r.controlFalseAlarmRate).toBeLessThanOrEqual(0.01);
    expect(r.detectedShare).toBe(1);
    expect(r.requestsToDetect.median).toBeLessThan(300);
    expect(() => shadowDetection(new Uint8Array(10), defect)).toThrow(/strictly between 0 and 1/);
  });
});

describe("canary routing and guardrail", () => {
  it("routes a stable share of users by hash", () => {
    expect(userBucket("u1")).toBe(userBucket("u1"));
    expect(userBucket("u1", "a")).not.toBe(userBucket("u1", "b"));
    const ctl = new CanaryController({ share: 0.1 });
    const n = Array.from({ length: 10000 }, (_, i) => ctl.route(`u${i}`)).filter((a) => a === "candidate").length;
    expect(n).toBeGreaterThan(900);
    expect(n).toBeLessThan(1100);
    expect(() => new CanaryController({ share: 0 })).toThrow(/share/);
  });
  it("rolls back a clearly worse candidate, keeps a healthy one, and exports its metrics", () => {
    const registry = new Registry();
    const bad = new CanaryController({ share: 0.5, registry });
    const rng = createRng(1);
    for (let i = 0; i < 2000 && !bad.state.rolledBack; i++) {
      const u = `u${i}`;
      const arm = bad.route(u);
      bad.record(arm, u, true, rng.next() < (arm === "candidate" ? 0.6 : 0.8));
    }
    expect(bad.state.rolledBack).toBe(true);
    expect(bad.route("anyone")).toBe("production");
    expect(bad.state.reason).toMatch(/success rate/);
    const good = new CanaryController({ share: 0.5 });
    for (let i = 0; i < 2000; i++) {
      const u = `u${i}`;
      const arm = good.route(u);
      good.record(arm, u, true, rng.next() < 0.8);
    }
    expect(good.state.rolledBack).toBe(false);
    return registry.metrics().then((text) => {
      expect(text).toMatch(/release_rollbacks_total 1/);
      expect(text).toMatch(/release_canary_share 0/);
    });
  });
  it("rolls back on errors before any success-rate test", () => {
    const ctl = new CanaryController({ share: 1 });
    for (let i = 0; i < 20; i++) ctl.record("candidate", `u${i}`, i % 2 === 0, true);
    expect(ctl.state.rolledBack).toBe(true);
    expect(ctl.state.reason).toMatch(/error rate/);
  });
  it("sweeps shares offline: a bad candidate is rolled back, more users see it at larger shares", () => {
    const rng = createRng(2);
    const prod = Array.from({ length: 3000 }, () => rng.next() < 0.9);
    const cand = Array.from({ length: 3000 }, () => rng.next() < 0.6);
    const rows = canarySweep(prod, cand, { shares: [0.1, 0.5], repetitions: 20 });
    expect(rows[0]!.rollbackRate).toBe(1);
    expect(rows[1]!.rollbackRate).toBe(1);
    expect(rows[1]!.medianRollbackRequest!).toBeLessThan(rows[0]!.medianRollbackRequest!);
    expect(() => canarySweep([true], [])).toThrow(/same/);
  });
});

describe("shadow and canary over HTTP on the course server", () => {
  const docs = [
    ["Stocks rally as Fed holds rates", "Business"],
    ["Shares of Microsoft fall after earnings", "Business"],
    ["Oil prices climb on supply fears", "Business"],
    ["Yankees beat Red Sox in extra innings", "Sports"],
    ["Federer wins the final in straight sets", "Sports"],
    ["NFL season opens with a close game", "Sports"],
  ] as const;
  const labels = ["Business", "Sports"];
  let server: RunningServer;
  beforeAll(async () => {
    const vec = new TfidfVectorizer().fit(docs.map((d) => d[0]));
    const lr = new LogisticRegression({ epochs: 200, seed: 1 }).fit(vec.transformMany(docs.map((d) => d[0])), docs.map((d) => labels.indexOf(d[1])), vec.dim, 2);
    const json = vec.toJSON();
    server = await startServer({
      processMetrics: false,
      classifiers: [
        servedTfidfModel({ name: "toy", version: "1", vectorizer: vec, model: lr, labels }),
        servedTfidfModel({ name: "toy", version: "2-nolower", vectorizer: vectorizerWithoutLowercasing(json), model: lr, labels }),
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  it("the planted defect loses every capitalised word", () => {
    const vec = new TfidfVectorizer().fit(["microsoft shares"]);
    const broken = vectorizerWithoutLowercasing(vec.toJSON());
    expect(vec.transform("Microsoft Shares").indices.length).toBe(2);
    expect(broken.transform("Microsoft Shares").indices.length).toBe(0);
  });
  it("shadow mode records disagreements and counts them on /metrics", async () => {
    // Title Case: the defective vectorizer finds no feature at all, so it answers one class for every text
    const texts = docs.map((d) => d[0].replace(/\b\w/g, (c) => c.toUpperCase()));
    const same = await shadowReplay(server.url, "toy@1", "toy@1", texts, server.metrics.registry);
    expect(same.disagreementRate).toBe(0);
    const r = await shadowReplay(server.url, "toy@1", "toy@2-nolower", texts, server.metrics.registry);
    expect(r.production.map((l, i) => l === docs[i]![1]).every(Boolean)).toBe(true);
    expect(r.disagreementRate).toBeGreaterThan(0);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(new RegExp(`release_shadow_requests_total ${2 * texts.length}`));
    expect(text).toMatch(new RegExp(`release_shadow_disagreements_total ${Math.round(r.disagreementRate * texts.length)}`));
  });
  it("a canary at share 1 answers every user with the candidate", async () => {
    const reqs = docs.map((d, i) => ({ userId: `u${i}`, text: d[0], label: d[1] }));
    const r = await canaryReplay(server.url, "toy@1", "toy@1", reqs, new CanaryController({ share: 1 }), { noise: 0 });
    expect(r.arms.every((a) => a === "candidate")).toBe(true);
    expect(r.usersExposed).toBe(docs.length);
    expect(r.state.successes.candidate).toBe(docs.length);
  });
});
