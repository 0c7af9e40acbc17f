import { describe, it, expect, afterEach, beforeEach, vi } from "vitest";
import { MicroBatcher, QueueFullError, DeadlineExceededError, ShuttingDownError } from "../../lib/serving/index";
import { createRng } from "../../lib/data/random";

/** A batch function that records its batches and answers x → 10·x, after `delayMs` (fake-timer friendly). */
function recorder(delayMs = 0): { fn: (xs: number[]) => Promise<number[]>; batches: number[][] } {
  const batches: number[][] = [];
  return {
    batches,
    fn: async (xs) => {
      batches.push(xs.slice());
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return xs.map((x) => 10 * x);
    },
  };
}

describe("MicroBatcher", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("splits a burst into batches of at most maxBatchSize, in submission order, each item getting its own result", async () => {
    const r = recorder();
    const b = new MicroBatcher(r.fn, { maxBatchSize: 8, maxWaitMs: 5 });
    const items = Array.from({ length: 100 }, (_, i) => i);
    const results = Promise.all(items.map((x) => b.submit(x)));
    await vi.runAllTimersAsync();
    expect(await results).toEqual(items.map((x) => 10 * x));
    expect(r.batches.map((x) => x.length)).toEqual([...Array(12).fill(8), 4]);
    expect(r.batches.flat()).toEqual(items);
    expect(b.stats).toMatchObject({ batches: 13, items: 100, largestBatch: 8, rejectedFull: 0, expired: 0 });
  });

  it("waits up to maxWaitMs for a batch to fill, then sends what it has", async () => {
    const r = recorder();
    const b = new MicroBatcher(r.fn, { maxBatchSize: 8, maxWaitMs: 10 });
    const p = Promise.all([b.submit(1), b.submit(2), b.submit(3)]);
    await vi.advanceTimersByTimeAsync(9);
    expect(r.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.batches).toEqual([[1, 2, 3]]);
    expect(await p).toEqual([10, 20, 30]);
  });

  it("sends a full batch at once without waiting", () => {
    const r = recorder();
    const b = new MicroBatcher(r.fn, { maxBatchSize: 4, maxWaitMs: 1000 });
    for (let i = 0; i < 4; i++) void b.submit(i);
    expect(r.batches).toEqual([[0, 1, 2, 3]]); // synchronously, no timer advanced
  });

  it("accumulates items while a batch runs and sends them together when the runner frees", async () => {
    const r = recorder(50);
    const b = new MicroBatcher(r.fn, { maxBatchSize: 16, maxWaitMs: 0 });
    const first = b.submit(0);
    expect(r.batches).toEqual([[0]]);
    const rest = Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x)));
    expect(b.queueDepth).toBe(5);
    expect(b.inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(r.batches).toEqual([[0], [1, 2, 3, 4, 5]]);
    await vi.advanceTimersByTimeAsync(50);
    expect(await first).toBe(0);
    expect(await rest).toEqual([10, 20, 30, 40, 50]);
  });

  it("refuses work beyond maxQueueSize with QueueFullError (back-pressure) and still settles every accepted item", async () => {
    const r = recorder(100);
    const b = new MicroBatcher(r.fn, { maxBatchSize: 2, maxWaitMs: 0, maxQueueSize: 4 });
    const accepted = [b.submit(0), b.submit(1), b.submit(2), b.submit(3), b.submit(4)]; // 0 runs at once; 1..4 wait
    expect(b.queueDepth).toBe(4);
    await expect(b.submit(5)).rejects.toBeInstanceOf(QueueFullError);
    await expect(b.submitMany([6, 7])).rejects.toThrow(/Queue full: 4 items waiting/);
    await vi.runAllTimersAsync();
    expect(await Promise.all(accepted)).toEqual([0, 10, 20, 30, 40]);
    expect(b.stats.rejectedFull).toBe(3);
    expect(r.batches).toEqual([[0], [1, 2], [3, 4]]);
  });

  it("submitMany is all-or-nothing and keeps the order of its items across batches", async () => {
    const r = recorder();
    const b = new MicroBatcher(r.fn, { maxBatchSize: 3, maxWaitMs: 1 });
    const p = b.submitMany([5, 6, 7, 8, 9, 10, 11]);
    await vi.runAllTimersAsync();
    expect(await p).toEqual([50, 60, 70, 80, 90, 100, 110]);
    expect(r.batches).toEqual([[5, 6, 7], [8, 9, 10], [11]]);
  });

  it("a failing batch rejects only its own items; the next batch runs", async () => {
    let call = 0;
    const b = new MicroBatcher<number, number>(
      async (xs) => {
        call++;
        if (call === 1) throw new Error("model exploded");
        return xs;
      },
      { maxBatchSize: 2, maxWaitMs: 0 },
    );
    const a = b.submitMany([1, 2]);
    const c = b.submitMany([3, 4]);
    await expect(a).rejects.toThrow("model exploded");
    await vi.runAllTimersAsync();
    expect(await c).toEqual([3, 4]);
  });

  it("rejects a batch whose function returns the wrong number of results", async () => {
    const b = new MicroBatcher<number, number>(async (xs) => xs.slice(1), { maxBatchSize: 4, maxWaitMs: 0 });
    await expect(b.submitMany([1, 2, 3])).rejects.toThrow(/returned 2 results for 3 items/);
  });

  it("drops items whose deadline passed while waiting, without running them", async () => {
    const r = recorder(100);
    const b = new MicroBatcher(r.fn, { maxBatchSize: 1, maxWaitMs: 0 });
    const first = b.submit(1);
    const late = b.submit(2, { deadline: performance.now() + 50 });
    const onTime = b.submit(3, { deadline: performance.now() + 500 });
    const lateCheck = expect(late).rejects.toBeInstanceOf(DeadlineExceededError);
    await vi.advanceTimersByTimeAsync(300);
    await lateCheck;
    expect(await first).toBe(10);
    expect(await onTime).toBe(30);
    expect(r.batches).toEqual([[1], [3]]);
    expect(b.stats.expired).toBe(1);
  });

  it("close() runs what is queued without waiting for a full batch and refuses new work", async () => {
    const r = recorder();
    const b = new MicroBatcher(r.fn, { maxBatchSize: 10, maxWaitMs: 10_000 });
    const p = b.submitMany([1, 2, 3]);
    const closed = b.close();
    await expect(b.submit(4)).rejects.toBeInstanceOf(ShuttingDownError);
    await closed;
    expect(await p).toEqual([10, 20, 30]);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  it("random arrivals and run times with two runners: no item lost, duplicated or reordered; sizes and waits within limits", async () => {
    const rng = createRng(3);
    const maxBatchSize = 5;
    const maxWaitMs = 4;
    const dispatched: { items: number[]; at: number }[] = [];
    const enqueuedAt = new Map<number, number>();
    const b = new MicroBatcher<number, string>(
      async (xs) => {
        dispatched.push({ items: xs.slice(), at: performance.now() });
        await new Promise((res) => setTimeout(res, rng.int(10)));
        return xs.map((x) => `r${x}`);
      },
      { maxBatchSize, maxWaitMs, concurrency: 2 },
    );
    const settled: (string | undefined)[] = [];
    const all: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      await vi.advanceTimersByTimeAsync(rng.int(3));
      enqueuedAt.set(i, performance.now());
      all.push(b.submit(i).then((v) => void (settled[i] = v)));
    }
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(settled).toEqual(Array.from({ length: 300 }, (_, i) => `r${i}`));
    expect(dispatched.flatMap((d) => d.items)).toEqual(Array.from({ length: 300 }, (_, i) => i)); // FIFO batches
    for (const d of dispatched) {
      expect(d.items.length).toBeGreaterThanOrEqual(1);
      expect(d.items.length).toBeLessThanOrEqual(maxBatchSize);
    }
    // a partial batch is never sent before its oldest item has waited maxWaitMs (unless a runner was busy, it is sent then)
    for (const d of dispatched) {
      if (d.items.length < maxBatchSize) expect(d.at - enqueuedAt.get(d.items[0]!)!).toBeGreaterThanOrEqual(maxWaitMs);
    }
  });

  it("validates its options", () => {
    const f = async (xs: number[]): Promise<number[]> => xs;
    expect(() => new MicroBatcher(f, { maxBatchSize: 0 })).toThrow(/maxBatchSize/);
    expect(() => new MicroBatcher(f, { maxWaitMs: -1 })).toThrow(/maxWaitMs/);
    expect(() => new MicroBatcher(f, { maxQueueSize: 0 })).toThrow(/maxQueueSize/);
    expect(() => new MicroBatcher(f, { concurrency: 1.5 })).toThrow(/concurrency/);
  });
});
