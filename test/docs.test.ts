import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(__dirname, "..");

describe("API docs", () => {
  it("typedoc builds lib/ with every export documented (no warnings)", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "typedoc-"));
    let log = "";
    try {
      log = execFileSync(process.execPath, [path.join(root, "node_modules/typedoc/bin/typedoc"), "--out", out, "--treatWarningsAsErrors"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      log = String((e as { stdout?: string }).stdout ?? "") + String((e as { stderr?: string }).stderr ?? e);
    }
    const built = fs.existsSync(path.join(out, "index.html"));
    fs.rmSync(out, { recursive: true, force: true });
    expect(built, log).toBe(true);
  }, 180_000);
});
