import { z } from "zod";
import type { StructuredSource } from "./records";

const str = z.string();
const nstr = z.string().nullable();
const int = z.number().int();

/** Adult census row: 15 fields, the three with missing values nullable. */
const adultSchema = z
  .object({
    age: int,
    workclass: nstr,
    fnlwgt: int,
    education: str,
    education_num: int,
    marital_status: str,
    occupation: nstr,
    relationship: str,
    race: str,
    sex: str,
    capital_gain: int,
    capital_loss: int,
    hours_per_week: int,
    native_country: nstr,
    income: z.enum(["<=50K", ">50K"]),
  })
  .strict();

/** The nested COMPAS record of {@link loadStructuredRecords}. */
const compasSchema = z
  .object({
    id: int,
    person: z.object({ sex: str, age: int, age_cat: str, race: str }).strict(),
    charge: z.object({ degree: str, description: nstr, offense_date: nstr }).strict(),
    history: z.object({ priors_count: int, juv_fel_count: int, juv_misd_count: int }).strict(),
    score: z.object({ decile: int.min(1).max(10), text: z.enum(["Low", "Medium", "High"]) }).strict(),
    two_year_recid: z.boolean(),
  })
  .strict();

const fineFoodsSchema = z.object({ product: str, label: z.enum(["great", "other"]), review: str }).strict();

const agNewsSchema = z.object({ label: z.enum(["World", "Sports", "Business", "Sci/Tech"]), title: str, description: str }).strict();

/**
 * The zod schema of a source's records as {@link loadStructuredRecords} builds them (strict
 * objects: an extra key is an error, so prose that YAML reads as a key is caught).
 */
export function structuredRecordSchema(source: StructuredSource): z.ZodTypeAny {
  switch (source) {
    case "adult":
      return adultSchema;
    case "compas":
      return compasSchema;
    case "fine_foods":
      return fineFoodsSchema;
    case "ag_news":
      return agNewsSchema;
    default:
      throw new Error(`structuredRecordSchema: unknown source ${JSON.stringify(source)}; use adult, compas, fine_foods or ag_news.`);
  }
}

/** The field names of a source's records, for prompts ("answer with fields …"). Nested fields are dotted. */
export function structuredRecordFields(source: StructuredSource): string[] {
  const walk = (s: z.ZodTypeAny, prefix: string): string[] => {
    const shape = s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodTypeAny>) : undefined;
    if (!shape) return [prefix];
    return Object.entries(shape).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k));
  };
  return walk(structuredRecordSchema(source), "");
}
