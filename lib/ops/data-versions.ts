import { gzipSync } from "node:zlib";
import { sha256Hex } from "../onnx/artifact";

/** A row of a versioned table. */
export type VersionedRow = Record<string, unknown>;

/** Row-level diff of two versions of a table, by key. */
export interface KeyedDiff {
  added: string[];
  removed: string[];
  /** Keys whose row changed, with the columns that differ. */
  changed: { key: string; columns: string[] }[];
  unchanged: number;
  /** Columns present in only one version. */
  schema: { addedColumns: string[]; removedColumns: string[] };
  /** Per column: how many kept rows changed in it. */
  changedCellsByColumn: Record<string, number>;
}

function index(rows: readonly VersionedRow[], key: (r: VersionedRow) => string, which: string): Map<string, VersionedRow> {
  const m = new Map<string, VersionedRow>();
  for (const r of rows) {
    const k = key(r);
    if (m.has(k)) throw new Error(`diffByKey: key "${k}" appears twice in the ${which} version; choose a key that identifies one row.`);
    m.set(k, r);
  }
  return m;
}

const columnsOf = (rows: readonly VersionedRow[]): Set<string> => new Set(rows.flatMap((r) => Object.keys(r)));
const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));

/**
 * Diffs two versions of a table by key (rows matched by `key`, in any order): rows added, removed
 * and changed (with the columns that changed), columns added or removed, and changed cells per column.
 * @throws when a key is not unique within a version
 */
export function diffByKey(before: readonly VersionedRow[], after: readonly VersionedRow[], key: (r: VersionedRow) => string): KeyedDiff {
  const a = index(before, key, "first");
  const b = index(after, key, "second");
  const ca = columnsOf(before);
  const cb = columnsOf(after);
  const shared = [...ca].filter((c) => cb.has(c));
  const byCol: Record<string, number> = Object.fromEntries(shared.map((c) => [c, 0]));
  const changed: KeyedDiff["changed"] = [];
  let unchanged = 0;
  for (const [k, ra] of a) {
    const rb = b.get(k);
    if (!rb) continue;
    const cols = shared.filter((c) => !same(ra[c], rb[c]));
    cols.forEach((c) => byCol[c]!++);
    if (cols.length) changed.push({ key: k, columns: cols });
    else unchanged++;
  }
  return {
    added: [...b.keys()].filter((k) => !a.has(k)),
    removed: [...a.keys()].filter((k) => !b.has(k)),
    changed,
    unchanged,
    schema: { addedColumns: [...cb].filter((c) => !ca.has(c)), removedColumns: [...ca].filter((c) => !cb.has(c)) },
    changedCellsByColumn: byCol,
  };
}

/** What a positional line diff of two serialisations reports, beside the files' gzip bytes. */
export interface LineDiffStats {
  lines: number;
  /** Lines whose text differs at the same position (what a naive line diff flags). */
  differingLines: number;
  /** Share of byte positions that differ between the two gzip files. */
  gzipBytesDiffering: number;
}

/** Compares two texts line by line at the same positions, and their gzip compressions byte by byte. */
export function lineDiffStats(a: string, b: string): LineDiffStats {
  const la = a.split("\n");
  const lb = b.split("\n");
  const n = Math.max(la.length, lb.length);
  let d = 0;
  for (let i = 0; i < n; i++) if (la[i] !== lb[i]) d++;
  const ga = gzipSync(a, { level: 9 });
  const gb = gzipSync(b, { level: 9 });
  const m = Math.max(ga.length, gb.length);
  let bytes = 0;
  for (let i = 0; i < m; i++) if (ga[i] !== gb[i]) bytes++;
  return { lines: n, differingLines: d, gzipBytesDiffering: bytes / m };
}

function canonical(r: VersionedRow): string {
  return JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]));
}

/** A content-addressed snapshot: one SHA-256 per row and an id over the sorted row hashes. */
export interface Snapshot {
  /** SHA-256 over the sorted row hashes: the same rows in any order give the same id. */
  id: string;
  rows: number;
  /** Row hash → key (so two snapshots can be compared without the data). */
  rowHashes: Map<string, string>;
}

/** Content-addresses a table version: row order and key order inside a row do not change the id. */
export function snapshotOf(rows: readonly VersionedRow[], key: (r: VersionedRow) => string): Snapshot {
  const rowHashes = new Map<string, string>();
  for (const r of rows) rowHashes.set(sha256Hex(canonical(r)), key(r));
  return { id: sha256Hex([...rowHashes.keys()].sort().join("\n")), rows: rows.length, rowHashes };
}

/** A cell both sides of a merge changed differently. */
export interface MergeConflict {
  key: string;
  column: string;
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

/** Result of {@link threeWayMerge}. */
export interface MergeResult {
  /** Merged rows (conflicting cells keep `ours` until resolved). */
  merged: VersionedRow[];
  conflicts: MergeConflict[];
}

/**
 * Three-way merge of two edits of the same base table, cell by cell (like git, but by key and
 * column instead of by line): a cell changed on one side takes that change; changed on both sides
 * to different values is a conflict. Rows added on either side are kept; a row deleted on one side
 * and unchanged on the other is deleted; deleted on one side and edited on the other is a conflict
 * (column `"*"`).
 */
export function threeWayMerge(base: readonly VersionedRow[], ours: readonly VersionedRow[], theirs: readonly VersionedRow[], key: (r: VersionedRow) => string): MergeResult {
  const b = index(base, key, "base");
  const o = index(ours, key, "ours");
  const t = index(theirs, key, "theirs");
  const keys = [...new Set([...b.keys(), ...o.keys(), ...t.keys()])];
  const merged: VersionedRow[] = [];
  const conflicts: MergeConflict[] = [];
  for (const k of keys) {
    const rb = b.get(k);
    const ro = o.get(k);
    const rt = t.get(k);
    if (!rb) {
      if (ro && rt && canonical(ro) !== canonical(rt)) conflicts.push({ key: k, column: "*", base: undefined, ours: ro, theirs: rt });
      merged.push((ro ?? rt)!);
      continue;
    }
    if (!ro || !rt) {
      const other = ro ?? rt;
      if (other && canonical(other) !== canonical(rb)) {
        conflicts.push({ key: k, column: "*", base: rb, ours: ro, theirs: rt });
        merged.push(other);
      }
      continue;
    }
    const row: VersionedRow = {};
    for (const c of new Set([...Object.keys(rb), ...Object.keys(ro), ...Object.keys(rt)])) {
      const vb = rb[c];
      const vo = ro[c];
      const vt = rt[c];
      if (same(vo, vt) || same(vt, vb)) row[c] = vo;
      else if (same(vo, vb)) row[c] = vt;
      else {
        conflicts.push({ key: k, column: c, base: vb, ours: vo, theirs: vt });
        row[c] = vo;
      }
    }
    merged.push(row);
  }
  return { merged, conflicts };
}
