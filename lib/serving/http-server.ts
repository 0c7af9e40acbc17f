import * as http from "node:http";
import type { Admission } from "./admission";

/** Connection timeouts of {@link createHttpServerFactory}, ms. */
export interface HttpTimeouts {
  /** Headers and the whole body must arrive within this (Node's `headersTimeout` and `requestTimeout`); 0 turns it off. */
  receiveTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node's `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
}

/**
 * A Fastify `serverFactory` that creates the Node HTTP server with its timeouts set at creation
 * (Node reads `headersTimeout`, `requestTimeout` and the checking interval only then; setting them
 * afterwards, as Fastify's own options do, left slow clients connected for 30–60 s), checks them
 * every `receiveTimeoutMs / 4` (at most 1 s), and puts `admission` in front of the framework so
 * that refusals are decided before a body is read.
 */
export function createHttpServerFactory(t: HttpTimeouts, admission: Admission) {
  return (handler: http.RequestListener): http.Server => {
    const receive = t.receiveTimeoutMs;
    const server = http.createServer(
      {
        requestTimeout: receive,
        headersTimeout: receive,
        ...(receive > 0 ? { connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(receive / 4))) } : {}),
      },
      (req, res) => {
        if (!admission.refuse(req, res)) handler(req, res);
      },
    );
    server.keepAliveTimeout = t.keepAliveTimeoutMs;
    return server;
  };
}
