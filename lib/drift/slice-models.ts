/** Options of {@link compareSliceModels}. */
export interface SliceModelOptions<T, M> {
  /** The slice a row belongs to (e.g. day of week, region, customer group). */
  sliceOf: (row: T) => string;
  /** Trains a binary model on rows. */
  fit: (rows: T[]) => M;
  /** Probability of the positive class for each row, same order. */
  predictProba: (model: M, rows: T[]) => readonly number[];
  /** 1 for a positive row, 0 otherwise. */
  label: (row: T) => 0 | 1;
  /** Weight of the slice model in the ensemble `w·p_slice + (1 − w)·p_global`. Default `0.5`. */
  ensembleWeight?: number;
  /** Slices with fewer training rows (or only one class) get no model of their own and use the global one. Default `50`. */
  minSliceRows?: number;
  /** Decision threshold on the probability. Default `0.5`. */
  threshold?: number;
}

/** One slice of {@link compareSliceModels}. */
export interface SliceComparisonRow {
  slice: string;
  trainRows: number;
  testRows: number;
  /** Whether the slice had enough rows (and both classes) for its own model. */
  ownModel: boolean;
  globalAccuracy: number;
  sliceAccuracy: number;
  ensembleAccuracy: number;
}

/** Result of {@link compareSliceModels}: accuracy on the test rows of the three set-ups. */
export interface SliceComparison {
  /** One model for all rows. */
  globalAccuracy: number;
  /** One model per slice (the global one for slices too small for their own). */
  sliceAccuracy: number;
  /** Average of the slice model's and the global model's probabilities. */
  ensembleAccuracy: number;
  /** Models trained: 1 global + one per slice that got its own. */
  models: number;
  /** Per slice, sorted by slice name. */
  slices: SliceComparisonRow[];
}

/**
 * "You only have a few models"? A product often has one model per data slice, or an ensemble of
 * several. Trains one global model, one model per slice, and scores a simple ensemble (weighted
 * mean of the slice and global probabilities) on the same test rows, overall and per slice.
 * @param train training rows
 * @param test test rows (ideally later in time than `train`)
 * @param options see {@link SliceModelOptions}
 */
export function compareSliceModels<T, M>(train: readonly T[], test: readonly T[], options: SliceModelOptions<T, M>): SliceComparison {
  const w = options.ensembleWeight ?? 0.5;
  const minRows = options.minSliceRows ?? 50;
  const threshold = options.threshold ?? 0.5;
  if (!(w >= 0 && w <= 1)) throw new RangeError(`compareSliceModels: ensembleWeight must be in [0, 1], got ${w}`);
  if (train.length === 0 || test.length === 0) throw new Error(`compareSliceModels: need training and test rows (got ${train.length} and ${test.length})`);
  const group = (rows: readonly T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = options.sliceOf(r);
      const g = m.get(k);
      if (g) g.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const global = options.fit(train.slice());
  const trainBy = group(train);
  const testBy = group(test);
  const slices: SliceComparisonRow[] = [];
  let okG = 0;
  let okS = 0;
  let okE = 0;
  let models = 1;
  for (const slice of [...testBy.keys()].sort()) {
    const te = testBy.get(slice)!;
    const tr = trainBy.get(slice) ?? [];
    const classes = new Set(tr.map(options.label));
    const own = tr.length >= minRows && classes.size === 2;
    const pg = options.predictProba(global, te);
    let ps = pg;
    if (own) {
      ps = options.predictProba(options.fit(tr), te);
      models++;
    }
    let g = 0;
    let s = 0;
    let e = 0;
    te.forEach((row, i) => {
      const y = options.label(row);
      if ((pg[i]! >= threshold ? 1 : 0) === y) g++;
      if ((ps[i]! >= threshold ? 1 : 0) === y) s++;
      if ((w * ps[i]! + (1 - w) * pg[i]! >= threshold ? 1 : 0) === y) e++;
    });
    okG += g;
    okS += s;
    okE += e;
    slices.push({ slice, trainRows: tr.length, testRows: te.length, ownModel: own, globalAccuracy: g / te.length, sliceAccuracy: s / te.length, ensembleAccuracy: e / te.length });
  }
  const n = test.length;
  return { globalAccuracy: okG / n, sliceAccuracy: okS / n, ensembleAccuracy: okE / n, models, slices };
}
