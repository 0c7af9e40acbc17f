import { describe, it, expect, beforeAll } from "vitest";
import * as YAML from "yaml";
import {
  repairStructuredOutput,
  extractCodeFence,
  loadStructuredRecords,
  buildMalformedCorpus,
  serializeStructured,
  jsonValuesEqual,
  parseSyntax,
  STRUCTURED_FORMATS,
  type StructuredRecord,
} from "../../lib/structured/index";

/** Repairs and returns the parsed value (fails the test when it does not parse). */
function fixed(text: string, options: Parameters<typeof repairStructuredOutput>[1] = {}): unknown {
  const r = repairStructuredOutput(text, options);
  expect(r.parses, `did not parse after repair: ${JSON.stringify(r.text)}`).toBe(true);
  return r.value;
}

describe("repair: each error class on hand-made cases", () => {
  it("markdown code fences (with and without language, unclosed, inline)", () => {
    expect(fixed('```json\n{"a": [1, 2]}\n```')).toEqual({ a: [1, 2] });
    expect(fixed('```\n{"a": 1}\n```')).toEqual({ a: 1 });
    expect(fixed('```json\n{"a": 1}\n')).toEqual({ a: 1 });
    expect(fixed('```{"a": 1}```')).toEqual({ a: 1 });
    expect(fixed("```yaml\nname: Ann\nage: 41\n```")).toEqual({ name: "Ann", age: 41 });
    expect(repairStructuredOutput('```json\n{"a": 1}\n```').repairs).toEqual(["fence"]);
    expect(extractCodeFence("no fence")).toBeUndefined();
  });

  it("leading and trailing prose", () => {
    expect(fixed('Here is the JSON: {"a": 1} as requested.')).toEqual({ a: 1 });
    expect(fixed('Sure! Here is the record:\n\n{"a": {"b": "}"}}\n\nHope this helps.')).toEqual({ a: { b: "}" } });
    expect(fixed("Sure, here is the record in YAML.\nname: x\nage: 3\n\nLet me know if you need anything else!", { syntax: "yaml" })).toEqual({ name: "x", age: 3 });
    const r = repairStructuredOutput('Sure!\n```json\n{"a": 1}\n```\nDone.');
    expect(r.repairs).toEqual(["fence", "prose"]);
  });

  it("trailing (and doubled) commas", () => {
    expect(fixed('{"a": 1, "b": [1, 2,], }')).toEqual({ a: 1, b: [1, 2] });
    expect(fixed('[1,, 2,]')).toEqual([1, 2]);
    expect(repairStructuredOutput('{"a": 1,}').repairs).toEqual(["trailing-commas"]);
  });

  it("unquoted keys (identifier-like, with hyphens too)", () => {
    expect(fixed('{name: "Ann", marital-status: "single", $id: 3}')).toEqual({ name: "Ann", "marital-status": "single", $id: 3 });
    expect(repairStructuredOutput("{a: 1}").repairs).toEqual(["unquoted-keys"]);
  });

  it("single quotes, escapes and apostrophes inside them", () => {
    expect(fixed("{'a': 'it\\'s', 'b': \"q\", 'c': 'say \"hi\"'}")).toEqual({ a: "it's", b: "q", c: 'say "hi"' });
    expect(fixed("{'t': 'tab\\there'}")).toEqual({ t: "tab\there" });
  });

  it("Python literals, in JSON always; in YAML None only where valid text fails (True/False are YAML booleans)", () => {
    expect(fixed('{"ok": True, "n": None, "f": False, "s": "None"}')).toEqual({ ok: true, n: null, f: false, s: "None" });
    expect(fixed("name: x\nok: True\nage: None\n", { syntax: "yaml" })).toEqual({ name: "x", ok: true, age: "None" }); // valid YAML: left alone
    expect(fixed("name: x\nok: True\nage: None\n", { syntax: "yaml", trustValid: false })).toEqual({ name: "x", ok: true, age: null });
  });

  it("comments: //, /* */ and # in JSON (not inside strings)", () => {
    expect(fixed('{\n  "a": 1, // one\n  "b": /* two */ 2, # three\n  "url": "http://x.org/#top"\n}')).toEqual({ a: 1, b: 2, url: "http://x.org/#top" });
  });

  it("missing commas and raw line breaks inside strings", () => {
    expect(fixed('{"a": 1\n "b": "two\nlines"}')).toEqual({ a: 1, b: "two\nlines" });
  });

  it("truncation in JSON: the cut value is dropped by default, closed with truncated: keep", () => {
    expect(fixed('{"a": 1, "b": "hello wor')).toEqual({ a: 1 });
    expect(fixed('{"a": 1, "b": "hello wor', { truncated: "keep" })).toEqual({ a: 1, b: "hello wor" });
    expect(fixed('{"a": 0, "b": [1, 2, 3')).toEqual({ a: 0 }); // an open list is dropped whole: it was being written
    expect(fixed('{"a": [1, 2, 3', { truncated: "keep" })).toEqual({ a: [1, 2, 3] });
    expect(fixed('{"a": [1, 2, 3, ', { truncated: "keep" })).toEqual({ a: [1, 2, 3] });
    expect(fixed('[1, 2, 3')).toEqual([1, 2]); // the root keeps its complete members (3 may have been 30)
    expect(fixed('{"a": 1, "b"')).toEqual({ a: 1 });
    expect(fixed('{"a": 1, "b":')).toEqual({ a: 1 });
    expect(fixed('{"a": {"b": 1}, "c": tr', { truncated: "keep" })).toEqual({ a: { b: 1 }, c: true });
    expect(fixed('[{"a": 1}, {"a": 2}, {"a": 3')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(fixed('{"z": 0, "a": {"b": 1, "c": "x')).toEqual({ z: 0 });
    expect(fixed('{"z": 0, "a": {"b": 1, "c": "x', { truncated: "keep" })).toEqual({ z: 0, a: { b: 1, c: "x" } });
    expect(repairStructuredOutput('{"a": 1, "b": "x').repairs).toEqual(["truncation"]);
  });

  it("truncation in YAML: an unterminated quote drops its entry (or is closed), a cut last line is dropped", () => {
    expect(fixed('name: x\ntitle: "unterminated', { syntax: "yaml" })).toEqual({ name: "x" });
    expect(fixed('name: x\ntitle: "unterminated', { syntax: "yaml", truncated: "keep" })).toEqual({ name: "x", title: "unterminated" });
    expect(fixed("name: x\nage: 3\neduca", { syntax: "yaml" })).toEqual({ name: "x", age: 3 });
  });

  it("tabs as YAML indentation", () => {
    expect(fixed("person:\n\tname: Ann\n\tage: 41", { syntax: "yaml" })).toEqual({ person: { name: "Ann", age: 41 } });
    expect(fixed("a:\n\tb:\n\t\tc: 1\nd: 2", { syntax: "yaml" })).toEqual({ a: { b: { c: 1 } }, d: 2 });
  });

  it("inconsistent YAML indentation", () => {
    expect(fixed("a: 1\n b: 2\nc: 3", { syntax: "yaml" })).toEqual({ a: 1, b: 2, c: 3 });
    expect(fixed("a:\n  x: 1\n   y: 2\nb: 3", { syntax: "yaml" })).toEqual({ a: { x: 1, y: 2 }, b: 3 });
    expect(fixed("a:\n    x: 1\n  y: 2\nb: 3", { syntax: "yaml" })).toEqual({ a: { x: 1, y: 2 }, b: 3 });
    expect(fixed("a:\n  x: 1\n y:\n  z: 2", { syntax: "yaml" })).toEqual({ a: { x: 1 }, y: { z: 2 } }); // a block opener between levels goes up
    expect(fixed("items:\n  - name: a\n    v: 1\n  - name: b\n     v: 2", { syntax: "yaml" })).toEqual({ items: [{ name: "a", v: 1 }, { name: "b", v: 2 }] });
    // continuation lines of a folded string move with their entry
    expect(fixed("a: 1\n b: one two\n   three - four\nc: 3", { syntax: "yaml" })).toEqual({ a: 1, b: "one two three - four", c: 3 });
  });

  it("several classes at once", () => {
    expect(fixed("Sure!\n```json\n{name: 'Ann', // the name\n age: 41, ok: True,}\n```\nHope this helps.")).toEqual({ name: "Ann", age: 41, ok: true });
  });

  it("gives up cleanly on text with no structure, and rejects a non-string", () => {
    const r = repairStructuredOutput("I could not find a record in the input.");
    expect(r.parses).toBe(false);
    expect(r.value).toBeUndefined();
    expect(() => repairStructuredOutput(undefined as never)).toThrow(/expected the model's output as a string/);
    expect(() => repairStructuredOutput("{}", { truncated: "cut" as never })).toThrow(/"drop" or "keep"/);
  });
});

describe("repair is conservative (property tests over the records)", () => {
  let records: StructuredRecord[];
  beforeAll(async () => {
    records = await loadStructuredRecords({ perSource: 15, seed: 7 });
  });

  it("every valid serialisation (pretty JSON, minified JSON, YAML) comes back unchanged", () => {
    expect(records).toHaveLength(60);
    for (const r of records)
      for (const f of STRUCTURED_FORMATS) {
        const text = serializeStructured(r.value, f);
        const syntax = f === "yaml" ? "yaml" : "json";
        const out = repairStructuredOutput(text, { syntax });
        expect(out.text).toBe(text);
        expect(out.repairs).toEqual([]);
        expect(jsonValuesEqual(out.value, r.value)).toBe(true);
        expect(repairStructuredOutput(text).value).toEqual(out.value); // auto-detected syntax too
      }
  });

  it("even forced through every step (trustValid: false), valid text keeps its value", () => {
    for (const r of records)
      for (const f of STRUCTURED_FORMATS) {
        const text = serializeStructured(r.value, f);
        const out = repairStructuredOutput(text, { syntax: f === "yaml" ? "yaml" : "json", trustValid: false });
        expect(out.parses).toBe(true);
        expect(jsonValuesEqual(out.value, r.value), `${r.source} ${f}: ${out.repairs}`).toBe(true);
      }
  });

  it("corpus outputs that are still valid parse to the same value after repair", () => {
    const corpus = buildMalformedCorpus(records, { seed: 3 });
    let valid = 0;
    for (const it of corpus) {
      const raw = parseSyntax(it.text, it.syntax);
      if (!raw.ok || typeof raw.value !== "object" || raw.value === null) continue;
      valid++;
      const out = repairStructuredOutput(it.text, { syntax: it.syntax });
      expect(out.text).toBe(it.text);
      expect(out.value).toEqual(raw.value);
    }
    expect(valid).toBeGreaterThan(20);
  });

  it("JSON re-emitted by the YAML library is also left alone", () => {
    for (const r of records.slice(0, 10)) {
      const flow = YAML.stringify(r.value, { collectionStyle: "flow" });
      expect(repairStructuredOutput(flow, { syntax: "yaml" }).text).toBe(flow);
    }
  });
});
