import { loadRows, type TableRow } from "../data/load";
import { stratifiedSample } from "../data/sample";

/** Where a structured record came from. */
export type StructuredSource = "adult" | "compas" | "fine_foods" | "ag_news";

/** All sources, in table order. */
export const STRUCTURED_SOURCES: readonly StructuredSource[] = ["adult", "compas", "fine_foods", "ag_news"];

/** A JSON value (what JSON and the YAML core schema both can hold). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One record as a model would be asked to output it: a plain object. */
export interface StructuredRecord {
  /** Dataset it came from. */
  source: StructuredSource;
  /** Position of the row in its split (file order). */
  row: number;
  /** The object itself (plain JSON data). */
  value: { [key: string]: JsonValue };
}

/** Options of {@link loadStructuredRecords}. */
export interface StructuredRecordOptions {
  /** Records per source (stratified by the label). Default 100. */
  perSource?: number;
  /** Sampling seed. Default 42. */
  seed?: number;
  /** Sources to draw from. Default all four ({@link STRUCTURED_SOURCES}). */
  sources?: readonly StructuredSource[];
}

const AG_LABELS: Record<string, string> = { "1": "World", "2": "Sports", "3": "Business", "4": "Sci/Tech" };

/** Adult census row: the flat row as it is (15 fields, `null` where missing). */
function adultRecord(r: TableRow): { [key: string]: JsonValue } {
  return { ...r };
}

/**
 * COMPAS row, reshaped into a nested object (person, charge, history, score) such as an
 * extraction prompt would ask for: nesting is where YAML indentation matters.
 */
function compasRecord(r: TableRow): { [key: string]: JsonValue } {
  return {
    id: r.id ?? null,
    person: { sex: r.sex ?? null, age: r.age ?? null, age_cat: r.age_cat ?? null, race: r.race ?? null },
    charge: { degree: r.c_charge_degree ?? null, description: r.c_charge_desc ?? null, offense_date: r.c_offense_date ?? null },
    history: { priors_count: r.priors_count ?? null, juv_fel_count: r.juv_fel_count ?? null, juv_misd_count: r.juv_misd_count ?? null },
    score: { decile: r.decile_score ?? null, text: r.score_text ?? null },
    two_year_recid: r.two_year_recid === "1" || r.two_year_recid === 1,
  };
}

function fineFoodsRecord(r: TableRow): { [key: string]: JsonValue } {
  return { product: r.product ?? null, label: r.score ?? null, review: r.review ?? null };
}

function agNewsRecord(r: TableRow): { [key: string]: JsonValue } {
  const raw = String(r.label);
  return { label: AG_LABELS[raw] ?? raw, title: r.title ?? null, description: r.description ?? null };
}

/**
 * A few hundred plain-object records from the mirror's datasets, for token counting and the
 * repair corpus: adult census rows (flat, 15 fields), COMPAS rows (nested), Fine Foods reviews with
 * their label, AG News items with label, title and description. Each source is a seeded
 * stratified sample of the training split (`all` for COMPAS), rows in file order.
 * @param options perSource (100), seed (42), sources (all four)
 */
export async function loadStructuredRecords(options: StructuredRecordOptions = {}): Promise<StructuredRecord[]> {
  const perSource = options.perSource ?? 100;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(perSource) || perSource < 1) throw new RangeError(`loadStructuredRecords: perSource must be a positive integer, got ${perSource}.`);
  const out: StructuredRecord[] = [];
  for (const source of options.sources ?? STRUCTURED_SOURCES) {
    const spec = {
      adult: { split: "train", label: "income", make: adultRecord },
      compas: { split: "all", label: "two_year_recid", make: compasRecord },
      fine_foods: { split: "train", label: "score", make: fineFoodsRecord },
      ag_news: { split: "train", label: "label", make: agNewsRecord },
    }[source];
    if (!spec) throw new Error(`loadStructuredRecords: unknown source ${JSON.stringify(source)}; use ${STRUCTURED_SOURCES.join(", ")}.`);
    const rows = (await loadRows(source, spec.split)).map((r, i) => ({ r, i }));
    const picked = stratifiedSample(rows, perSource, { seed, key: (x) => String(x.r[spec.label]) });
    for (const { r, i } of picked) out.push({ source, row: i, value: spec.make(r) });
  }
  return out;
}
