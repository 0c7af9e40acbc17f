import * as http from "node:http";
import { errorBody } from "./http-errors";

/** Options of {@link createAdmission}. */
export interface AdmissionOptions {
  /** Method and path of the guarded route. Default `POST /v1/predict`. */
  route?: { method: string; path: string };
  /** Most requests admitted and not yet answered. */
  maxPending: number;
  /** Most texts waiting in the model queues; at or beyond it new requests are refused. */
  maxQueuedTexts: number;
  /** Texts waiting now (called once per request, before its body is read). */
  queuedTexts: () => number;
  /** Whether the server is shutting down (new requests then get 503). Default: never. */
  closing?: () => boolean;
  /** Called for every refusal with its status (e.g. to count it in metrics). Default: none. */
  onRefuse?: (status: number) => void;
}

/** Admission control in front of an HTTP handler: see {@link createAdmission}. */
export interface Admission {
  /**
   * Decides on a request before anything else reads it: returns `true` after answering a refusal
   * (429 or 503, body never read or parsed), `false` when the request is admitted (it is then counted
   * as pending until its response closes).
   */
  refuse(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** Requests admitted and not yet answered. */
  readonly pending: number;
  /** Requests refused so far. */
  readonly refused: number;
}

const PATH_END = new Set(["?", "#"]);

/**
 * Cheap refusal: admission control that runs on the raw Node request, before the framework routes
 * it and before its body is read or parsed. When the guarded route already has `maxPending`
 * requests in progress, or the model queues hold `maxQueuedTexts` texts, the request is answered
 * at once with a precomputed 429 (`Retry-After: 1`) and its body is discarded unread. Under
 * overload a refusal then costs a small fraction of a served request, so the texts served per
 * second stay near the unshed capacity instead of collapsing under the cost of saying no.
 */
export function createAdmission(options: AdmissionOptions): Admission {
  const route = options.route ?? { method: "POST", path: "/v1/predict" };
  const full = Buffer.from(errorBody("queue_full", "The server is at capacity (request or queue limit reached); retry after the Retry-After delay (back-pressure)."));
  const closing = Buffer.from(errorBody("shutting_down", "The server is shutting down; retry on another instance."));
  let pending = 0;
  let refused = 0;
  const matches = (req: http.IncomingMessage): boolean => {
    const url = req.url ?? "";
    return req.method === route.method && url.startsWith(route.path) && (url.length === route.path.length || PATH_END.has(url[route.path.length]!));
  };
  const answer = (res: http.ServerResponse, status: number, body: Buffer): true => {
    refused++;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length, "retry-after": "1" });
    res.end(body);
    options.onRefuse?.(status);
    return true;
  };
  return {
    refuse(req, res) {
      if (!matches(req)) return false;
      if (options.closing?.()) return answer(res, 503, closing);
      if (pending >= options.maxPending || options.queuedTexts() >= options.maxQueuedTexts) return answer(res, 429, full);
      pending++;
      res.once("close", () => pending--);
      return false;
    },
    get pending() {
      return pending;
    },
    get refused() {
      return refused;
    },
  };
}
