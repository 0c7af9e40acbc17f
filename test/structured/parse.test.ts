import { describe, it, expect } from "vitest";
import { z } from "zod";
import { formatIssuePath } from "../../lib/schema/index";
import { parseStructuredOutput, guessSyntax, parseSyntax, jsonErrorOffset, structuredRecordSchema, structuredRecordFields } from "../../lib/structured/index";

const schema = z
  .object({
    name: z.string(),
    person: z.object({ age: z.number(), tags: z.array(z.string()) }).strict(),
    label: z.enum(["great", "other"]).optional(),
  })
  .strict();

describe("parseStructuredOutput: validation messages name the path", () => {
  it("valid JSON and YAML give {ok: true, value}", () => {
    const want = { name: "Ann", person: { age: 41, tags: ["a"] } };
    expect(parseStructuredOutput('{"name": "Ann", "person": {"age": 41, "tags": ["a"]}}', schema)).toEqual({ ok: true, value: want, syntax: "json", repairs: [] });
    expect(parseStructuredOutput("name: Ann\nperson:\n  age: 41\n  tags: [a]\n", schema)).toEqual({ ok: true, value: want, syntax: "yaml", repairs: [] });
  });

  it("schema errors: one per problem, with path and what was expected and found", () => {
    const r = parseStructuredOutput('{"name": 1, "person": {"age": "41", "tags": ["a", 2]}, "label": "bad", "x": 1}', schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { kind: "schema", path: "name", message: "expected string, found number 1" },
      { kind: "schema", path: "person.age", message: 'expected number, found the string "41"' },
      { kind: "schema", path: "person.tags[1]", message: "expected string, found number 2" },
      { kind: "schema", path: "label", message: 'expected one of "great", "other", found the string "bad"' },
      { kind: "schema", path: "(root)", message: 'unexpected key(s) "x"' },
    ]);
  });

  it("a missing field says so; unusual keys are bracketed", () => {
    const r = parseStructuredOutput("name: a\nperson:\n  tags: []\n", schema);
    expect(r.ok === false && r.errors).toEqual([{ kind: "schema", path: "person.age", message: "missing: a required number field" }]);
    expect(formatIssuePath(["rows", 2, "marital-status"])).toBe('rows[2]["marital-status"]');
    expect(formatIssuePath([])).toBe("(root)");
  });

  it("syntax errors carry line and column", () => {
    const j = parseStructuredOutput('{\n  "name": "a",\n  "person": }', schema, { syntax: "json" });
    expect(j.ok).toBe(false);
    if (!j.ok) {
      expect(j.errors[0]).toEqual({ kind: "syntax", path: "(document)", message: 'not valid JSON: unexpected "}"', line: 3, column: 13 });
    }
    const y = parseStructuredOutput("name: a\n b: 2", schema, { syntax: "yaml" });
    expect(y.ok).toBe(false);
    if (!y.ok) expect(y.errors[0]).toMatchObject({ kind: "syntax", line: 1, column: 7 });
    const end = parseSyntax('{"a": ', "json");
    expect(end.ok === false && end.errors[0]).toMatchObject({ message: "not valid JSON: unexpected end of input", line: 1, column: 7 });
  });

  it("with repair: broken output is repaired, valid output that fails the schema gets the forced repairs", () => {
    const broken = "Sure!\n```json\n{name: 'Ann', person: {age: 41, tags: ['a',],},}\n```";
    expect(parseStructuredOutput(broken, schema).ok).toBe(false);
    const r = parseStructuredOutput(broken, schema, { repair: true });
    expect(r).toEqual({ ok: true, value: { name: "Ann", person: { age: 41, tags: ["a"] } }, syntax: "json", repairs: ["fence", "prose", "single-quotes", "unquoted-keys", "trailing-commas"] });
    // YAML reads "Output:" as a key: valid YAML, but the strict schema rejects it; the forced repair drops it
    const prose = parseStructuredOutput("Output:\nname: a\nperson:\n  age: 3\n  tags: [x]\n", schema, { repair: true });
    expect(prose).toMatchObject({ ok: true, value: { name: "a", person: { age: 3, tags: ["x"] } }, repairs: ["prose"] });
    // YAML reads None as a string
    const none = parseStructuredOutput("name: a\nperson:\n  age: None\n  tags: []\n", z.object({ name: z.string(), person: z.object({ age: z.number().nullable(), tags: z.array(z.string()) }) }), { repair: true });
    expect(none).toMatchObject({ ok: true, value: { person: { age: null } }, repairs: ["python-literals"] });
  });

  it("a truncated output that loses a required field still fails, naming the field", () => {
    // the list being written when the cut came is dropped whole, not passed on one item short
    const r = parseStructuredOutput('{"name": "Ann", "person": {"age": 41, "tags": ["a", "b', schema, { repair: true });
    expect(r.ok === false && r.errors).toEqual([{ kind: "schema", path: "person", message: "missing: a required object field" }]);
    expect(r.repairs).toEqual(["truncation"]);
    const cut = parseStructuredOutput('{"person": {"age": 41, "tags": []}, "name": "An', schema, { repair: true });
    expect(cut.ok === false && cut.errors).toEqual([{ kind: "schema", path: "name", message: "missing: a required string field" }]);
    const kept = parseStructuredOutput('{"person": {"age": 41, "tags": []}, "name": "An', schema, { repair: true, truncated: "keep" });
    expect(kept).toMatchObject({ ok: true, value: { name: "An" } }); // the silent error "keep" risks
  });

  it("guesses the syntax and rejects bad arguments", () => {
    expect(guessSyntax('  {"a": 1}')).toBe("json");
    expect(guessSyntax("Here you go:\n[1, 2]")).toBe("json");
    expect(guessSyntax("```yaml\na: 1\n```")).toBe("yaml");
    expect(guessSyntax("a: 1")).toBe("yaml");
    expect(() => parseStructuredOutput("{}", {} as never)).toThrow(/zod schema/);
    expect(() => parseStructuredOutput("{}", schema, { syntax: "toml" as never })).toThrow(/"json", "yaml" or "auto"/);
  });

  it("the records' schemas and field lists", () => {
    expect(structuredRecordFields("ag_news")).toEqual(["label", "title", "description"]);
    expect(structuredRecordFields("compas")).toContain("person.age");
    expect(structuredRecordSchema("fine_foods").safeParse({ product: "B0", label: "great", review: "ok" }).success).toBe(true);
    expect(() => structuredRecordSchema("iris" as never)).toThrow(/unknown source "iris"/);
  });
});

describe("jsonErrorOffset", () => {
  it("is -1 exactly when JSON.parse accepts, and points at the first bad character", () => {
    const texts = ['{"a": [1, 2.5e-3, true, null, "x\\u00e9"]}', "[]", " 0 ", '{"a": 1,}', '{"a" 1}', "[1 2]", '"\\x"', "01", "-", '{"a": "b', "tru", '{"a": 1} x', '"tab\there"'];
    for (const t of texts) {
      let valid = true;
      try {
        JSON.parse(t);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(t) === -1, t).toBe(valid);
    }
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset("[1 2]")).toBe(3);
    expect(jsonErrorOffset('{"a": "b')).toBe(8);
  });
});
