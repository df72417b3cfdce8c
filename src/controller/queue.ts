/** What processing a key asks for next: nothing, or to run again after a delay. */
export type ProcessResult = { requeueAfterMs?: number } | void;

export interface WorkQueueOptions {
  /** At most this many keys are processed at once. */
  concurrency: number;
  process(key: string): Promise<ProcessResult>;
  /** Called when processing a key failed; it is retried after `retryInMs`. */
  onError?(key: string, err: unknown, retryInMs: number): void;
  baseRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * A keyed work queue. Adding a key that is already waiting does nothing (duplicates merge); a key
 * is never processed twice at once (added while in flight, it runs once more afterwards); a
 * failure retries the key with per-key exponential backoff, and adding it during that backoff
 * does not cut it short; a success may ask to run again later, and of several delayed runs of one
 * key the earliest wins.
 */
export class WorkQueue {
  private readonly options: Required<Omit<WorkQueueOptions, 'onError'>> & WorkQueueOptions;
  private readonly ready: string[] = [];
  private readonly waiting = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private running = false;

  constructor(options: WorkQueueOptions) {
    this.options = { baseRetryDelayMs: 500, maxRetryDelayMs: 5 * 60_000, ...options };
  }

  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops taking work and waits for the keys in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  add(key: string): void {
    // A key waiting out its failure backoff is not run early: its retry reads the current state
    // anyway (reconciles are level-triggered), so the addition merges into it.
    if (this.failures.has(key) && this.delayed.has(key)) return;
    this.cancelDelayed(key);
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.ready.push(key);
    this.pump();
  }

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.delayed.set(key, { at, timer });
  }

  /** Keys waiting to run now plus keys in flight. */
  depth(): number {
    return this.ready.length + this.inFlight.size;
  }

  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  private cancelDelayed(key: string): void {
    const existing = this.delayed.get(key);
    if (!existing) return;
    clearTimeout(existing.timer);
    this.delayed.delete(key);
  }

  private pump(): void {
    while (this.running && this.inFlight.size < this.options.concurrency && this.ready.length) {
      const key = this.ready.shift() as string;
      this.waiting.delete(key);
      this.inFlight.set(key, this.runKey(key));
    }
  }

  private async runKey(key: string): Promise<void> {
    try {
      const result = await this.options.process(key);
      this.failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      const delay = Math.min(
        this.options.baseRetryDelayMs * 2 ** (failures - 1),
        this.options.maxRetryDelayMs,
      );
      this.options.onError?.(key, err, delay);
      this.addAfter(key, delay);
    } finally {
      this.inFlight.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }
}
