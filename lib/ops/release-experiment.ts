import * as fs from "node:fs";
import * as path from "node:path";
import { createRng } from "../data/random";
import { loadTextSplit } from "../data/load";
import { repoRoot } from "../data/paths";
import { LogisticRegression } from "../models/logistic-regression";
import { startServer } from "../serving/server";
import { loadTextClassifier } from "../serving/text-classifier";
import { TfidfVectorizer, type TfidfVectorizerJSON } from "../text/tfidf";
import { CanaryController, type CanaryGuardrail } from "./canary";
import { canaryReplay, shadowReplay, type ReplayRequest } from "./release-replay";
import { servedTfidfModel, vectorizerWithoutLowercasing } from "./served-model";
import { shadowDetection, type ShadowDetectionResult } from "./shadow-detection";

/** Options of {@link runReleaseExperiment}; every field has a default. */
export interface ReleaseExperimentOptions {
  /** Production artifact (v1). Default `models/agnews-logreg`. */
  artifact?: string;
  /** Seed of the candidate's training (v2 differs from v1 only by it). Default `7`. */
  candidateSeed?: number;
  /** Distinct simulated users sending the AG News test stream. Default `2000`. */
  users?: number;
  /** Canary shares tried with the defective candidate (the healthy one runs at the largest). Default `[0.05, 0.1, 0.25]`. */
  canaryShares?: number[];
  /** Canary guardrail. Default: {@link CanaryGuardrail}'s defaults. */
  guardrail?: CanaryGuardrail;
  /** Users' reaction noise. Default `0.1`. */
  noise?: number;
  /** Shadow detection replays. Default `200`. */
  replays?: number;
  /** Seed of the stream order and users. Default `42`. */
  seed?: number;
}

/** One canary run. */
export interface CanaryRunSummary {
  share: number;
  rolledBack: boolean;
  rolledBackAtRequest: number | null;
  reason: string | null;
  candidateRequests: number;
  usersExposed: number;
  wrongCandidateAnswers: number;
}

/** What {@link runReleaseExperiment} measured (the shape of results/ops/release.json's `release`). */
export interface ReleaseExperimentResult {
  stream: string;
  requests: number;
  users: number;
  models: { production: string; control: string; defect: string; defectDescription: string };
  offlineAccuracy: { production: number; control: number; defect: number };
  shadow: { controlDisagreement: number; defectDisagreement: number; detection: ShadowDetectionResult };
  canary: { defect: CanaryRunSummary[]; control: CanaryRunSummary };
  /** The `release_*` sample lines the server's `/metrics` showed at the end. */
  metricsLines: string[];
  /** Per request (stream order): was production, the healthy candidate, the defective one right. */
  correct: { production: boolean[]; control: boolean[]; defect: boolean[] };
  /** True label of each request, in stream order (the slices of an A/B population). */
  labels: string[];
}

/**
 * Shadow and canary releases on the real course server: AG News test (7,600 requests, shuffled
 * into a stream sent by simulated users), v1 = the committed ONNX model in production, a v2 retrained
 * with another seed (control), and the same v2 with a planted defect (its vectorizer without
 * lower-casing). Everything goes over HTTP through `POST /v1/predict`; release counters are
 * exported on the server's `/metrics`.
 */
