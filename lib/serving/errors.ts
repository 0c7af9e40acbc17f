/**
 * Errors the serving layer raises on purpose. Each carries the HTTP status the server answers with
 * and a stable machine-readable `code`, so a client (and a test) can tell back-pressure (429) from a
 * timeout (504), a bad request (400) or an unknown model (404).
 */
export class ServingError extends Error {
  /** HTTP status code the server answers with. */
  readonly statusCode: number;
  /** Stable machine-readable code, e.g. `"queue_full"`. */
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.name = "ServingError";
    this.statusCode = statusCode;
    this.code = code;
  }
}

/** The batcher's queue is full: the server answers 429 and the client should retry later (back-pressure). */
export class QueueFullError extends ServingError {
  constructor(message: string) {
    super(429, "queue_full", message);
    this.name = "QueueFullError";
  }
}

/** A request waited or ran longer than its deadline: the server answers 504. */
export class DeadlineExceededError extends ServingError {
  constructor(message: string) {
    super(504, "timeout", message);
    this.name = "DeadlineExceededError";
  }
}

/** The batcher (or server) is shutting down and accepts no new work: the server answers 503. */
export class ShuttingDownError extends ServingError {
  constructor(message: string) {
    super(503, "shutting_down", message);
    this.name = "ShuttingDownError";
  }
}

/** No model (or no such version or stage) under the requested name: the server answers 404. */
export class ModelNotFoundError extends ServingError {
  constructor(message: string) {
    super(404, "model_not_found", message);
    this.name = "ModelNotFoundError";
  }
}
