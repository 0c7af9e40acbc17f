import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

// tsconfig.notebooks.json maps a cell's root-relative "./lib/..." (the kernel starts at the
// repository root) onto lib/, so the notebook sources are type-checked like the rest.
const root = path.resolve(__dirname, "..");
const tsc = path.join(root, "node_modules/typescript/bin/tsc");
function run(args: string[]): string {
  try {
    execFileSync(process.execPath, [tsc, ...args], { cwd: root, encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

describe("notebook sources type-check (tsconfig.notebooks.json)", () => {
  it("notebooks/src and slides pass", () => {
    expect(run(["--noEmit", "-p", "tsconfig.notebooks.json"])).toBe("");
  }, 300_000);

  it("a cell with a misspelt library name fails, naming it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbcheck-"));
    fs.writeFileSync(path.join(dir, "cell.ts"), 'import { loadTextSplitt } from "./lib/data/index";\nimport { readResult, SERVING_BENCH } from "./lib/results/index";\nconst b = readResult(SERVING_BENCH, "serving/bench.json");\nconsole.log(loadTextSplitt, b.summary.noSuchRatio);\nexport {};\n');
    const base = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.notebooks.json"), "utf8").replace(/^\s*\/\/.*$/gm, "")) as { compilerOptions: Record<string, unknown> };
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ extends: path.join(root, "tsconfig.json"), compilerOptions: { ...base.compilerOptions, rootDirs: [dir, root], typeRoots: [path.join(root, "node_modules/@types")] }, files: [path.join(dir, "cell.ts")] }),
    );
    const out = run(["--noEmit", "-p", path.join(dir, "tsconfig.json")]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/has no exported member named 'loadTextSplitt'/);
    expect(out).toMatch(/Property 'noSuchRatio' does not exist/);
  }, 300_000);
});
