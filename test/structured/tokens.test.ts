import { describe, it, expect } from "vitest";
import {
  countTextTokens,
  getTokenCounter,
  countCharTokens,
  loadAustenCharTokenizer,
  serializeStructured,
  countFormatTokens,
  summarizeFormatTokens,
  type FormatTokenCount,
  type StructuredRecord,
} from "../../lib/structured/index";

// the library's own entry points, used directly as the reference
const cl100k = require("gpt-tokenizer/cjs/encoding/cl100k_base") as { encode: (s: string) => number[] };
const o200k = require("gpt-tokenizer/cjs/encoding/o200k_base") as { encode: (s: string) => number[] };

describe("token counting", () => {
  it("known counts: 'hello world' is 2 tokens in cl100k_base and in o200k_base", () => {
    expect(countTextTokens("hello world", "cl100k_base")).toBe(2);
    expect(getTokenCounter("cl100k_base").encode("hello world")).toEqual([15339, 1917]);
    expect(countTextTokens("hello world", "o200k_base")).toBe(2);
  });

  it("matches gpt-tokenizer called directly", () => {
    const texts = ['{"age": 39, "workclass": "State-gov"}', "age: 39\nworkclass: State-gov\n", "It is a truth universally acknowledged…", "  indented\n\tand tabbed  ", ""];
    for (const t of texts) {
      expect(countTextTokens(t, "cl100k_base")).toBe(cl100k.encode(t).length);
      expect(countTextTokens(t, "o200k_base")).toBe(o200k.encode(t).length);
    }
  });

  it("the tiny model's char tokenizer counts one token per character, out-of-alphabet ones flagged", () => {
    const tok = loadAustenCharTokenizer();
    expect(tok.vocabSize).toBe(81);
    expect(countTextTokens("hello world", "char")).toBe(11);
    expect(countCharTokens('{"a": 1}')).toEqual({ tokens: 8, outOfVocabulary: 2 }); // { and } are not in Austen's alphabet
    expect(countCharTokens("£5")).toEqual({ tokens: 2, outOfVocabulary: 0 });
    expect(getTokenCounter("char").encode("ab")).toEqual(Array.from(tok.encode("ab")));
  });

  it("rejects an unknown tokenizer with the list of known ones", () => {
    expect(() => getTokenCounter("gpt2" as never)).toThrow(/o200k_base, cl100k_base, char/);
  });
});

describe("formats", () => {
  const recs: StructuredRecord[] = [
    { source: "adult", row: 0, value: { age: 39, workclass: "State-gov", native_country: null } },
    { source: "compas", row: 1, value: { id: 3, person: { sex: "Male", age: 34 }, two_year_recid: true } },
  ];

  it("serialises as pretty JSON, minified JSON and YAML, all reading back to the same value", () => {
    const v = recs[1]!.value;
    expect(serializeStructured(v, "json-min")).toBe('{"id":3,"person":{"sex":"Male","age":34},"two_year_recid":true}');
    expect(serializeStructured(v, "json-pretty")).toBe('{\n  "id": 3,\n  "person": {\n    "sex": "Male",\n    "age": 34\n  },\n  "two_year_recid": true\n}');
    expect(serializeStructured(v, "yaml")).toBe("id: 3\nperson:\n  sex: Male\n  age: 34\ntwo_year_recid: true\n");
  });

  it("countFormatTokens equals counting each serialisation directly", () => {
    const rows = countFormatTokens(recs, { tokenizers: ["cl100k_base", "char"] });
    expect(rows).toHaveLength(2 * 3 * 2);
    for (const r of rows) {
      const text = serializeStructured(recs[r.record]!.value, r.format);
      expect(r.tokens).toBe(r.tokenizer === "char" ? [...text].length : cl100k.encode(text).length);
      expect(r.chars).toBe(text.length);
    }
  });

  it("summarizeFormatTokens: means and ratios of totals, hand-computed", () => {
    const c = (record: number, format: FormatTokenCount["format"], tokens: number): FormatTokenCount => ({ source: "adult", record, format, tokenizer: "o200k_base", tokens, chars: tokens * 4 });
    const rows = summarizeFormatTokens([c(0, "json-pretty", 30), c(0, "json-min", 20), c(0, "yaml", 18), c(1, "json-pretty", 50), c(1, "json-min", 30), c(1, "yaml", 27)]);
    const yaml = rows.find((r) => r.source === "adult" && r.format === "yaml")!;
    expect(yaml.records).toBe(2);
    expect(yaml.meanTokens).toBe(22.5);
    expect(yaml.meanChars).toBe(90);
    expect(yaml.ratioToMinJson).toBeCloseTo(45 / 50, 12);
    expect(yaml.ratioToPrettyJson).toBeCloseTo(45 / 80, 12);
    expect(rows.find((r) => r.source === "all" && r.format === "json-min")!.ratioToMinJson).toBe(1);
    expect(rows).toHaveLength(6); // adult + all, 3 formats
  });
});
