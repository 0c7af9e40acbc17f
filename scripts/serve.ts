/**
 * Serves the course's text classifier over HTTP (module 03).
 *
 *   npm run serve -- [--port 8080] [--host 127.0.0.1] [--model agnews@production] [--registry build/registry]
 *                    [--max-batch 32] [--max-wait-ms 2] [--no-batching] [--max-queue 256] [--timeout-ms 5000]
 *                    [--workers 1] [--noop]
 *
 * On first run the registry is seeded from models/agnews-logreg (registered as agnews@1 and promoted
 * to production). Then try:
 *   curl -s localhost:8080/v1/predict -H 'content-type: application/json' -d '{"inputs":["Oil prices fall"]}'
 *   curl -s localhost:8080/readyz ; curl -s localhost:8080/metrics | grep serving_
 * Ctrl-C or SIGTERM shuts down gracefully (in-flight requests finish, bounded by the shutdown timeout).
 * `npm run serve` execs node with tsx's loader (no tsx or shell process in between), so a SIGTERM sent
 * to the npm process (a process manager, a container runtime) reaches the server and leaves no orphan.
 */
import cluster from "node:cluster";
import { seedRegistry, serveWithWorkers, type ProcessServerOptions } from "../lib/serving/index";

const USAGE =
  "Usage: npm run serve -- [--port N] [--host H] [--model NAME@VERSION] [--registry DIR] [--max-batch N] [--max-wait-ms N] [--no-batching] [--max-queue N] [--timeout-ms N] [--workers N] [--noop]";

function parseArgs(argv: string[]): ProcessServerOptions {
  const o: ProcessServerOptions = { port: 8080, registry: "build/registry", defaultModel: "agnews@production" };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) {
      console.error(`${flag} needs a non-negative number, got ${v ?? "nothing"}.\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--port": o.port = num(flag, value()); break;
      case "--host": o.host = value(); break;
      case "--model": o.defaultModel = value(); break;
      case "--registry": o.registry = value(); break;
      case "--max-batch": o.maxBatchSize = num(flag, value()); break;
      case "--max-wait-ms": o.maxWaitMs = num(flag, value()); break;
      case "--max-queue": o.maxQueueSize = num(flag, value()); break;
      case "--timeout-ms": o.requestTimeoutMs = num(flag, value()); break;
      case "--workers": o.workers = num(flag, value()); break;
      case "--no-batching": o.batching = false; break;
      case "--noop": o.noopModel = {}; o.defaultModel = "noop"; break;
      case "--help": case "-h": console.log(USAGE); process.exit(0);
      default:
        console.error(`Unknown option ${flag}.\n${USAGE}`);
        process.exit(2);
    }
  }
  return o;
}

async function seed(dir: string): Promise<void> {
  const { record } = await seedRegistry(dir); // models/agnews-logreg as agnews@1 in production, only when the registry is empty
  if (record) console.log(`seeded ${dir}: agnews@${record.version} (sha256 ${record.artifactSha256.slice(0, 12)}…) in production`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!cluster.isWorker && !options.noopModel) await seed(options.registry!);
  const p = await serveWithWorkers(options);
  if (!cluster.isWorker) {
    console.log(`serving ${options.defaultModel} on ${p.url} with ${p.workers} process(es); batching ${options.batching === false ? "off" : `max ${options.maxBatchSize ?? 32} / ${options.maxWaitMs ?? 2} ms`}. Ctrl-C to stop.`);
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
