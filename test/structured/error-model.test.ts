import { describe, it, expect, beforeAll } from "vitest";
import {
  loadStructuredRecords,
  buildMalformedCorpus,
  injectStructuredError,
  evaluateStructuredRepair,
  structuredPromptTemplate,
  countTextTokens,
  parseSyntax,
  STRUCTURED_ERROR_CLASSES,
  type StructuredRecord,
} from "../../lib/structured/index";
import { createRng } from "../../lib/data/random";

describe("error model", () => {
  let records: StructuredRecord[];
  beforeAll(async () => {
    records = await loadStructuredRecords({ perSource: 10, seed: 11 });
  });

  it("loads plain-object records from the four datasets", () => {
    expect(records).toHaveLength(40);
    expect(new Set(records.map((r) => r.source))).toEqual(new Set(["adult", "compas", "fine_foods", "ag_news"]));
    const compas = records.find((r) => r.source === "compas")!.value;
    expect(Object.keys(compas)).toEqual(["id", "person", "charge", "history", "score", "two_year_recid"]);
    expect(typeof compas.two_year_recid).toBe("boolean");
  });

  it("is reproducible: same seed, same corpus; another seed, another corpus", () => {
    const a = buildMalformedCorpus(records, { seed: 5 });
    const b = buildMalformedCorpus(records, { seed: 5 });
    const c = buildMalformedCorpus(records, { seed: 6 });
    expect(a).toEqual(b);
    expect(a.map((x) => x.text)).not.toEqual(c.map((x) => x.text));
    expect(a).toHaveLength(80); // 40 records × (json, yaml)
  });

  it("rates 0 leave every output valid and unchanged; rate 1 injects every applicable class", () => {
    for (const it of buildMalformedCorpus(records, { rates: {} })) {
      expect(it.classes).toEqual([]);
      expect(it.text).toBe(it.original);
    }
    const all = Object.fromEntries([...STRUCTURED_ERROR_CLASSES.json, ...STRUCTURED_ERROR_CLASSES.yaml].map((c) => [c, 1]));
    for (const it of buildMalformedCorpus(records, { rates: all, seed: 1 })) {
      for (const c of ["fence", "prose", "truncation"]) expect(it.classes).toContain(c);
      if (it.syntax === "json") expect(it.classes).toContain("unquoted-keys");
    }
    expect(() => buildMalformedCorpus(records, { rates: { fence: 2 } })).toThrow(/rate of fence must be in \[0, 1\]/);
    expect(() => buildMalformedCorpus(records, { rates: { typo: 0.5 } as never })).toThrow(/unknown error class "typo"/);
  });

  it("each injection does what its class says", () => {
    const rng = createRng(1);
    const json = '{\n  "a": "x",\n  "b": null,\n  "c": [\n    1\n  ]\n}';
    expect(injectStructuredError(json, "json", "python-literals", rng)).toBe('{\n  "a": "x",\n  "b": None,\n  "c": [\n    1\n  ]\n}');
    expect(injectStructuredError(json, "json", "unquoted-keys", rng)).toBe('{\n  a: "x",\n  b: null,\n  c: [\n    1\n  ]\n}');
    expect(injectStructuredError(json, "json", "single-quotes", rng)).toBe("{\n  'a': 'x',\n  'b': null,\n  'c': [\n    1\n  ]\n}");
    expect(injectStructuredError(json, "json", "fence", createRng(2))).toMatch(/^```(json)?\n\{[\s\S]*\}\n```$/);
    const commas = injectStructuredError(json, "json", "trailing-commas", rng)!;
    expect(commas).toMatch(/,\s*[}\]]/);
    expect(commas.replace(/,(\s*[}\]])/g, "$1")).toBe(json);
    const cut = injectStructuredError(json, "json", "truncation", rng)!;
    expect(json.startsWith(cut) && cut.length >= json.length * 0.5 && cut.length < json.length).toBe(true);
    expect(injectStructuredError('{\n  "a": 1\n}', "json", "python-literals", rng)).toBeUndefined(); // nothing to rewrite
    const yaml = "a: 1\nb:\n  c: null\n  d: x\n";
    expect(injectStructuredError(yaml, "yaml", "tabs", rng)).toBe("a: 1\nb:\n\tc: null\n\td: x\n");
    expect(injectStructuredError(yaml, "yaml", "python-literals", rng)).toBe("a: 1\nb:\n  c: None\n  d: x\n");
    expect(injectStructuredError("a: 1\nb: 2\n", "yaml", "tabs", rng)).toBeUndefined();
    expect(injectStructuredError(yaml, "yaml", "unquoted-keys", rng)).toBeUndefined(); // a JSON-only class
    const ind = injectStructuredError(yaml, "yaml", "indentation", rng)!;
    expect(ind.replace(/ /g, "")).toBe(yaml.replace(/ /g, ""));
    expect(ind).not.toBe(yaml);
    const comment = injectStructuredError(yaml, "yaml", "comments", rng)!;
    expect(parseSyntax(comment, "yaml")).toEqual(parseSyntax(yaml, "yaml")); // comments are legal YAML
  });

  it("repair fixes every one-class corpus exactly, except truncation (information is lost) and YAML None", () => {
    for (const syntax of ["json", "yaml"] as const)
      for (const cls of STRUCTURED_ERROR_CLASSES[syntax]) {
        const corpus = buildMalformedCorpus(records, { rates: { [cls]: 1 }, syntaxes: [syntax], seed: 9, onlyCorrupted: true });
        const [row] = evaluateStructuredRepair(corpus).filter((r) => r.errorClass === cls);
        if (!row) continue; // class never applicable in this sample
        if (cls === "truncation") {
          expect(row.exactAfter).toBe(0);
          if (syntax === "json") expect(row.validAfter).toBe(0); // dropped cut values leave a required field missing
        } else if (syntax === "yaml" && cls === "python-literals") {
          expect(row.parsedBefore).toBe(1); // None is a valid YAML string…
        } else {
          expect(row.exactAfter, `${syntax} ${cls}`).toBe(1);
          if (cls !== "comments" || syntax === "json") expect(row.exactBefore, `${syntax} ${cls}`).toBeLessThan(1);
        }
      }
  });

  it("re-prompt cost = tokens(prompt) + tokens(output) per output failing validation", () => {
    const corpus = buildMalformedCorpus(records.slice(0, 6), { rates: { fence: 1 }, syntaxes: ["json"], seed: 2 });
    const [row] = evaluateStructuredRepair(corpus, { groupBy: "all", label: "fence" });
    const want = corpus.reduce((s, it) => s + countTextTokens(structuredPromptTemplate(it.source, "json")) + countTextTokens(it.original), 0);
    expect(row!.validBefore).toBe(0);
    expect(row!.repromptTokensWithoutRepair).toBe(want);
    expect(row!.repromptTokensWithRepair).toBe(0);
    expect(row!.savedTokensPer1000).toBeCloseTo((want / 6) * 1000, 6);
    expect(structuredPromptTemplate("ag_news", "yaml")).toContain("Reply with YAML only");
  });
});
