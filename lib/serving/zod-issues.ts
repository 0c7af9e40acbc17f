import type { z } from "zod";

/**
 * Turns zod issues into one sentence per problem, naming the field (e.g.
 * `inputs[2]: Expected string, received number`); `root` names the whole value when the path is empty.
 */
export function describeZodIssues(error: z.ZodError, root = "body"): string {
  return error.issues
    .map((i) => {
      const where = i.path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), "");
      return `${where || root}: ${i.message}`;
    })
    .join("; ");
}
