/** One sample of Prometheus' text exposition format: `name{label="v",...} value`. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_RE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;
const LABEL_RE = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Reads the sample lines of a `/metrics` page (Prometheus text format 0.0.4); `#` lines are skipped.
 * Label values are unescaped (`\\"`, `\\\\`, `\\n`); `NaN`, `+Inf`, `-Inf` are read as numbers.
 * @throws on a sample line it cannot read, quoting it
 */
export function parsePrometheusText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = SAMPLE_RE.exec(line);
    if (!m) throw new Error(`parsePrometheusText: cannot read the sample line "${line}"`);
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? "").matchAll(LABEL_RE)) labels[l[1]!] = l[2]!.replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
    const v = m[4]!;
    out.push({ name: m[1]!, labels, value: v === "+Inf" ? Infinity : v === "-Inf" ? -Infinity : Number(v) });
  }
  return out;
}

/** Selects samples: a metric name and label values that must match (a value may be a RegExp). */
export interface SampleSelector {
  metric: string;
  labels?: Record<string, string | RegExp>;
}

/** Sum of the samples `selector` matches. */
export function sumSamples(samples: readonly PromSample[], selector: SampleSelector): number {
  let s = 0;
  for (const x of samples) {
    if (x.name !== selector.metric) continue;
    const ok = Object.entries(selector.labels ?? {}).every(([k, want]) => (typeof want === "string" ? x.labels[k] === want : want.test(x.labels[k] ?? "")));
    if (ok) s += x.value;
  }
  return s;
}

/**
 * An alert rule on counters, evaluated between consecutive scrapes (like PromQL's
 * `increase(num) / increase(den) > threshold` with a `for:` clause): it fires when the ratio of the
 * increases is above `threshold` on `forScrapes` scrapes in a row. Without a denominator the rule
 * looks at the increase of the numerator alone.
 */
export interface AlertRule {
  name: string;
  numerator: SampleSelector;
  denominator?: SampleSelector;
  threshold: number;
  /** Consecutive scrapes the condition must hold. Default `1`. */
  forScrapes?: number;
  /** Smallest denominator increase for the ratio to count (avoids firing on 1 error out of 1). Default `1`. */
  minDenominator?: number;
}

/** One rule's verdict at each scrape (the first scrape has no previous one and never fires). */
export interface AlertEvaluation {
  rule: string;
  /** The ratio (or increase) between scrape i−1 and i; NaN for i = 0 or too small a denominator. */
  values: number[];
  /** Whether the alert is firing at each scrape. */
  firing: boolean[];
  /** Index of the first firing scrape, or null. */
  firstFiring: number | null;
}

/** Evaluates rules over a series of scrapes (each the parsed text of one `/metrics` request). */
export function evaluateAlertRules(scrapes: readonly PromSample[][], rules: readonly AlertRule[]): AlertEvaluation[] {
  return rules.map((rule) => {
    const need = rule.forScrapes ?? 1;
    const values: number[] = [];
    const firing: boolean[] = [];
    let run = 0;
    scrapes.forEach((s, i) => {
      let v = NaN;
      if (i > 0) {
        const dn = sumSamples(s, rule.numerator) - sumSamples(scrapes[i - 1]!, rule.numerator);
        if (!rule.denominator) v = dn;
        else {
          const dd = sumSamples(s, rule.denominator) - sumSamples(scrapes[i - 1]!, rule.denominator);
          if (dd >= (rule.minDenominator ?? 1)) v = dn / dd;
        }
      }
      run = v > rule.threshold ? run + 1 : 0;
      values.push(v);
      firing.push(run >= need);
    });
    const first = firing.indexOf(true);
    return { rule: rule.name, values, firing, firstFiring: first < 0 ? null : first };
  });
}
