import { existsSync, readFileSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import Papa from "papaparse";

/** A table read from a CSV file: column names in file order and one record per data line. */
export interface CsvTable {
  /** Column names from the header line, in order. */
  columns: string[];
  /** Data rows, values as strings exactly as in the file (quotes removed); objects without a prototype, so that any column name (even `__proto__`) is an ordinary key. */
  rows: Record<string, string>[];
  /** The file it came from. */
  file: string;
}

/**
 * Parses CSV text with a header line (RFC 4180: quoted fields may hold commas, quotes as `""`
 * and line breaks; CRLF or LF; blank lines skipped), using papaparse.
 * @param text the CSV text
 * @param where a name for error messages (file name)
 */
export function parseCsvTable(text: string, where = "CSV"): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // BOM
  if (body.trim() === "") throw new Error(`${where} is empty: expected a header line and data rows`);
  const res = Papa.parse<string[]>(body, { delimiter: ",", skipEmptyLines: true });
  if (res.errors.length > 0) {
    const e = res.errors[0]!;
    throw new Error(`${where}: CSV parse error at data row ${e.row ?? "?"}: ${e.message}`);
  }
  const [header, ...data] = res.data;
  if (!header) throw new Error(`${where} is empty: expected a header line`);
  const columns = header.map((c) => c.trim());
  const unnamed = columns.findIndex((c) => c === "");
  if (unnamed >= 0) {
    throw new Error(`${where}: column ${unnamed + 1} of the header has no name (an index column written by pandas? save with index=False, or name it)`);
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new Error(`${where}: column "${c}" appears twice in the header`);
    seen.add(c);
  }
  const rows = data.map((fields, i) => {
    if (fields.length !== columns.length) {
      throw new Error(
        `${where}: line ${i + 2} has ${fields.length} fields but the header has ${columns.length}; check quoting`,
      );
    }
    const row = Object.create(null) as Record<string, string>;
    columns.forEach((c, j) => (row[c] = fields[j]!));
    return row;
  });
  return { columns, rows, file: where };
}

/**
 * Reads a `.csv` or gzip-compressed `.csv.gz` file (detected by the gzip magic bytes, whatever
 * the extension) into a {@link CsvTable}. Clear errors for a missing file, an empty file and a
 * malformed line.
 * @param file path to the file
 */
export function readCsvTable(file: string): CsvTable {
  if (!existsSync(file)) throw new Error(`file not found: ${file} (check the path)`);
  if (!statSync(file).isFile()) throw new Error(`not a file: ${file}`);
  let buf = readFileSync(file);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (err) {
      throw new Error(`${file}: looks gzip-compressed but does not decompress (${(err as Error).message})`);
    }
  } else if (file.endsWith(".gz")) {
    throw new Error(`${file}: the name ends in .gz but the file is not gzip data`);
  }
  return parseCsvTable(buf.toString("utf8"), file);
}
