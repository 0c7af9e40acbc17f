/**
 * A bounded FIFO queue for async producers and consumers: `push` waits while the queue holds
 * `capacity` items (back-pressure on the producer), `pop` waits while it is empty and returns
 * `undefined` once the queue is closed and drained. Items leave in the order they entered.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private closed = false;
  private popWaiters: ((v: T | undefined) => void)[] = [];
  private pushWaiters: (() => void)[] = [];
  private highWater = 0;
  private fullWaits = 0;
  private emptyWaits = 0;

  /** @param capacity most items held at once (≥ 1) */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`BoundedQueue: capacity must be an integer ≥ 1, got ${capacity}.`);
  }

  /** Items held now. */
  get size(): number {
    return this.items.length;
  }

  /** Counters: most items ever held, times a producer waited on a full queue, times a consumer waited on an empty one. */
  get stats(): { highWater: number; fullWaits: number; emptyWaits: number } {
    return { highWater: this.highWater, fullWaits: this.fullWaits, emptyWaits: this.emptyWaits };
  }

  /** Adds an item, waiting while the queue is full. Rejects after {@link BoundedQueue.close}. */
  async push(item: T): Promise<void> {
    if (this.closed) throw new Error("BoundedQueue.push: the queue is closed; no more items can be added.");
    const waiter = this.popWaiters.shift();
    if (waiter) {
      waiter(item); // a consumer is waiting: hand over directly (the queue stays empty)
      return;
    }
    while (this.items.length >= this.capacity) {
      this.fullWaits++;
      await new Promise<void>((resolve) => this.pushWaiters.push(resolve));
      if (this.closed) throw new Error("BoundedQueue.push: the queue was closed while waiting for room.");
    }
    const w = this.popWaiters.shift();
    if (w) w(item);
    else {
      this.items.push(item);
      this.highWater = Math.max(this.highWater, this.items.length);
    }
  }

  /** Takes the oldest item, waiting while the queue is empty; `undefined` when closed and empty. */
  async pop(): Promise<T | undefined> {
    if (this.items.length > 0) {
      const item = this.items.shift()!;
      this.pushWaiters.shift()?.();
      return item;
    }
    if (this.closed) return undefined;
    this.emptyWaits++;
    return new Promise<T | undefined>((resolve) => this.popWaiters.push(resolve));
  }

  /** No more items will come: waiting consumers get `undefined` once the queue is empty. */
  close(): void {
    this.closed = true;
    for (const w of this.popWaiters.splice(0)) w(undefined);
    for (const w of this.pushWaiters.splice(0)) w();
  }
}

/** What {@link runPrefetchPipeline} returns. */
export interface PrefetchRun<R> {
  /** One result per item, in item order. */
  results: R[];
  /** Wall-clock ms from start to the last result. */
  wallMs: number;
  /** Total ms spent in `produce` and in `consume` (their sum exceeds wallMs when they overlapped). */
  produceMs: number;
  consumeMs: number;
  /** Queue counters (see BoundedQueue.stats). */
  queue: { highWater: number; fullWaits: number; emptyWaits: number };
}

/**
 * Runs `produce(i)` for `count` items into a {@link BoundedQueue} of `depth` while a consumer takes
 * items out and awaits `consume(item, i)`: the producer works ahead by at most `depth` items
 * (prefetch), so while the consumer waits on the device (or on a worker thread) the producer
 * prepares the next batches. With `depth = 0` it runs strictly one after the other (produce, consume,
 * produce, …): the sequential baseline. Overlap needs `consume` to wait on something that runs
 * off this thread (a GPU, a worker): two pieces of synchronous JavaScript never overlap.
 * `inFlight` (default 1) lets the consumer start that many `consume` calls before awaiting the
 * oldest, so the device (or worker) already holds its next batch when it finishes one, instead of
 * waiting for this thread to hand it over; results still come back in item order.
 */
export async function runPrefetchPipeline<T, R>(count: number, produce: (i: number) => T | Promise<T>, consume: (item: T, i: number) => Promise<R>, depth = 2, inFlight = 1): Promise<PrefetchRun<R>> {
  if (!Number.isInteger(inFlight) || inFlight < 1) throw new RangeError(`runPrefetchPipeline: inFlight must be an integer ≥ 1, got ${inFlight}.`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`runPrefetchPipeline: count must be a non-negative integer, got ${count}.`);
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`runPrefetchPipeline: depth must be a non-negative integer, got ${depth}.`);
  const results: R[] = [];
  let produceMs = 0, consumeMs = 0;
  const t0 = performance.now();
  const timedProduce = async (i: number): Promise<T> => {
    const t = performance.now();
    const item = await produce(i);
    produceMs += performance.now() - t;
    return item;
  };
  const timedConsume = async (item: T, i: number): Promise<R> => {
    const t = performance.now();
    const r = await consume(item, i);
    consumeMs += performance.now() - t;
    return r;
  };
  if (depth === 0) {
    for (let i = 0; i < count; i++) results.push(await timedConsume(await timedProduce(i), i));
    return { results, wallMs: performance.now() - t0, produceMs, consumeMs, queue: { highWater: 0, fullWaits: 0, emptyWaits: 0 } };
  }
  const queue = new BoundedQueue<{ item: T; i: number }>(depth);
  const producer = (async () => {
    try {
      for (let i = 0; i < count; i++) await queue.push({ item: await timedProduce(i), i });
    } finally {
      queue.close();
    }
  })();
  const consumer = (async () => {
    const running: Promise<R>[] = [];
    for (;;) {
      const next = await queue.pop();
      if (next === undefined) break;
      running.push(timedConsume(next.item, next.i));
      if (running.length >= inFlight) results.push(await running.shift()!);
    }
    while (running.length) results.push(await running.shift()!);
  })();
  await Promise.all([producer, consumer]);
  return { results, wallMs: performance.now() - t0, produceMs, consumeMs, queue: queue.stats };
}
