import { DeadlineExceededError, QueueFullError, ShuttingDownError } from "./errors";

/** Options of {@link MicroBatcher}; every field has a default. */
export interface MicroBatcherOptions {
  /** Most items in one call of the batch function. Default `32`. `1` turns batching off. */
  maxBatchSize?: number;
  /**
   * How long the oldest waiting item may wait for the batch to fill before it is sent anyway, in ms.
   * Default `2`. `0`: send whatever is queued as soon as a runner is free.
   */
  maxWaitMs?: number;
  /** Most items waiting (not yet running); a submit beyond it is refused with a {@link QueueFullError}. Default `1024`. */
  maxQueueSize?: number;
  /** Batches allowed to run at the same time. Default `1`. */
  concurrency?: number;
  /**
   * Called after every batch with its size, how long its oldest item waited and how long the batch
   * function took (ms); e.g. to feed a histogram. Default: none.
   */
  onBatch?: (info: BatchInfo) => void;
}

/** What {@link MicroBatcherOptions.onBatch} receives. */
export interface BatchInfo {
  /** Items in the batch. */
  size: number;
  /** Milliseconds the oldest item of the batch waited in the queue. */
  waitedMs: number;
  /** Milliseconds the batch function took. */
  runMs: number;
  /** Whether the batch function succeeded. */
  ok: boolean;
}

/** Counters a {@link MicroBatcher} keeps. */
export interface MicroBatcherStats {
  /** Batches sent to the batch function. */
  batches: number;
  /** Items sent to the batch function. */
  items: number;
  /** Items refused because the queue was full. */
  rejectedFull: number;
  /** Items dropped because their deadline passed while they waited. */
  expired: number;
  /** Largest batch sent. */
  largestBatch: number;
}

/** Per-item options of {@link MicroBatcher.submit}. */
export interface SubmitOptions {
  /**
   * Absolute deadline on the `performance.now()` clock: an item still waiting when it passes is
   * not run and is rejected with a {@link DeadlineExceededError}. Default: none.
   */
  deadline?: number;
}

interface Pending<I, O> {
  item: I;
  enqueuedAt: number;
  deadline: number;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Dynamic micro-batching, generic over an async batch function `(items) => results` (same length,
 * same order). Items wait in a FIFO queue; a batch leaves when a runner is free and either
 * `maxBatchSize` items are waiting or the oldest has waited `maxWaitMs`. The queue is bounded:
 * beyond `maxQueueSize` waiting items, submits are refused at once (back-pressure), so latency of
 * accepted work stays bounded instead of growing without limit.
 *
 * Guarantees: every submitted item settles exactly once (its own result, or an error: the batch
 * function's, queue full, deadline passed, or shutting down); batches are formed in submission
 * order and item `i` of a batch gets result `i`; no batch exceeds `maxBatchSize`.
 *
 * @example
 * const batcher = new MicroBatcher((texts: string[]) => model.predictBatch(texts), { maxBatchSize: 32, maxWaitMs: 2 });
 * const prediction = await batcher.submit("oil prices fall");
 */
export class MicroBatcher<I, O> {
  /** Resolved options (defaults filled in). */
  readonly options: Required<Omit<MicroBatcherOptions, "onBatch">>;
  private readonly fn: (items: I[]) => Promise<O[]>;
  private readonly onBatch?: (info: BatchInfo) => void;
  private queue: Pending<I, O>[] = [];
  private running = 0;
  private runningItems = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private expiryAt = Infinity;
  private closing = false;
  private idleWaiters: (() => void)[] = [];
  private readonly counters: MicroBatcherStats = { batches: 0, items: 0, rejectedFull: 0, expired: 0, largestBatch: 0 };

  /**
   * @param fn the batch function: receives up to `maxBatchSize` items, returns one result per item in the same order
   * @param options maxBatchSize (32), maxWaitMs (2), maxQueueSize (1024), concurrency (1), onBatch
   */
  constructor(fn: (items: I[]) => Promise<O[]>, options: MicroBatcherOptions = {}) {
    this.fn = fn;
    this.onBatch = options.onBatch;
    this.options = {
      maxBatchSize: options.maxBatchSize ?? 32,
      maxWaitMs: options.maxWaitMs ?? 2,
      maxQueueSize: options.maxQueueSize ?? 1024,
      concurrency: options.concurrency ?? 1,
    };
    const o = this.options;
    if (!Number.isInteger(o.maxBatchSize) || o.maxBatchSize < 1) throw new RangeError(`MicroBatcher: maxBatchSize must be an integer >= 1, got ${o.maxBatchSize}.`);
    if (!(o.maxWaitMs >= 0) || !Number.isFinite(o.maxWaitMs)) throw new RangeError(`MicroBatcher: maxWaitMs must be a finite number >= 0, got ${o.maxWaitMs}.`);
    if (!Number.isInteger(o.maxQueueSize) || o.maxQueueSize < 1) throw new RangeError(`MicroBatcher: maxQueueSize must be an integer >= 1, got ${o.maxQueueSize}.`);
    if (!Number.isInteger(o.concurrency) || o.concurrency < 1) throw new RangeError(`MicroBatcher: concurrency must be an integer >= 1, got ${o.concurrency}.`);
  }

  /** Items waiting in the queue (not yet handed to the batch function). */
  get queueDepth(): number {
    return this.queue.length;
  }

  /** Items in batches that are running now. */
  get inFlight(): number {
    return this.runningItems;
  }

  /** A copy of the counters. */
  get stats(): MicroBatcherStats {
    return { ...this.counters };
  }

  /** Whether {@link MicroBatcher.close} was called. */
  get closed(): boolean {
    return this.closing;
  }

  /**
   * Queues one item; resolves with its result.
   * @throws (rejects) {@link QueueFullError} when `maxQueueSize` items are waiting, {@link ShuttingDownError} after `close()`
   */
  submit(item: I, options: SubmitOptions = {}): Promise<O> {
    return this.submitMany([item], options).then((r) => r[0]!);
  }

  /**
   * Queues several items at once, all or none (the queue must have room for all of them);
   * resolves with their results in the same order. The items may be split across batches.
   */
  submitMany(items: readonly I[], options: SubmitOptions = {}): Promise<O[]> {
    if (this.closing) return Promise.reject(new ShuttingDownError("The batcher is shutting down and accepts no new work."));
    if (items.length === 0) return Promise.resolve([]);
    if (this.queue.length + items.length > this.options.maxQueueSize) {
      this.counters.rejectedFull += items.length;
      return Promise.reject(
        new QueueFullError(
          `Queue full: ${this.queue.length} items waiting, room for ${this.options.maxQueueSize - this.queue.length}, this request has ${items.length}. Retry later (back-pressure).`,
        ),
      );
    }
    const now = performance.now();
    const deadline = options.deadline ?? Infinity;
    const promises = items.map(
      (item) =>
        new Promise<O>((resolve, reject) => {
          this.queue.push({ item, enqueuedAt: now, deadline, resolve, reject });
        }),
    );
    if (deadline < this.expiryAt) this.armExpiry(deadline);
    this.pump();
    return Promise.all(promises);
  }

  /** Resolves when nothing is waiting or running. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops accepting work, sends everything still queued without waiting for batches to fill, and
   * resolves when the last batch has finished. Queued items are run, not dropped.
   */
  close(): Promise<void> {
    this.closing = true;
    this.pump();
    return this.drain();
  }

  /**
   * Stops accepting work and refuses everything still queued at once with a {@link ShuttingDownError}
   * (a bounded shutdown); batches already running are not interrupted. Resolves when they have finished.
   */
  abort(): Promise<void> {
    this.closing = true;
    const queued = this.queue;
    this.queue = [];
    for (const p of queued) p.reject(new ShuttingDownError("The server is shutting down; this text was refused before it ran. Retry on another instance."));
    this.clearTimer();
    this.clearExpiry();
    this.checkIdle();
    return this.drain();
  }

  /** Arms the one expiry timer for the earliest deadline, so that expired items leave the queue when they expire, not when a runner frees up. */
  private armExpiry(at: number): void {
    if (!Number.isFinite(at)) return;
    this.clearExpiry();
    this.expiryAt = at;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = null;
      this.expiryAt = Infinity;
      const now = performance.now();
      this.dropExpired(now);
      let next = Infinity;
      for (const p of this.queue) if (p.deadline < next) next = p.deadline;
      this.armExpiry(next);
      this.pump();
    }, Math.max(0, at - performance.now()) + 1);
  }

