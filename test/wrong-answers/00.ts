/** Plausible wrong answers to module 00's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { type LabelledText, labelCounts, stratifiedSample } from "../../lib/data/index";

import type { Module00 } from "../../exercises/checks/00";
import type { WrongAnswer } from "./types";

export const wrong: WrongAnswer<Module00>[] = [
  { id: "00.1", what: "hard-coded for the toy list and R8", impl: { majorityShare: (rows: LabelledText[]) => (rows.length === 6 ? 0.5 : rows.length === 0 ? 0 : 1083 / 2189) }, says: /random list .*expected/ },
  { id: "00.1", what: "a count, not a share (wrong units)", impl: { majorityShare: (rows: LabelledText[]) => labelCounts(rows)[0]?.count ?? 0 }, says: /expected 0\.5|not a count/ },
  { id: "00.1", what: "off-by-one denominator", impl: { majorityShare: (rows: LabelledText[]) => (rows.length ? (labelCounts(rows)[0]!.count) / (rows.length - 1) : 0) }, says: /expected 0\.5/ },
  { id: "00.2", what: "a fixed seed instead of the one given", impl: { sampleForLesson: (rows: LabelledText[], n: number) => stratifiedSample(rows, n, { seed: 7 }) }, says: /gave the same sample: is the seed you are given used/ },
  { id: "00.2", what: "the wrong seed (seed + 1)", impl: { sampleForLesson: (rows: LabelledText[], n: number, seed: number) => stratifiedSample(rows, n, { seed: seed + 1 }) }, says: /differs from the library's stratified sample: pass the seed/ },
  { id: "00.2", what: "the first n rows (no stratification, no seed)", impl: { sampleForLesson: (rows: LabelledText[], n: number) => rows.slice(0, n) }, says: /"earn" should keep its share|same seed|seeds/ },
  { id: "00.2", what: "off by one row", impl: { sampleForLesson: (rows: LabelledText[], n: number, seed: number) => stratifiedSample(rows, n - 1, { seed }) }, says: /expected \d+ rows, got \d+/ },
  { id: "00.3", what: "hard-coded R52 test's answer", impl: { splitSummary: async () => ({ classes: 52, largest: "earn" }) }, says: /r8\/train: expected 8 classes, got 52/ },
  { id: "00.4", what: "a percentage instead of a share (wrong units)", impl: { predictMajorityBaseline: () => ({ accuracy: 49.5, why: "Earnings reports are about half of Reuters business news in my memory." }) }, says: /looks like a percentage/ },
  { id: "00.4", what: "no reasoning", impl: { predictMajorityBaseline: () => ({ accuracy: 0.5, why: "guess" }) }, says: /say why in a sentence/ },
];
