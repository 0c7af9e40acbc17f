import * as path from "node:path";
import { loadTextSplit } from "../data/load";
import { repoRoot } from "../data/paths";
import { startServer } from "../serving/server";
import { loadTextClassifier } from "../serving/text-classifier";
import { evaluateAlertRules, parsePrometheusText, type AlertRule, type PromSample } from "./alerts";

/** The rules the course's alert experiment evaluates over the server's `/metrics`. */
export const COURSE_ALERT_RULES: AlertRule[] = [
  {
    name: "predict-4xx-share > 5% for 2 scrapes",
    numerator: { metric: "serving_requests_total", labels: { route: "/v1/predict", status: /^4/ } },
    denominator: { metric: "serving_requests_total", labels: { route: "/v1/predict" } },
    threshold: 0.05,
    forScrapes: 2,
  },
  {
    name: "predict-5xx-share > 1%",
    numerator: { metric: "serving_requests_total", labels: { route: "/v1/predict", status: /^5/ } },
    denominator: { metric: "serving_requests_total", labels: { route: "/v1/predict" } },
    threshold: 0.01,
  },
];

/** Options of {@link runAlertExperiment}; every field has a default. */
export interface AlertExperimentOptions {
  /** Scrape intervals (a batch of requests between two scrapes). Default `12`. */
  intervals?: number;
  /** Requests per interval. Default `200`. */
  requestsPerInterval?: number;
  /** First interval in which a client sends malformed requests. Default `6`. */
  failFrom?: number;
  /** Share of requests that are malformed from then on. Default `0.1`. */
  malformedShare?: number;
}

/** What {@link runAlertExperiment} measured. */
export interface AlertExperimentResult {
  intervals: number;
  requestsPerInterval: number;
  failFrom: number;
  malformedShare: number;
  /**
   * Per rule: the first firing scrape; scrapesToDetect counts scrapes after the first one that could
   * see the failure (0 = that very scrape); values are the rule's ratio per scrape (−1: no previous scrape).
   */
  rules: { rule: string; firstFiring: number | null; scrapesToDetect: number | null; firedBeforeFailure: boolean; values: number[] }[];
}

/**
 * Alerting over the real server's Prometheus samples: sends AG News texts to the course server
 * (models/agnews-logreg) in intervals, scraping `/metrics` after each; from interval `failFrom` on,
 * a client bug makes a share of requests malformed (`{"input": ...}` instead of `inputs`). Rules
 * are evaluated over the scrapes; the result says at which scrape each fired.
 */
export async function runAlertExperiment(options: AlertExperimentOptions = {}): Promise<AlertExperimentResult> {
  const intervals = options.intervals ?? 12;
  const per = options.requestsPerInterval ?? 200;
  const failFrom = options.failFrom ?? 6;
  const share = options.malformedShare ?? 0.1;
  const test = await loadTextSplit("ag_news", "test");
  const v1 = await loadTextClassifier(path.join(repoRoot(), "models", "agnews-logreg"), { name: "agnews", version: "1" });
  const server = await startServer({ classifiers: [v1], processMetrics: false });
  const scrapes: PromSample[][] = [];
  const scrape = async (): Promise<void> => {
    scrapes.push(parsePrometheusText(await (await fetch(`${server.url}/metrics`)).text()));
  };
  try {
    await scrape();
    let k = 0;
    for (let t = 0; t < intervals; t++) {
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < per; i++, k++) {
        const text = test[k % test.length]!.text;
        const bad = t >= failFrom && i % Math.round(1 / share) === 0;
        const body = bad ? { input: [text] } : { inputs: [text] };
        jobs.push(fetch(`${server.url}/v1/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.text()));
        if (jobs.length >= 16) await Promise.all(jobs.splice(0));
      }
      await Promise.all(jobs);
      await scrape();
    }
  } finally {
    await server.close();
  }
  // scrape i (i ≥ 1) covers interval i − 1
  const evals = evaluateAlertRules(scrapes, COURSE_ALERT_RULES);
  return {
    intervals,
    requestsPerInterval: per,
    failFrom,
    malformedShare: share,
    rules: evals.map((e) => ({
      rule: e.rule,
      firstFiring: e.firstFiring,
      scrapesToDetect: e.firstFiring === null ? null : e.firstFiring - (failFrom + 1),
      firedBeforeFailure: e.firing.slice(0, failFrom + 1).some(Boolean),
      values: e.values.map((v) => (Number.isNaN(v) ? -1 : Math.round(v * 1e4) / 1e4)),
    })),
  };
}
