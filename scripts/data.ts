/**
 * `npm run data -- <command>`
 *   list                   registered datasets with their splits and where their files are looked for
 *   verify [NAME ...]      check every file's SHA-256 (all datasets when no name is given); optional
 *                          files that are absent are reported "not shipped (optional)" and fail nothing
 *   fetch NAME [...]       make the files the course needs available: verified local copies, else a
 *                          download from the canonical URLs (or the canonical archive a file is
 *                          converted from, e.g. 20newsgroups) into the cache (never with MLSYS_OFFLINE=1)
 *     --split SPLIT        only the file of that split, e.g. `fetch ag_news --split train_full`
 *     --all                also the optional files (a dataset whose files are all optional, such
 *                          as 20newsgroups, is fetched whole without it)
 *   info NAME              the manifest: source, licence, citation, files, expected counts
 * Options: --quiet (verify: only problems and the summary)
 * An interrupted download resumes where it stopped when the same command runs again.
 */
import { listDatasets, getManifest, verifyDataset, ensureFile, fetchCommand, canDownload, defaultCacheDir, defaultMirrorDirs, datasetsDir, offlineMode, type DatasetManifest } from "../lib/data/index";

function takeOption(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value, e.g. npm run data -- fetch ag_news ${flag} train_full`);
  args.splice(i, 2);
  return v;
}

function filesToFetch(m: DatasetManifest, split: string | undefined, all: boolean): string[] {
  if (split !== undefined) {
    const s = m.splits[split];
    if (!s) throw new Error(`Dataset "${m.name}" has no split "${split}" (splits: ${Object.keys(m.splits).join(", ")}).`);
    return [s.file];
  }
  // a dataset that is optional as a whole (20 Newsgroups) is fetched whole when named
  const whole = m.files.every((f) => f.optional);
  return m.files.filter((f) => all || whole || !f.optional).map((f) => f.name);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quiet = args.includes("--quiet");
  const all = args.includes("--all");
  const split = takeOption(args, "--split");
  const [cmd, ...rest] = args.filter((a) => a !== "--quiet" && a !== "--all");
  const unknown = rest.find((a) => a.startsWith("--"));
  if (unknown) throw new Error(`Unknown option ${unknown}: see the usage at the top of scripts/data.ts.`);
  const names = rest.length ? rest : listDatasets();
  switch (cmd) {
    case "list": {
      console.log(`cache: ${defaultCacheDir()}\nshipped: ${datasetsDir()}\nmirrors: ${defaultMirrorDirs().join(", ") || "(none)"}\n`);
      for (const n of listDatasets()) {
        const m = getManifest(n);
        const optional = new Set(m.files.filter((f) => f.optional).map((f) => f.name));
        console.log(`${n.padEnd(14)} ${Object.entries(m.splits).map(([s, v]) => `${s}:${v.rows}${optional.has(v.file) ? " (optional)" : ""}`).join(" ")}  — ${m.title}`);
      }
      return 0;
    }
    case "verify": {
      let bad = 0;
      let neededBad = 0;
      let needed = 0;
      let absentOptional = 0;
      let presentOptional = 0;
      for (const n of names) {
        const m = getManifest(n);
        const st = await verifyDataset(n);
        for (const f of st.files) {
          if (!f.optional) needed++;
          if (f.ok) {
            if (f.optional) presentOptional++;
            if (!quiet) console.log(`✓ ${n}/${f.name}  ${f.source}: ${f.path}`);
          } else if (f.optional && f.missing) {
            absentOptional++;
            if (!quiet) console.log(`– ${n}/${f.name}: not shipped (optional)${canDownload(m.files.find((x) => x.name === f.name)!) ? `; \`${fetchCommand(m, f.name)}\` downloads it` : ""}`);
          } else {
            bad++;
            if (!f.optional) neededBad++;
            console.log(`✗ ${n}/${f.name}: ${f.problem}`);
          }
        }
      }
      console.log(
        `${needed - neededBad} of ${needed} needed files verified in ${names.length} dataset(s)` +
          (presentOptional ? `; ${presentOptional} optional file(s) present and verified` : "") +
          (absentOptional ? `; ${absentOptional} optional file(s) not shipped` : "") +
          (bad ? `; ${bad} missing or corrupt` : "") +
          ".",
      );
      return bad ? 1 : 0;
    }
    case "fetch": {
      if (!rest.length) throw new Error("fetch needs a dataset name: npm run data -- fetch r8 (or fetch ag_news --split train_full)");
      if (offlineMode()) console.log("MLSYS_OFFLINE=1: nothing will be downloaded; only local copies are checked.");
      let bad = 0;
      for (const n of rest) {
        const m = getManifest(n);
        for (const f of filesToFetch(m, split, all)) {
          try {
            console.log(`✓ ${n}/${f}: ${await ensureFile(n, f, { log: (s) => console.log(s) })}`);
          } catch (e) {
            bad++;
            console.log(`✗ ${(e as Error).message}`);
          }
        }
        if (split === undefined && !all) {
          for (const f of m.files.filter((x) => x.optional && canDownload(x) && !filesToFetch(m, undefined, false).includes(x.name))) console.log(`  (optional, not fetched: ${n}/${f.name}; \`${fetchCommand(m, f.name)}\` fetches it)`);
        }
      }
      return bad ? 1 : 0;
    }
    case "info": {
      for (const n of rest) console.log(JSON.stringify(getManifest(n), null, 2));
      return rest.length ? 0 : 2;
    }
    default:
      console.error("usage: npm run data -- list | verify [NAME ...] | fetch NAME ... [--split SPLIT | --all] | info NAME");
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
