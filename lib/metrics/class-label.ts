/** A class label: a string, number or boolean. */
export type ClassLabel = string | number | boolean;

/** Sorts labels like scikit-learn's `unique_labels`: numbers ascending, then strings/booleans by their text. */
export function sortClassLabels<L extends ClassLabel>(labels: Iterable<L>): L[] {
  return [...new Set(labels)].sort((a, b) => {
    const na = typeof a === "number";
    const nb = typeof b === "number";
    if (na && nb) return (a as number) - (b as number);
    if (na !== nb) return na ? -1 : 1;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}
