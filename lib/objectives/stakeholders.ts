import type { ModelCandidate } from "./candidate";
import { rankBy, TIE_BREAK, fmt3, fmtBytes, checkCandidates, type RankKey } from "./internal";

/** The stakeholders of Designing Machine Learning Systems, chapter 1 (the restaurant-recommendation example). */
export type Stakeholder = "ml-engineering" | "sales" | "product" | "ml-platform" | "manager";

/** What a stakeholder wants, in the book's words, and the rule this library uses for it. */
export interface StakeholderProfile {
  /** Identifier. */
  id: Stakeholder;
  /** Display name. */
  title: string;
  /** What they want (paraphrasing Huyen, DMLS ch. 1). */
  wants: string;
  /** How {@link pickForStakeholder} turns that into a choice among candidates. */
  rule: string;
}

/**
 * The five stakeholders of DMLS chapter 1's restaurant-recommendation app and the objective each
 * pulls towards; the lesson being that "the best model" depends on who asks.
 */
export const STAKEHOLDERS: readonly StakeholderProfile[] = [
  {
    id: "ml-engineering",
    title: "ML engineering team",
    wants: "the model that recommends what users will most likely order: more data, a bigger model, the best offline metric",
    rule: "highest accuracy (ties: lower p99 latency)",
  },
  {
    id: "sales",
    title: "Sales team",
    wants: "a model that recommends the more expensive restaurants, since they bring in more service fees",
    rule: "highest businessValue per prediction (ties: accuracy); falls back to accuracy when no candidate has a businessValue",
  },
  {
    id: "product",
    title: "Product team",
    wants: "fast answers: every increase in latency leads to fewer orders, so recommendations in under 100 ms",
    rule: "lowest p99 latency (ties: accuracy), reported against the latency target (default 100 ms)",
  },
  {
    id: "ml-platform",
    title: "ML platform team",
    wants: "to hold off model updates and fix scaling first: they are woken up at night when the system cannot scale",
    rule: "keep the currently deployed model when it is a candidate; otherwise the smallest model (ties: lower cost)",
  },
  {
    id: "manager",
    title: "Manager",
    wants: "to maximise the margin (one way being to let go of the ML team)",
    rule: "lowest cost per million predictions (ties: accuracy)",
  },
];

/** Options of {@link pickForStakeholder}. */
export interface StakeholderPickOptions {
  /** The product team's latency target, ms at p99. Default `100` (the book's figure). */
  latencyTargetMs?: number;
  /** Name of the model in production now, which the platform team prefers to keep. Default: none. */
  currentModel?: string;
}

/** A stakeholder's pick and why. */
export interface StakeholderPick<T extends ModelCandidate = ModelCandidate> {
  /** Who is choosing. */
  stakeholder: StakeholderProfile;
  /** Their choice. */
  choice: T;
  /** One or two sentences: what they want and why this candidate. */
  explanation: string;
}

function profile(id: Stakeholder): StakeholderProfile {
  const p = STAKEHOLDERS.find((s) => s.id === id);
  if (!p) throw new RangeError(`pickForStakeholder: unknown stakeholder "${String(id)}"; use one of ${STAKEHOLDERS.map((s) => s.id).join(", ")}.`);
  return p;
}

function runnerUp(ranked: readonly ModelCandidate[], show: (c: ModelCandidate) => string): string {
  const second = ranked[1];
  return second ? ` Next best: "${second.name}" (${show(second)}).` : "";
}

/**
 * The candidate one stakeholder would choose, by the rule in {@link STAKEHOLDERS}, with an
 * explanation string for a notebook or a slide.
 * @param candidates scored candidates
 * @param stakeholder `"ml-engineering"`, `"sales"`, `"product"`, `"ml-platform"` or `"manager"`
 * @param options latencyTargetMs (100), currentModel (none)
 * @example pickForStakeholder(candidates, "product").explanation
 */
