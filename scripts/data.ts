/**
 * `npm run data -- <command>`
 *   list                 registered datasets with their splits and where their files are found
 *   verify [NAME ...]    check every file's SHA-256 (all datasets when no name is given)
 *   fetch NAME           download missing files from the canonical URLs into the cache, verified
 *   info NAME            the manifest: source, licence, citation, files, expected counts
 * Options: --quiet (verify: only problems and the summary)
 */
import { listDatasets, getManifest, verifyDataset, ensureFile, defaultCacheDir, defaultMirrorDirs } from "../lib/data/index";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quiet = args.includes("--quiet");
  const [cmd, ...rest] = args.filter((a) => a !== "--quiet");
  const names = rest.length ? rest : listDatasets();
  switch (cmd) {
    case "list": {
      console.log(`cache: ${defaultCacheDir()}\nmirrors: ${defaultMirrorDirs().join(", ") || "(none)"}\n`);
      for (const n of listDatasets()) {
        const m = getManifest(n);
        console.log(`${n.padEnd(14)} ${Object.entries(m.splits).map(([s, v]) => `${s}:${v.rows}`).join(" ")}  — ${m.title}`);
      }
      return 0;
    }
    case "verify": {
      let bad = 0;
      let files = 0;
      for (const n of names) {
        const st = await verifyDataset(n);
        for (const f of st.files) {
          files++;
          if (!f.ok) bad++;
          if (!f.ok) console.log(`✗ ${n}/${f.name}: ${f.problem}`);
          else if (!quiet) console.log(`✓ ${n}/${f.name}  ${f.path}`);
        }
      }
      console.log(`${files - bad} of ${files} files verified in ${names.length} dataset(s)${bad ? `; ${bad} missing or corrupt` : ""}.`);
      return bad ? 1 : 0;
    }
    case "fetch": {
      if (!rest.length) throw new Error("fetch needs a dataset name: npm run data -- fetch r8");
      let bad = 0;
      for (const n of rest) {
        for (const f of getManifest(n).files) {
          try {
            console.log(`✓ ${n}/${f.name}: ${await ensureFile(n, f.name, { download: true, log: (s) => console.log(s) })}`);
          } catch (e) {
            bad++;
            console.log(`✗ ${(e as Error).message}`);
          }
        }
      }
      return bad ? 1 : 0;
    }
    case "info": {
      for (const n of rest) console.log(JSON.stringify(getManifest(n), null, 2));
      return rest.length ? 0 : 2;
    }
    default:
      console.error("usage: npm run data -- list | verify [NAME ...] | fetch NAME ... | info NAME");
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
