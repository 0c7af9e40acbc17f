/** What {@link ModelPool} needs of a loaded model: its size for the budget, and a way to free it. */
export interface PooledModel {
  /** Resident size in bytes counted against the budget. */
  sizeBytes: number;
  /** Frees the model (runtime session, buffers). */
  release(): Promise<void>;
}

/** A model checked out of a {@link ModelPool}: use `model`, then call `release()` exactly once. */
export interface PoolLease<M> {
  /** The loaded model. */
  model: M;
  /** Marks the model no longer in use by this caller (it may then be unloaded). */
  release: () => void;
}

/** Options of {@link ModelPool}. */
export interface ModelPoolOptions {
  /** Total `sizeBytes` the pool keeps loaded before unloading least-recently-used models. Default 1 GiB. */
  memoryBudgetBytes?: number;
  /** Called after a model is loaded (cold start), with the load time in ms. */
  onLoad?: (key: string, ms: number, sizeBytes: number) => void;
  /** Called after a model is unloaded to make room. */
  onEvict?: (key: string, sizeBytes: number) => void;
}

/** Counters of a {@link ModelPool}. */
export interface ModelPoolStats {
  /** Requests served by a model already loaded. */
  hits: number;
  /** Requests that had to load (or wait for the load of) a model. */
  misses: number;
  /** Loads performed. */
  loads: number;
  /** Models unloaded to stay within the budget. */
  evictions: number;
  /** Sum of `sizeBytes` of the loaded models. */
  residentBytes: number;
  /** Loaded keys, least recently used first. */
  loaded: string[];
  /** Load time of every cold start, ms, in order. */
  coldStartMs: number[];
}

interface Entry<M> {
  model: M;
  refs: number;
}

/**
 * Keeps many models loaded in one process within a memory budget: models load on first use (a
 * cold start; concurrent requests for the same key share one load), and when the loaded sizes
 * exceed `memoryBudgetBytes` the least-recently-used models that no request is using are unloaded.
 * A model in use is never unloaded, so the budget can be exceeded briefly when every loaded model is busy.
 *
 * @example
 * const pool = new ModelPool((key) => loadTextClassifier(dirOf(key)), { memoryBudgetBytes: 256 * 2 ** 20 });
 * const out = await pool.use("agnews@2", (m) => m.predictBatch(["oil prices fall"]));
 */
export class ModelPool<M extends PooledModel> {
  /** Budget in bytes. */
  readonly memoryBudgetBytes: number;
  private readonly loader: (key: string) => Promise<M>;
  private readonly onLoad?: ModelPoolOptions["onLoad"];
  private readonly onEvict?: ModelPoolOptions["onEvict"];
  private readonly entries = new Map<string, Entry<M>>(); // Map order = LRU order (oldest first)
  private readonly loading = new Map<string, Promise<Entry<M>>>();
  private readonly counters = { hits: 0, misses: 0, loads: 0, evictions: 0 };
  private readonly coldStarts: number[] = [];

  /**
   * @param loader loads the model for a key (e.g. `"agnews@2"`)
   * @param options memoryBudgetBytes (1 GiB), onLoad, onEvict
   */
  constructor(loader: (key: string) => Promise<M>, options: ModelPoolOptions = {}) {
    this.loader = loader;
    this.memoryBudgetBytes = options.memoryBudgetBytes ?? 2 ** 30;
    if (!(this.memoryBudgetBytes > 0)) throw new RangeError(`ModelPool: memoryBudgetBytes must be > 0, got ${this.memoryBudgetBytes}.`);
    this.onLoad = options.onLoad;
    this.onEvict = options.onEvict;
  }

  /** Sum of `sizeBytes` of the loaded models. */
  get residentBytes(): number {
    let s = 0;
    for (const e of this.entries.values()) s += e.model.sizeBytes;
    return s;
  }

  /** A snapshot of the counters. */
  get stats(): ModelPoolStats {
    return { ...this.counters, residentBytes: this.residentBytes, loaded: [...this.entries.keys()], coldStartMs: this.coldStarts.slice() };
  }

  /** The loaded model for a key without loading it or changing the LRU order (for metrics), or undefined. */
  peek(key: string): M | undefined {
    return this.entries.get(key)?.model;
  }

  /** Whether a key is loaded now. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Gets a model, loading it if needed, and marks it in use until `release()` is called (call it
   * exactly once, in a `finally`).
   */
  async acquire(key: string): Promise<PoolLease<M>> {
    let entry = this.entries.get(key);
    if (entry) {
      this.counters.hits++;
      this.entries.delete(key); // move to most-recently-used
      this.entries.set(key, entry);
    } else {
      this.counters.misses++;
      let p = this.loading.get(key);
      if (!p) {
        p = this.load(key);
        this.loading.set(key, p);
        p.finally(() => this.loading.delete(key)).catch(() => undefined);
      }
      entry = await p;
    }
    entry.refs++;
    const e = entry;
    let done = false;
    return {
      model: e.model,
      release: () => {
        if (done) return;
        done = true;
        e.refs--;
        void this.enforceBudget();
      },
    };
  }

  /** Runs `fn` with the model for `key`, holding it in use for the duration. */
  async use<T>(key: string, fn: (model: M) => Promise<T>): Promise<T> {
    const { model, release } = await this.acquire(key);
    try {
      return await fn(model);
    } finally {
      release();
    }
  }

  private async load(key: string): Promise<Entry<M>> {
    const t0 = performance.now();
    const model = await this.loader(key);
    const ms = performance.now() - t0;
    this.counters.loads++;
    this.coldStarts.push(ms);
    const entry: Entry<M> = { model, refs: 0 };
    this.entries.set(key, entry);
    this.onLoad?.(key, ms, model.sizeBytes);
    entry.refs++; // protect the new model while making room
    try {
      await this.enforceBudget();
    } finally {
      entry.refs--;
    }
    return entry;
  }

  /** Unloads least-recently-used idle models until the resident size fits the budget. */
  private async enforceBudget(): Promise<void> {
    while (this.residentBytes > this.memoryBudgetBytes) {
      const victim = [...this.entries.entries()].find(([, e]) => e.refs === 0);
      if (!victim) return; // everything loaded is busy: over budget until one is released
      await this.evict(victim[0]);
    }
  }

  /** Unloads one model now (if loaded and idle). Returns whether it was unloaded. */
  async evict(key: string): Promise<boolean> {
    const e = this.entries.get(key);
    if (!e || e.refs > 0) return false;
    this.entries.delete(key);
    this.counters.evictions++;
    this.onEvict?.(key, e.model.sizeBytes);
    await e.model.release();
    return true;
  }

  /** Unloads every model (waiting loads finish first). Models in use are released anyway: call at shutdown. */
  async clear(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map((e) => e.model.release()));
  }
}
