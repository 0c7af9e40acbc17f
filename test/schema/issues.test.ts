import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodIssues, formatIssuePath } from "../../lib/schema/index";

describe("zod issues in words", () => {
  it("writes paths as a reader types them", () => {
    expect(formatIssuePath(["inputs", 2])).toBe("inputs[2]");
    expect(formatIssuePath(["a", "b", 0, "c"])).toBe("a.b[0].c");
    expect(formatIssuePath(["rows", 2, "marital-status"])).toBe('rows[2]["marital-status"]');
    expect(formatIssuePath([])).toBe("(root)");
    expect(formatIssuePath([], "body")).toBe("body");
  });

  it("describes every issue of a failed parse, naming the field", () => {
    const schema = z.object({ model: z.string(), inputs: z.array(z.string()) });
    const r = schema.safeParse({ inputs: ["a", "b", 3] });
    expect(r.success).toBe(false);
    const text = describeZodIssues(r.error!, "body");
    expect(text.split("; ")).toHaveLength(2);
    expect(text).toMatch(/^model: Required; inputs\[2\]: Expected string, received number$/);
    const whole = z.string().safeParse(5);
    expect(describeZodIssues(whole.error!, "body")).toBe("body: Expected string, received number");
  });
});
