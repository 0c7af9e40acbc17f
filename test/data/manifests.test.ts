import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { listDatasets, getManifest, loadRows, loadTextSplit, loadDocument, defaultMirrorDirs } from "../../lib/data/index";

// Every dataset in the mirror is registered, and every split loads with the manifest's counts.
describe("dataset manifests", () => {
  const mirror = defaultMirrorDirs()[0]!;

  it("registers every dataset folder of the mirror", () => {
    const folders = fs.readdirSync(mirror).filter((f) => fs.statSync(path.join(mirror, f)).isDirectory());
    expect(listDatasets().sort()).toEqual(folders.sort());
  });

  it("lists the mirror's CHECKSUMS.tsv values for every file it names", () => {
    const tsv = fs.readFileSync(path.join(mirror, "CHECKSUMS.tsv"), "utf8").trim().split("\n").slice(1);
    const sums = new Map(tsv.map((l) => l.split("\t")).map((c) => [c[0]!, { bytes: Number(c[2]), sha: c[3]! }]));
    for (const name of listDatasets()) {
      for (const f of getManifest(name).files) {
        const ref = sums.get(`${name}/${f.name}`);
        expect(ref, `${name}/${f.name} in CHECKSUMS.tsv`).toBeDefined();
        expect(f.sha256).toBe(ref!.sha);
        expect(f.bytes).toBe(ref!.bytes);
      }
    }
  });

  it.each(listDatasets())("%s: every split loads with the expected row count", async (name) => {
    const m = getManifest(name);
    for (const [split, s] of Object.entries(m.splits)) {
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
