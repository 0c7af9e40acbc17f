/**
 * Which columns a tabular model reads and what it predicts: the part of a task that
 * `TabularClassifier` needs.
 */
export interface TabularTaskColumns {
  /** Label column. */
  label: string;
  /** Label value that counts as the positive class (compared as text, so `1` and `"1"` match). */
  positive: string | number;
  /** Numeric feature columns. */
  numeric: readonly string[];
  /** Categorical feature columns. */
  categorical: readonly string[];
}

/** A ready-made binary prediction task on one of the course's tabular datasets, with its choices written down. */
export interface TabularTask extends TabularTaskColumns {
  /** Dataset name for `loadRows`. */
  dataset: string;
  /** Splits to load: `{ train, test }` when the dataset has both, `{ all }` when it must be split by hand. */
  splits: { train: string; test: string } | { all: string };
  /** Sensitive attributes to audit (fairness by group). They are features too unless removed with {@link withoutTaskColumns}. */
  sensitive: readonly string[];
  /** Columns deliberately not used, each with the reason (leakage, duplicates, identifiers, the audited score). */
  excluded: Readonly<Record<string, string>>;
}

/**
 * UCI Adult: predict income >50K from census attributes (train 32,561 / test 16,281). `fnlwgt`
 * (a sampling weight) and `education` (the same information as `education_num`) are left out.
 */
export const ADULT_INCOME_TASK: TabularTask = {
  dataset: "adult",
  splits: { train: "train", test: "test" },
  label: "income",
  positive: ">50K",
  numeric: ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"],
  categorical: ["workclass", "marital_status", "occupation", "relationship", "race", "sex", "native_country"],
  sensitive: ["sex", "race"],
  excluded: {
    fnlwgt: "census sampling weight, not an attribute of the person",
    education: "the same information as education_num (a numeric recoding of it)",
  },
};

const COMPAS_AFTER_SCREENING = "describes what happened after the COMPAS screening (the outcome being predicted): leakage";

/**
 * ProPublica COMPAS: predict re-arrest within two years (`two_year_recid`) from what was known at
 * screening: age, sex, race, juvenile and prior counts, charge degree (7,214 rows, no given split).
 * Every column describing the future (is_recid, r_*, vr_*, event, start/end, custody dates) is
 * excluded as leakage (datasets/compas.json: is_recid alone matches the label in 6,994 of 7,214
 * rows), and so are COMPAS's own scores, which are what the lesson audits.
 */
export const COMPAS_RECIDIVISM_TASK: TabularTask = {
  dataset: "compas",
  splits: { all: "all" },
  label: "two_year_recid",
  positive: 1,
  numeric: ["age", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count"],
  categorical: ["sex", "race", "c_charge_degree"],
  sensitive: ["race", "sex"],
  excluded: {
    is_recid: COMPAS_AFTER_SCREENING,
    r_case_number: COMPAS_AFTER_SCREENING,
    r_charge_degree: COMPAS_AFTER_SCREENING,
    r_days_from_arrest: COMPAS_AFTER_SCREENING,
    r_offense_date: COMPAS_AFTER_SCREENING,
    r_charge_desc: COMPAS_AFTER_SCREENING,
    r_jail_in: COMPAS_AFTER_SCREENING,
    r_jail_out: COMPAS_AFTER_SCREENING,
    violent_recid: COMPAS_AFTER_SCREENING + " (and empty in every row)",
    is_violent_recid: COMPAS_AFTER_SCREENING,
    vr_case_number: COMPAS_AFTER_SCREENING,
    vr_charge_degree: COMPAS_AFTER_SCREENING,
    vr_offense_date: COMPAS_AFTER_SCREENING,
    vr_charge_desc: COMPAS_AFTER_SCREENING,
    event: COMPAS_AFTER_SCREENING,
    start: COMPAS_AFTER_SCREENING,
    end: COMPAS_AFTER_SCREENING,
    in_custody: COMPAS_AFTER_SCREENING,
    out_custody: COMPAS_AFTER_SCREENING,
    c_jail_out: "release date of the current charge, which can fall after screening: leakage risk",
    decile_score: "COMPAS's own risk score: the prediction being audited, not an input",
    score_text: "COMPAS's own risk category: the prediction being audited",
    v_decile_score: "COMPAS's violence score: the prediction being audited",
    v_score_text: "COMPAS's violence category: the prediction being audited",
    age_cat: "a binned copy of age",
    id: "row identifier",
    c_case_number: "case identifier",
    dob: "date of birth (identifying; age carries it)",
    c_charge_desc: "free-text charge description with hundreds of rare values (c_charge_degree kept)",
    days_b_screening_arrest: "data-quality field ProPublica filters on (empty in 307 rows), not a defendant attribute",
    c_days_from_compas: "administrative timing between arrest and screening",
  },
};

/**
 * Boston HMDA: predict mortgage denial (`deny` = yes) from debt ratios, credit history and applicant
 * attributes (2,380 rows, no given split). `insurance` (denied mortgage insurance) is excluded: it
 * is a third-party decision that nearly equals the label (44 of 48 denied insurance were denied).
 */
export const HMDA_DENIAL_TASK: TabularTask = {
  dataset: "hmda",
  splits: { all: "all" },
  label: "deny",
  positive: "yes",
  numeric: ["pirat", "hirat", "lvrat", "unemp"],
  categorical: ["chist", "mhist", "phist", "selfemp", "condomin", "afam", "single", "hschool"],
  sensitive: ["afam"],
  excluded: {
    insurance: "denial of mortgage insurance: a third-party decision that is almost a proxy for the label (leakage risk)",
  },
};

/**
 * A copy of `task` without some feature columns, e.g. to train "without the sensitive attribute"
 * (fairness through unawareness) and measure whether the group gaps actually shrink. The removed
 * columns are added to `excluded` with the given reason.
 * @param task the task to copy
 * @param columns columns to drop from `numeric` and `categorical`
 * @param reason why they are dropped; default `"removed on purpose"`
 */
export function withoutTaskColumns<T extends TabularTask>(task: T, columns: readonly string[], reason = "removed on purpose"): T {
  const known = new Set([...task.numeric, ...task.categorical]);
  for (const c of columns) if (!known.has(c)) throw new RangeError(`withoutTaskColumns: "${c}" is not a feature of the ${task.dataset} task (features: ${[...known].join(", ")}).`);
  const drop = new Set(columns);
  return {
    ...task,
    numeric: task.numeric.filter((c) => !drop.has(c)),
    categorical: task.categorical.filter((c) => !drop.has(c)),
    excluded: { ...task.excluded, ...Object.fromEntries(columns.map((c) => [c, reason])) },
  };
}
