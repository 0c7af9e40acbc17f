import cluster from "node:cluster";
import * as net from "node:net";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { repoRoot } from "../data/paths";
import { tasksetAvailable } from "./cpu-pinning";
import { startServer, type RunningServer } from "./server";
import type { ServerOptions } from "./server-options";

/** Options of {@link serveWithWorkers} and {@link spawnServerProcess}: the JSON-serializable server options plus a worker count. */
export interface ProcessServerOptions extends Omit<ServerOptions, "registry" | "classifiers"> {
  /** Registry folder to load models from. */
  registry?: string;
  /**
   * Server processes sharing the port through node:cluster (the primary hands connections to the
   * workers round-robin). Default `1`: one process, no cluster.
   */
  workers?: number;
}

/** A free TCP port on `host`, chosen by the OS. */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const a = srv.address();
      const port = typeof a === "object" && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** What {@link serveWithWorkers} returns in the process that called it. */
export interface ServingProcess {
  /** Base URL all workers share. */
  url: string;
  /** Number of server processes. */
  workers: number;
  /** Graceful shutdown of every worker (each finishes its in-flight requests). */
  close(): Promise<void>;
  /** The in-process server when `workers` is 1 (else undefined: the servers live in the workers). */
  server?: RunningServer;
}

/**
 * Runs the model server in this process (`workers: 1`) or as a node:cluster primary with `workers`
 * worker processes sharing one port. Call it from an entry script (scripts/serve.ts does): in a
 * cluster worker it starts the server and never resolves; in the primary (or a single process) it
 * resolves once every server is ready. SIGINT/SIGTERM trigger a graceful shutdown.
 */
export async function serveWithWorkers(options: ProcessServerOptions = {}): Promise<ServingProcess> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`serveWithWorkers: workers must be an integer >= 1, got ${workers}.`);
  const { workers: _w, ...serverOptions } = options;
  const shutdownOn = (close: () => Promise<void>): void => {
    let once = false;
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      process.on(sig, () => {
        if (once) return;
        once = true;
        close().then(
          () => process.exit(0),
          (e: Error) => {
            console.error(`shutdown failed: ${e.message}`);
            process.exit(1);
          },
        );
      });
    }
  };

  if (workers === 1 && !cluster.isWorker) {
    const server = await startServer(serverOptions);
    shutdownOn(() => server.close());
    return { url: server.url, workers: 1, close: () => server.close(), server };
  }

  if (cluster.isWorker) {
    const server = await startServer({ ...serverOptions, port: Number(process.env.MLSYS_SERVE_PORT) });
    shutdownOn(() => server.close());
    process.on("disconnect", () => void server.close().then(() => process.exit(0)));
    process.send?.({ type: "ready", url: server.url, pid: process.pid });
    return new Promise<ServingProcess>(() => undefined); // a worker serves until told to stop
  }

  // primary: pick the port once so every worker binds the same one
  const host = serverOptions.host ?? "127.0.0.1";
  const port = serverOptions.port && serverOptions.port > 0 ? serverOptions.port : await findFreePort(host);
  const forked = Array.from({ length: workers }, () => cluster.fork({ ...process.env, MLSYS_SERVE_PORT: String(port) }));
  await Promise.all(
    forked.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.on("message", (m: { type?: string }) => m?.type === "ready" && resolve());
          w.on("exit", (code) => reject(new Error(`server worker ${w.process.pid} exited with code ${code} before it was ready`)));
        }),
    ),
  );
  const close = async (): Promise<void> => {
    await Promise.all(
      forked.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.on("exit", () => resolve());
            w.process.kill("SIGTERM");
          }),
      ),
    );
  };
  shutdownOn(close);
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  return { url: `http://${hostForUrl}:${port}`, workers, close };
}

/** A server running in a child process, started by {@link spawnServerProcess}. */
export interface SpawnedServer {
  /** Base URL. */
  url: string;
  /** Child process id (the cluster primary when `workers` > 1). */
  pid: number;
  /** Number of server processes. */
  workers: number;
  /** Sends SIGTERM (graceful shutdown) and resolves when the child has exited. */
  close(): Promise<void>;
}

/**
 * Starts the model server in a separate Node process (with `workers` cluster workers), so a load
 * generator in this process does not share the server's event loop. Resolves when every worker is
 * ready. The child runs `lib/serving/server-entry.ts` through tsx.
 * @param options server options (JSON-serializable) and `workers`
 * @param startTimeoutMs give up after this long (default 60000)
 * @param cpus pin the server to these CPUs with `taskset -c` (e.g. `"0"`) when taskset exists; default: not pinned
 */
export function spawnServerProcess(options: ProcessServerOptions = {}, startTimeoutMs = 60_000, cpus?: string): Promise<SpawnedServer> {
  const entry = path.join(repoRoot(), "lib", "serving", "server-entry.ts");
  const pinned = cpus !== undefined && tasksetAvailable();
  const argv = [process.execPath, "--import", "tsx", entry];
  const child: ChildProcess = spawn(pinned ? "taskset" : argv[0]!, pinned ? ["-c", cpus, ...argv] : argv.slice(1), {
    cwd: repoRoot(),
    env: { ...process.env, MLSYS_SERVE_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise<SpawnedServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`spawnServerProcess: not ready within ${startTimeoutMs} ms. stderr:\n${stderr}`));
    }, startTimeoutMs);
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{") && l.includes('"url"'));
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; workers: number };
      resolve({
        url: info.url,
        pid: child.pid!,
        workers: info.workers,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`spawnServerProcess: the server process exited (code ${code}) before it was ready. stderr:\n${stderr}`));
    });
  });
}
