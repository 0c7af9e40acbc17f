/** One class and its frequency. */
export interface LabelCount {
  label: string;
  count: number;
  /** Fraction of all rows (0–1). */
  share: number;
}

/**
 * Counts rows per label, most frequent first (ties by label name).
 * @param key the label of a row; default its `label` property
 */
export function labelCounts<T>(rows: readonly T[], key: (row: T) => string = (r) => String((r as { label?: unknown }).label)): LabelCount[] {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()]
    .map(([label, count]) => ({ label, count, share: rows.length ? count / rows.length : 0 }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}
