import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(__dirname, "..");
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/** Relative imports of every lib/ file (static, type-only, re-exports, require and dynamic import), as repository paths. */
function libImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of tsFiles(path.join(root, "lib"))) {
    const src = fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    const targets = new Set<string>();
    for (const m of src.matchAll(/(?:from|import|require\()\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)) {
      const t = path.resolve(path.dirname(f), m[1]!);
      const file = [t + ".ts", t.endsWith(".ts") ? t : ""].find((x) => x && fs.existsSync(x) && fs.statSync(x).isFile());
      if (file) targets.add(path.relative(root, file));
    }
    graph.set(path.relative(root, f), [...targets].sort());
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan): each is an import cycle. */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** lib/<folder>/… → folder ("" for lib/index.ts, the flat entry point that re-exports every folder). */
const libFolder = (file: string): string => (file.split("/").length > 2 ? file.split("/")[1]! : "");

/** Pairs of lib/ folders that import each other, each with one import edge in either direction. */
function mutualFolders(graph: Map<string, string[]>): string[] {
  const uses = new Map<string, Map<string, string>>(); // folder -> folder it imports -> an example edge
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = libFolder(from);
      const b = libFolder(to);
      if (!a || !b || a === b) continue;
      if (!uses.has(a)) uses.set(a, new Map());
      if (!uses.get(a)!.has(b)) uses.get(a)!.set(b, `${from} → ${to}`);
    }
  }
  const pairs: string[] = [];
  for (const [a, bs] of uses) for (const [b, edge] of bs) if (a < b && uses.get(b)?.has(a)) pairs.push(`${a} ⇄ ${b}: ${edge}; ${uses.get(b)!.get(a)}`);
  return pairs;
}

/**
 * lib/ files allowed over 350 lines, each with its reason. A file leaves this list when it is split;
 * a new long file needs a reason here (or a split).
 */
const LONG_FILES: Record<string, string> = {
  "lib/drift/kolmogorov.ts": "the exact and asymptotic Kolmogorov–Smirnov distributions ported from SciPy, one numeric algorithm",
  "lib/llm/batching.ts": "static and continuous batching of one decoder: the two schedulers share the step loop",
  "lib/models/tabular.ts": "just over (357 lines): the tabular encoder and its options",
  "lib/serving/server.ts": "being split by issue 14 item 5 (serving: the request handler out of one closure)",
  "lib/serving/registry.ts": "being split by issue 14 item 5 (serving: file safety, locking and the registry)",
};

describe("library structure", () => {
  it("lib/ has no import cycle between files (type-only imports included)", () => {
    expect(importCycles(libImportGraph())).toEqual([]);
  });

  it("no two lib/ folders import each other", () => {
    expect(mutualFolders(libImportGraph())).toEqual([]);
  });

  it("no lib/ file is over 350 lines without a stated reason", () => {
    const long = tsFiles(path.join(root, "lib"))
      .map((f) => ({ file: path.relative(root, f), lines: fs.readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((x) => x.lines > 350 && !LONG_FILES[x.file])
      .map((x) => `${x.file}: ${x.lines} lines (split it along its concepts, or add it to LONG_FILES in test/structure.test.ts with the reason)`);
    expect(long).toEqual([]);
  });

  it("the structure checks detect what they are meant to", () => {
    const g = new Map([
      ["lib/a/x.ts", ["lib/a/y.ts"]],
      ["lib/a/y.ts", ["lib/a/x.ts"]],
      ["lib/b/z.ts", []],
    ]);
    expect(importCycles(g)).toEqual([["lib/a/x.ts", "lib/a/y.ts"]]);
    expect(importCycles(new Map([["lib/a/x.ts", ["lib/b/z.ts"]], ["lib/b/z.ts", []]]))).toEqual([]);
    const folders = new Map([
      ["lib/a/x.ts", ["lib/b/z.ts"]],
      ["lib/b/z.ts", []],
      ["lib/b/w.ts", ["lib/a/y.ts"]],
      ["lib/a/y.ts", []],
      ["lib/index.ts", ["lib/a/x.ts", "lib/b/z.ts"]],
    ]);
    expect(mutualFolders(folders)).toEqual(["a ⇄ b: lib/a/x.ts → lib/b/z.ts; lib/b/w.ts → lib/a/y.ts"]);
    folders.set("lib/b/w.ts", []);
    expect(mutualFolders(folders)).toEqual([]);
    expect(libFolder("lib/index.ts")).toBe("");
    expect(libFolder("lib/stats/quantile.ts")).toBe("stats");
  });

  it("lib/ uses no directory imports (tslab resolves only file paths)", () => {
    const bad: string[] = [];
    for (const f of tsFiles(path.join(root, "lib"))) {
      // comments may show notebook imports such as "./lib/index": leave them out
      const src = fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
      for (const m of src.matchAll(/(?:from|import|require\()\s*["'](\.{1,2}\/[^"']*)["']/g)) {
        const target = path.resolve(path.dirname(f), m[1]!);
        if (!fs.existsSync(target + ".ts") && !fs.existsSync(target) && !fs.existsSync(target + ".js") && !fs.existsSync(target + ".cjs")) bad.push(`${path.relative(root, f)}: ${m[1]} (no such file)`);
        else if (fs.existsSync(target) && fs.statSync(target).isDirectory()) bad.push(`${path.relative(root, f)}: ${m[1]} (a folder: write ${m[1]}/index)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("type-checks strictly (TypeScript 5.9) and with tslab's TypeScript 5.0", () => {
    const run = (args: string[]): string => {
      try {
        execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: "pipe" });
        return "";
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e);
      }
    };
    expect(run([path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"])).toBe("");
    expect(run([path.join(root, "node_modules/@tslab/typescript-for-tslab/bin/tsc"), "-p", "tsconfig.tslab.json"])).toBe("");
  });

  it("notebooks are committed without outputs and declare the course kernel", () => {
    for (const f of fs.readdirSync(path.join(root, "notebooks")).filter((x) => x.endsWith(".ipynb"))) {
      const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", f), "utf8"));
      expect(nb.metadata.kernelspec.name, f).toBe("mlsys-ts");
      for (const c of nb.cells) if (c.cell_type === "code") expect(c.outputs, `${f} has outputs`).toEqual([]);
    }
  });

  it("each notebook equals the conversion of its source in notebooks/src", () => {
    const srcDir = path.join(root, "notebooks", "src");
    for (const f of fs.readdirSync(srcDir).filter((x) => x.endsWith(".ts"))) {
      const out = path.join(require("node:os").tmpdir(), `nbconv-${process.pid}-${f}.ipynb`);
      execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/notebook-from-percent.ts"), path.join(srcDir, f), out], { cwd: root, stdio: "pipe" });
      const committed = fs.readFileSync(path.join(root, "notebooks", f.replace(/\.ts$/, ".ipynb")), "utf8");
      expect(fs.readFileSync(out, "utf8"), `notebooks/${f.replace(/\.ts$/, ".ipynb")} is stale: run npx tsx scripts/notebook-from-percent.ts notebooks/src/${f} notebooks/${f.replace(/\.ts$/, ".ipynb")}`).toBe(committed);
      fs.rmSync(out);
    }
  });
});
