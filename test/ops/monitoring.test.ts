import { beforeAll, describe, expect, it } from "vitest";
import { loadElectricityRows, type ElectricityRow } from "../../lib/drift/electricity";
import { evaluateAlertRules, parsePrometheusText, sumSamples } from "../../lib/ops/alerts";
import { learnExpectations, validateBatch } from "../../lib/ops/validation";
import { silentFailureExperiment } from "../../lib/ops/silent-failures";

describe("data validation", () => {
  const ref = [
    { x: 0.1, c: "a" },
    { x: 0.5, c: "b" },
    { x: 0.9, c: "a" },
    { x: 0.3, c: "b" },
  ];
  const exp = learnExpectations(ref, ["x"], ["c"], { nullSlack: 0.1 });
  it("learns ranges with slack, category sets and null rates", () => {
    expect(exp.columns.x).toMatchObject({ kind: "number", maxNullRate: 0.1 });
    expect((exp.columns.x as { min: number }).min).toBeCloseTo(0.1 - 0.08, 12);
    expect((exp.columns.x as { max: number }).max).toBeCloseTo(0.9 + 0.08, 12);
    expect(exp.columns.c).toEqual({ kind: "category", values: ["a", "b"], maxNullRate: 0.1 });
    expect(learnExpectations(ref, ["x"], [], { bounds: { x: [0, 1] } }).columns.x).toMatchObject({ min: 0, max: 1 });
    expect(() => learnExpectations(ref, ["nope"], [])).toThrow(/no numbers/);
  });
  it("passes a good batch and names each broken expectation", () => {
    expect(validateBatch(ref, exp)).toEqual([]);
    const checks = (rows: Record<string, unknown>[]) => validateBatch(rows, exp).map((v) => `${v.column}:${v.check}`);
    expect(checks([{ x: null, c: "a" }, { x: 0.2, c: "a" }])).toEqual(["x:null-rate"]);
    expect(checks([{ x: 500, c: "a" }, { x: 0.2, c: "b" }])).toEqual(["x:range"]);
    expect(checks([{ x: 0.2, c: "zzz" }])).toEqual(["c:category"]);
    expect(checks([{ x: "#N/A", c: "a" }, { x: 0.2, c: "a" }])).toEqual(["*:shape"]);
  });
});

describe("Prometheus text and alert rules", () => {
  const page = (ok: number, bad: number) =>
    `# HELP serving_requests_total x\n# TYPE serving_requests_total counter\nserving_requests_total{route="/v1/predict",status="200"} ${ok}\nserving_requests_total{route="/v1/predict",status="400"} ${bad}\nserving_requests_total{route="/metrics",status="200"} 3\nlatency_bucket{le="+Inf"} 7\n`;
  it("parses samples with labels, escapes and +Inf", () => {
    const s = parsePrometheusText(page(10, 2) + 'odd{v="a\\"b"} +Inf\n');
    expect(s).toHaveLength(5);
    expect(s[0]).toEqual({ name: "serving_requests_total", labels: { route: "/v1/predict", status: "200" }, value: 10 });
    expect(s[3]).toEqual({ name: "latency_bucket", labels: { le: "+Inf" }, value: 7 });
    expect(s[4]!.value).toBe(Infinity);
    expect(s[4]!.labels.v).toBe('a"b');
    expect(sumSamples(s, { metric: "serving_requests_total", labels: { route: "/v1/predict" } })).toBe(12);
    expect(() => parsePrometheusText("not a sample line at all {")).toThrow(/cannot read/);
  });
  it("fires on the ratio of increases only after `forScrapes` scrapes in a row", () => {
    const scrapes = [page(0, 0), page(100, 0), page(190, 10), page(280, 20), page(380, 20)].map(parsePrometheusText);
    const [e] = evaluateAlertRules(scrapes, [
      { name: "4xx", numerator: { metric: "serving_requests_total", labels: { route: "/v1/predict", status: /^4/ } }, denominator: { metric: "serving_requests_total", labels: { route: "/v1/predict" } }, threshold: 0.05, forScrapes: 2 },
    ]);
    expect(e!.values.slice(1)).toEqual([0, 0.1, 0.1, 0]);
    expect(e!.firing).toEqual([false, false, false, true, false]);
    expect(e!.firstFiring).toBe(3);
  });
});

describe("silent failures on the electricity stream", () => {
  let rows: ElectricityRow[];
  beforeAll(async () => {
    rows = await loadElectricityRows();
  });
  it("validation catches every planted failure on its first day without false alarms; accuracy is slowest", () => {
    const r = silentFailureExperiment(rows);
    expect(r.falseAlarmRate.validation).toBe(0);
    expect(r.failures.map((f) => f.failure)).toEqual(["null-column", "unit-change", "malformed-logs", "stale-cache"]);
    for (const f of r.failures) {
      expect(f.daysToDetect.validation).toBe(0);
      expect(f.servedAccuracy).toBeLessThan(r.healthyAccuracy);
    }
    const stale = r.failures.find((f) => f.failure === "stale-cache")!;
    expect(stale.daysToDetect.accuracy === null || stale.daysToDetect.accuracy > 7).toBe(true);
    // the textbook KS rule alarms on (nearly) every healthy day of this autocorrelated stream
    expect(r.falseAlarmRate.drift).toBeGreaterThan(0.9);
  }, 60_000);
});