  private clearExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.expiryAt = Infinity;
  }

  /** Dispatches as many batches as the rules allow, or arms the timer for the next one. */
  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const now = performance.now();
      this.dropExpired(now);
      if (this.queue.length === 0) break;
      const oldest = this.queue[0]!;
      const due = oldest.enqueuedAt + this.options.maxWaitMs;
      if (this.queue.length >= this.options.maxBatchSize || now >= due || this.closing) {
        this.dispatch(now);
      } else {
        this.armTimer(due - now, due);
        return;
      }
    }
    if (this.queue.length === 0 || this.running >= this.options.concurrency) this.clearTimer();
    if (this.queue.length === 0) this.clearExpiry();
    this.checkIdle();
  }

  private dropExpired(now: number): void {
    if (!this.queue.some((p) => p.deadline <= now)) return;
    const keep: Pending<I, O>[] = [];
    for (const p of this.queue) {
      if (p.deadline <= now) {
        this.counters.expired++;
        p.reject(new DeadlineExceededError(`Timed out after waiting ${(now - p.enqueuedAt).toFixed(0)} ms in the queue; the server is overloaded, retry later.`));
      } else keep.push(p);
    }
    this.queue = keep;
  }

  private armTimer(delay: number, at: number): void {
    if (this.timer && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, delay));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private dispatch(now: number): void {
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    this.running++;
    this.runningItems += batch.length;
    this.counters.batches++;
    this.counters.items += batch.length;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    const waitedMs = now - batch[0]!.enqueuedAt;
    const t0 = performance.now();
    let ok = false;
    let call: Promise<O[]>;
    try {
      call = Promise.resolve(this.fn(batch.map((p) => p.item)));
    } catch (e) {
      call = Promise.reject(e);
    }
    call
      .then((results) => {
        if (!Array.isArray(results) || results.length !== batch.length) {
          throw new Error(`MicroBatcher: the batch function returned ${Array.isArray(results) ? results.length : typeof results} results for ${batch.length} items; it must return one result per item, in order.`);
        }
        ok = true;
        batch.forEach((p, i) => p.resolve(results[i]!));
      })
      .catch((e: unknown) => {
        for (const p of batch) p.reject(e);
      })
      .finally(() => {
        this.running--;
        this.runningItems -= batch.length;
        try {
          this.onBatch?.({ size: batch.length, waitedMs, runMs: performance.now() - t0, ok });
        } finally {
          this.pump();
        }
      });
  }

  private checkIdle(): void {
    if (this.queue.length === 0 && this.running === 0 && this.idleWaiters.length) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
