import { describe, it, expect } from "vitest";
import * as net from "node:net";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { findFreePort } from "../../lib/serving/index";

const root = path.resolve(__dirname, "..", "..");
const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });

describe("npm run serve receives signals itself (issue 15, defect 2)", () => {
  it("SIGTERM to the npm process stops the server: the port is closed afterwards, no orphan keeps answering", async () => {
    const port = await findFreePort();
    const npm = spawn("npm", ["run", "serve", "--", "--noop", "--port", String(port)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    npm.stdout.on("data", (d: Buffer) => (out += d.toString()));
    npm.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const t0 = Date.now();
    while (!out.includes(`127.0.0.1:${port}`)) {
      if (Date.now() - t0 > 30_000 || npm.exitCode !== null) throw new Error(`npm run serve did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const exited = new Promise<void>((r) => npm.once("exit", () => r()));
    npm.kill("SIGTERM");
    await exited;
    let open = true;
    for (let i = 0; i < 50 && open; i++) {
      open = await portOpen(port);
      if (open) await new Promise((r) => setTimeout(r, 100));
    }
    expect(open).toBe(false);
  }, 60_000);
});
