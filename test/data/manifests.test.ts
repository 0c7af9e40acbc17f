import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { listDatasets, getManifest, loadRows, loadTextSplit, loadDocument, defaultMirrorDirs, hasSplit } from "../../lib/data/index";

// The manifests agree with the dataset mirror (../shared/datasets, where the data came from) when
// one is present: every folder registered, every SHA-256 as in its CHECKSUMS.tsv. A clone without
// the mirror skips those two checks; test/data/shipped.test.ts covers it offline and mirror-less.
const mirror = defaultMirrorDirs().find((d) => fs.existsSync(path.join(d, "CHECKSUMS.tsv")));

describe("dataset manifests", () => {
  it.skipIf(!mirror)("registers every dataset folder of the mirror", () => {
    const folders = fs.readdirSync(mirror!).filter((f) => fs.statSync(path.join(mirror!, f)).isDirectory());
    expect(listDatasets().sort()).toEqual(folders.sort());
  });

  it.skipIf(!mirror)("lists the mirror's CHECKSUMS.tsv values for every file it names", () => {
    const tsv = fs.readFileSync(path.join(mirror!, "CHECKSUMS.tsv"), "utf8").trim().split("\n").slice(1);
    const sums = new Map(tsv.map((l) => l.split("\t")).map((c) => [c[0]!, { bytes: Number(c[2]), sha: c[3]! }]));
    for (const name of listDatasets()) {
      for (const f of getManifest(name).files) {
        const ref = sums.get(`${name}/${f.name}`);
        if (f.optional && f.bytes === undefined) continue; // never held here (AG News train_full): not in the mirror
        expect(ref, `${name}/${f.name} in CHECKSUMS.tsv`).toBeDefined();
        expect(f.sha256).toBe(ref!.sha);
        expect(f.bytes).toBe(ref!.bytes);
      }
    }
  });

  it.each(listDatasets())("%s: every split present loads with the expected row count", async (name) => {
    const m = getManifest(name);
    for (const [split, s] of Object.entries(m.splits)) {
      if (!hasSplit(name, split)) continue; // an optional split not fetched (shipped.test.ts checks the needed ones are present)
      const rows = await loadRows(name, split);
      expect(rows.length).toBe(s.rows);
    }
  });

  it("text splits carry labels and texts as torchtext/npc_gzip build them", async () => {
    const ag = await loadTextSplit("ag_news", "test");
    expect(ag[0]).toEqual({
      label: "Business",
      text: "Fears for T N pension after talks Unions representing workers at Turner   Newall say they are 'disappointed' after talks with stricken parent firm Federal Mogul.",
    });
    const r8 = await loadTextSplit("r8", "train");
    expect(r8[0]!.label).toBe("earn");
    expect(r8[0]!.text.startsWith("champion products ch approves stock split")).toBe(true);
  });

  it("a novel loads as one document with the manifest's character count", async () => {
    const text = await loadDocument("janeausten", "persuasion");
    expect(text.length).toBe(466854);
    expect(text).toContain("Elliot");
  });
});
