/**
 * Entry script of a server child process (used by `spawnServerProcess`): reads its options from
 * the `MLSYS_SERVE_OPTIONS` environment variable (JSON), serves, and prints one JSON line with the
 * URL once ready. Not meant to be imported.
 * @packageDocumentation
 */
import cluster from "node:cluster";
import { serveWithWorkers, type ProcessServerOptions } from "./cluster";

const options = JSON.parse(process.env.MLSYS_SERVE_OPTIONS ?? "{}") as ProcessServerOptions;
serveWithWorkers(options).then(
  (p) => {
    if (!cluster.isWorker) process.stdout.write(JSON.stringify({ url: p.url, workers: p.workers, pid: process.pid }) + "\n");
  },
  (e: Error) => {
    console.error(`server failed to start: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
