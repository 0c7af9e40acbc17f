/**
 * Per-feature drift report between two CSV files (Evidently-style defaults).
 *
 *   npm run drift -- --reference A.csv --current B.csv [--json] [--columns a,b]
 *
 * Files may be .csv or .csv.gz. Prints a table, or with --json the report as JSON on the last line;
 * warnings (e.g. stray non-numbers dropped from a numeric column) are part of both.
 * Exit status: 0 report printed, 2 bad arguments, unreadable input, or files whose columns differ
 * (every missing and extra column is named; --columns picks the ones to test).
 */
import { driftReport, formatDriftReport, readCsvTable } from "../lib/drift";

const USAGE = "usage: npm run drift -- --reference A.csv[.gz] --current B.csv[.gz] [--json] [--columns a,b]";

interface Args {
  reference?: string;
  current?: string;
  json: boolean;
  columns?: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--reference":
        args.reference = value();
        break;
      case "--current":
        args.current = value();
        break;
      case "--columns":
        args.columns = value()
          .split(",")
          .map((c) => c.trim())
          .filter((c) => c !== "");
        break;
      case "--json":
        args.json = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument "${a}"\n${USAGE}`);
    }
  }
  if (!args.reference || !args.current) throw new Error(`both --reference and --current are required\n${USAGE}`);
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const ref = readCsvTable(args.reference!);
  const cur = readCsvTable(args.current!);
  if (ref.rows.length === 0) throw new Error(`${ref.file} has a header but no data rows`);
  if (cur.rows.length === 0) throw new Error(`${cur.file} has a header but no data rows`);
  const report = driftReport(ref.rows, cur.rows, {
    columns: args.columns,
    referenceColumns: ref.columns,
    currentColumns: cur.columns,
  });
  if (args.json) {
    console.log(JSON.stringify({ reference: ref.file, current: cur.file, ...report }));
  } else {
    console.log(`reference: ${ref.file} (${ref.rows.length} rows)   current: ${cur.file} (${cur.rows.length} rows)`);
    console.log(formatDriftReport(report));
  }
}

try {
  main();
} catch (err) {
  console.error(`drift: ${(err as Error).message}`);
  process.exit(2);
}
