import * as http from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply } from "fastify";
import { ServingError } from "./errors";

/** The one error envelope every error answer uses, from the app and from Node's HTTP parser alike. */
export interface ErrorEnvelope {
  /** What went wrong. */
  error: {
    /** Stable machine-readable code, e.g. `"queue_full"`. */
    code: string;
    /** One sentence on what was wrong and what to do. */
    message: string;
  };
}

/** JSON text of an {@link ErrorEnvelope}. */
export function errorBody(code: string, message: string): string {
  const body: ErrorEnvelope = { error: { code, message } };
  return JSON.stringify(body);
}

/**
 * Removes absolute server paths from a message meant for a client: `roots` (e.g. the registry
 * folder) become `<registry>`, any other absolute path keeps only its last part (`…/name`).
 */
export function redactPaths(message: string, roots: readonly string[] = []): string {
  let m = message;
  for (const r of roots) if (r) m = m.split(r).join("<registry>");
  return m.replace(/(^|[\s("'`=,:])(?:[A-Za-z]:)?[\\/](?:[^\s"'`\\/]+[\\/])+([^\s"'`\\/]*)/g, (_all, pre: string, base: string) => `${pre}…/${base}`);
}

/** Sends an {@link ErrorEnvelope} (with `Retry-After: 1` on 429 and 503). */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  if (status === 429 || status === 503) reply.header("retry-after", "1");
  return reply.code(status).type("application/json; charset=utf-8").send(errorBody(code, message));
}

/**
 * Fastify error handler: every error becomes an {@link ErrorEnvelope}. Server-side faults (5xx) are
 * logged in full and reported to `onServerFault`; clients see the message without absolute paths.
 */
export function createErrorHandler(options: { bodyLimitBytes: number; redactRoots: readonly string[]; onServerFault: (error: Error) => void; log: (error: Error) => void }) {
  return (error: FastifyError, _request: unknown, reply: FastifyReply): FastifyReply => {
    if (error instanceof ServingError) {
      if (error.statusCode >= 500 && error.statusCode !== 503 && error.statusCode !== 504) options.onServerFault(error);
      return sendError(reply, error.statusCode, error.code, redactPaths(error.message, options.redactRoots));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, "payload_too_large", `Request body is larger than the limit of ${options.bodyLimitBytes} bytes; send fewer or shorter texts per request.`);
    if (status === 415) return sendError(reply, 415, "unsupported_media_type", `${error.message}. Send JSON with the header content-type: application/json.`);
    if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") return sendError(reply, 400, "empty_body", 'The body is empty; send JSON like {"inputs": ["some text"]}.');
    if (status === 400 && (error instanceof SyntaxError || /JSON/i.test(error.message))) {
      return sendError(reply, 400, "invalid_json", `The body is not valid JSON (${error.message}); send {"inputs": ["some text"]}.`);
    }
    if (status >= 400 && status < 500) return sendError(reply, status, (error.code ?? "bad_request").toLowerCase(), redactPaths(error.message, options.redactRoots));
    options.log(error);
    return sendError(reply, 500, "internal", "Internal error; the server log has the details.");
  };
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request_timeout", "The request (headers and body) was not received within the server's receive timeout; send it faster or in smaller pieces."],
  HPE_HEADER_OVERFLOW: [431, "headers_too_large", "The request headers are larger than the server accepts (16 KiB); send fewer or shorter headers."],
  HPE_INVALID_CONTENT_LENGTH: [400, "bad_content_length", "The Content-Length header is not a valid length; send the body's exact size in bytes."],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, "bad_content_length", "Content-Length and Transfer-Encoding were both sent; send only one."],
};

/**
 * Node-level client errors (the HTTP parser's: timeouts, oversized headers, a bad Content-Length,
 * malformed requests) answered with the same {@link ErrorEnvelope} as the app's errors, then the
 * connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[err.code ?? ""] ?? [400, "bad_request", `The request is not valid HTTP/1.1 (${err.code ?? "parse error"}).`];
  if (socket.writable) {
    const body = errorBody(code, message);
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