export function pickForStakeholder<T extends ModelCandidate>(candidates: readonly T[], stakeholder: Stakeholder, options: StakeholderPickOptions = {}): StakeholderPick<T> {
  checkCandidates(candidates, "pickForStakeholder");
  const who = profile(stakeholder);
  const rank = (keys: RankKey[]): T[] => rankBy(candidates, [...keys, ...TIE_BREAK]) as T[];
  const head = `${who.title} wants ${who.wants}.`;
  let ranked: T[];
  let why: string;
  switch (stakeholder) {
    case "ml-engineering": {
      ranked = rank([[(c) => c.accuracy, "max"], [(c) => c.latencyP99Ms, "min"]]);
      const c = ranked[0]!;
      why = `"${c.name}" has the highest accuracy, ${fmt3(c.accuracy)}.` + runnerUp(ranked, (x) => `accuracy ${fmt3(x.accuracy)}`);
      break;
    }
    case "sales": {
      const withValue = candidates.filter((c) => typeof c.businessValue === "number" && !Number.isNaN(c.businessValue));
      if (withValue.length === 0) {
        ranked = rank([[(c) => c.accuracy, "max"]]);
        why = `No candidate has a businessValue, so this falls back to accuracy: "${ranked[0]!.name}" (${fmt3(ranked[0]!.accuracy)}). Measure revenue per prediction to make this view meaningful.`;
      } else {
        ranked = rankBy(withValue, [[(c) => c.businessValue!, "max"], ...TIE_BREAK]) as T[];
        const c = ranked[0]!;
        why = `"${c.name}" brings the most business value per prediction, ${fmt3(c.businessValue!)} (accuracy ${fmt3(c.accuracy)}).` + runnerUp(ranked, (x) => `value ${fmt3(x.businessValue!)}`);
        if (withValue.length < candidates.length) why += ` ${candidates.length - withValue.length} candidate(s) without a businessValue were not considered.`;
      }
      break;
    }
    case "product": {
      const target = options.latencyTargetMs ?? 100;
      ranked = rank([[(c) => c.latencyP99Ms, "min"], [(c) => c.accuracy, "max"]]);
      const c = ranked[0]!;
      const meets = candidates.filter((x) => x.latencyP99Ms <= target).length;
      why = `"${c.name}" is the fastest, p99 ${fmt3(c.latencyP99Ms)} ms (accuracy ${fmt3(c.accuracy)}); ${meets} of ${candidates.length} candidates meet the ${fmt3(target)} ms target.` + runnerUp(ranked, (x) => `p99 ${fmt3(x.latencyP99Ms)} ms`);
      break;
    }
    case "ml-platform": {
      const current = options.currentModel !== undefined ? candidates.find((c) => c.name === options.currentModel) : undefined;
      ranked = rank([[(c) => c.sizeBytes, "min"], [(c) => c.costPerMillionUsd, "min"]]);
      if (current) {
        ranked = [current, ...ranked.filter((c) => c !== current)];
        why = `Keep "${current.name}", the model in production: no update until the platform scales (${fmtBytes(current.sizeBytes)}, $${fmt3(current.costPerMillionUsd)} per million).`;
      } else {
        const c = ranked[0]!;
        why = `${options.currentModel !== undefined ? `The current model "${options.currentModel}" is not among the candidates, so: ` : ""}"${c.name}" is the smallest, ${fmtBytes(c.sizeBytes)} ($${fmt3(c.costPerMillionUsd)} per million): least to load, replicate and scale.` + runnerUp(ranked, (x) => fmtBytes(x.sizeBytes));
      }
      break;
    }
    case "manager": {
      ranked = rank([[(c) => c.costPerMillionUsd, "min"], [(c) => c.accuracy, "max"]]);
      const c = ranked[0]!;
      why = `"${c.name}" is the cheapest to run, $${fmt3(c.costPerMillionUsd)} per million predictions (accuracy ${fmt3(c.accuracy)}).` + runnerUp(ranked, (x) => `$${fmt3(x.costPerMillionUsd)} per million`);
      break;
    }
  }
  return { stakeholder: who, choice: ranked[0]!, explanation: `${head} ${why}` };
}

/** Every stakeholder's pick (in the order of {@link STAKEHOLDERS}): the table the lesson shows. */
export function pickForEveryStakeholder<T extends ModelCandidate>(candidates: readonly T[], options: StakeholderPickOptions = {}): StakeholderPick<T>[] {
  return STAKEHOLDERS.map((s) => pickForStakeholder(candidates, s.id, options));
}
