import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as net from "node:net";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { runGzipKnn, type GzipKnnResult } from "../../lib/compress/index";
import { repoRoot } from "../../lib/data/index";

// A real Slurm job array: this test starts a one-machine Slurm cluster from Debian's packages
// (munged, slurmctld, slurmd; recipe in ../shared/slurm/README.md) with its own key, socket, ports
// and state folder, runs `npm run gzip-knn -- ... --slurm --shards 2 --json`, and stops the daemons
// by pid. It installs the packages when they are missing and it may (root with apt-get); it is
// skipped, saying why, only where Slurm cannot be installed. CI installs them in setup.
const PKGS = ["slurmctld", "slurmd", "slurm-client", "munge"];
const BINS = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "sinfo"];
const which = (b: string): string | null => {
  const r = spawnSync("sh", ["-c", `command -v ${b} || ls /usr/sbin/${b} 2>/dev/null`], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim().split("\n")[0]! : null;
};

function slurmAvailable(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== "linux") return { ok: false, why: "Slurm's Debian packages need Linux" };
  if (process.getuid?.() !== 0) return { ok: false, why: "starting slurmd needs root (run as root, or in CI)" };
  if (BINS.every(which)) return { ok: true };
  if (!which("apt-get")) return { ok: false, why: `Slurm is not installed (${BINS.filter((b) => !which(b)).join(", ")} missing) and there is no apt-get to install it` };
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let r = spawnSync("apt-get", ["install", "-y", "-qq", ...PKGS], { env, stdio: "ignore", timeout: 300_000 });
  if (r.status !== 0) {
    spawnSync("apt-get", ["update", "-qq"], { env, stdio: "ignore", timeout: 120_000 });
    r = spawnSync("apt-get", ["install", "-y", "-qq", ...PKGS], { env, stdio: "ignore", timeout: 300_000 });
  }
  if (r.status === 0 && BINS.every(which)) return { ok: true };
  return { ok: false, why: `Slurm could not be installed (apt-get install ${PKGS.join(" ")} exited ${r.status ?? r.signal})` };
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const slurm = slurmAvailable();
if (!slurm.ok) console.warn(`gzip-knn Slurm test skipped: ${slurm.why}.`);

describe.skipIf(!slurm.ok)("gzip-knn on a one-machine Slurm cluster (a real 2-task job array)", () => {
  let dir = "";
  const daemons: ChildProcess[] = [];
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gzip-knn-slurm-"));
    fs.chmodSync(dir, 0o755); // munged wants its socket's folder searchable by all
    for (const d of ["state", "spool"]) fs.mkdirSync(path.join(dir, d));
    const key = path.join(dir, "munge.key");
    expect(spawnSync(which("mungekey")!, ["-c", "-k", key], { stdio: "ignore" }).status).toBe(0);
    const sock = path.join(dir, "munge.sock");
    const example = fs.readFileSync(path.join(repoRoot(), "scripts", "slurm", "slurm.conf.test"), "utf8");
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    const conf = path.join(dir, "slurm.conf");
    fs.writeFileSync(conf, example.replaceAll("SLURM_DIR", dir) + `AuthInfo=socket=${sock}\nSlurmctldPort=${ctldPort}\nSlurmdPort=${dPort}\nNodeName=localhost CPUs=2 RealMemory=8000 State=UNKNOWN\nPartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n`);
    env = { ...process.env, SLURM_CONF: conf };
    const start = (bin: string, args: string[]): void => {
      const p = spawn(which(bin)!, args, { env, stdio: ["ignore", fs.openSync(path.join(dir, `${bin}.out`), "w"), fs.openSync(path.join(dir, `${bin}.err`), "w")] });
      daemons.push(p);
    };
    start("munged", ["-F", "--force", "-S", sock, "--key-file", key, "--pid-file", path.join(dir, "munged.pid"), "--log-file", path.join(dir, "munged.log"), "--seed-file", path.join(dir, "munged.seed")]);
    await new Promise((r) => setTimeout(r, 1000));
    start("slurmctld", ["-D", "-f", conf]);
    start("slurmd", ["-D", "-N", "localhost", "-f", conf]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = spawnSync(which("sinfo")!, ["-h", "-o", "%t"], { env, encoding: "utf8" });
      if (s.status === 0 && /idle/.test(s.stdout)) break;
      if (Date.now() > deadline) throw new Error(`the test Slurm cluster did not come up: ${s.stdout}${s.stderr}; logs in ${dir}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    // stop what this test started, by pid, the node daemon first
    for (const p of [...daemons].reverse()) {
      if (p.exitCode === null && p.pid) {
        p.kill("SIGTERM");
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            p.kill("SIGKILL");
            resolve();
          }, 10_000);
          p.once("exit", () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("--slurm --shards 2 --json submits, waits, merges: the unsharded run's accuracies", async () => {
    const shards = path.join(dir, "shards");
    const r = spawnSync(
      process.execPath,
      [path.join(repoRoot(), "node_modules", "tsx", "dist", "cli.mjs"), "scripts/gzip-knn.ts", "--dataset", "r8", "--test-limit", "24", "--train-limit", "300", "--slurm", "--shards", "2", "--json", "--out", shards],
      { cwd: repoRoot(), env, encoding: "utf8", timeout: 240_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const merged = JSON.parse(r.stdout.trim().split("\n").pop()!) as GzipKnnResult;
    const whole = await runGzipKnn({ dataset: "r8", testLimit: 24, trainLimit: 300, checkpointDir: null, progress: false, workers: 1 });
    expect(merged.complete).toBe(true);
    expect(merged.accuracy).toEqual(whole.accuracy);
    expect(merged.mergedShards!.map((t) => t.index)).toEqual([0, 1]);
    expect(merged.mergedShards!.every((t) => t.pairs > 0)).toBe(true);
    // both array tasks ran under Slurm and wrote their shard files
    expect(r.stderr).toMatch(/Submitted batch job \d+/);
    expect(fs.readdirSync(shards).filter((f) => /shard[01]of2\.jsonl$/.test(f))).toHaveLength(2);
  }, 300_000);
});

if (!slurm.ok) {
  describe("gzip-knn on a one-machine Slurm cluster", () => {
    it.skip(`skipped: ${slurm.why}`, () => undefined);
  });
}
