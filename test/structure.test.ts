import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(__dirname, "..");
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

describe("library structure", () => {
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