export async function runReleaseExperiment(options: ReleaseExperimentOptions = {}): Promise<ReleaseExperimentResult> {
  const root = repoRoot();
  const artifact = path.resolve(root, options.artifact ?? "models/agnews-logreg");
  const seed = options.seed ?? 42;
  const [train, test] = await Promise.all([loadTextSplit("ag_news", "train"), loadTextSplit("ag_news", "test")]);
  const vj = JSON.parse(fs.readFileSync(path.join(artifact, "vectorizer.json"), "utf8")) as TfidfVectorizerJSON;
  const meta = JSON.parse(fs.readFileSync(path.join(artifact, "meta.json"), "utf8")) as { labels: string[] };
  const labels = meta.labels;
  const vectorizer = TfidfVectorizer.fromJSON(vj);
  const y = train.map((r) => labels.indexOf(r.label));
  const lr = new LogisticRegression({ epochs: 30, seed: options.candidateSeed ?? 7, validationFraction: 0.1, patience: 2 }).fit(vectorizer.transformMany(train.map((r) => r.text)), y, vectorizer.dim, labels.length);
  const v1 = await loadTextClassifier(artifact, { name: "agnews", version: "1" });
  const control = servedTfidfModel({ name: "agnews", version: "2", vectorizer, model: lr, labels });
  const defect = servedTfidfModel({ name: "agnews", version: "2-nolower", vectorizer: vectorizerWithoutLowercasing(vj), model: lr, labels });
  const rng = createRng(seed);
  const order = rng.shuffle(test.map((_, i) => i));
  const nUsers = options.users ?? 2000;
  const stream: ReplayRequest[] = order.map((i) => ({ userId: `u${rng.int(nUsers)}`, text: test[i]!.text, label: test[i]!.label }));
  const texts = stream.map((r) => r.text);
  const server = await startServer({ classifiers: [v1, control, defect], processMetrics: false });
  try {
    const reg = server.metrics.registry;
    const sControl = await shadowReplay(server.url, "agnews@1", "agnews@2", texts, reg);
    const sDefect = await shadowReplay(server.url, "agnews@1", "agnews@2-nolower", texts, reg);
    const acc = (ls: string[]): number => ls.filter((l, i) => l === stream[i]!.label).length / ls.length;
    const detection = shadowDetection(sControl.disagree, sDefect.disagree, { replays: options.replays ?? 200, seed });
    const shares = options.canaryShares ?? [0.05, 0.1, 0.25];
    const runCanary = async (candidate: string, share: number, withMetrics: boolean): Promise<CanaryRunSummary> => {
      const ctl = new CanaryController({ share, guardrail: options.guardrail, registry: withMetrics ? reg : undefined });
      const r = await canaryReplay(server.url, "agnews@1", candidate, stream, ctl, { noise: options.noise ?? 0.1, seed });
      return { share, rolledBack: r.state.rolledBack, rolledBackAtRequest: r.state.rolledBackAtRequest, reason: r.state.reason, candidateRequests: r.state.requests.candidate, usersExposed: r.usersExposed, wrongCandidateAnswers: r.wrongCandidateAnswers };
    };
    const canaryDefect: CanaryRunSummary[] = [];
    for (const [k, share] of shares.entries()) canaryDefect.push(await runCanary("agnews@2-nolower", share, k === shares.length - 1));
    const canaryControl = await runCanary("agnews@2", Math.max(...shares), false);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return {
      stream: "ag_news test (7,600 rows), shuffled with the seed, one text per request",
      requests: stream.length,
      users: new Set(stream.map((r) => r.userId)).size,
      models: { production: "agnews@1 (models/agnews-logreg, ONNX)", control: "agnews@2 (same features, logistic regression retrained with another seed)", defect: "agnews@2-nolower", defectDescription: "agnews@2 with its vectorizer built without lower-casing" },
      offlineAccuracy: { production: acc(sControl.production), control: acc(sControl.candidate), defect: acc(sDefect.candidate) },
      shadow: { controlDisagreement: sControl.disagreementRate, defectDisagreement: sDefect.disagreementRate, detection },
      canary: { defect: canaryDefect, control: canaryControl },
      metricsLines: text.split("\n").filter((l) => l.startsWith("release_")),
      correct: { production: sControl.production.map((l, i) => l === stream[i]!.label), control: sControl.candidate.map((l, i) => l === stream[i]!.label), defect: sDefect.candidate.map((l, i) => l === stream[i]!.label) },
      labels: stream.map((r) => r.label),
    };
  } finally {
    await server.close();
  }
}
