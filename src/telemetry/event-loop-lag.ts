/**
 * Measures how late the event loop runs a timer: a timer due every `intervalMs` that fires
 * `intervalMs + lag` after the previous one was held up for `lag` by work that blocked the loop.
 * The largest lag of the last `windowMs` is what liveness is judged on, so a loop that was blocked
 * shows up even though the probe itself is answered once it runs again.
 */
export class EventLoopLag {
  private readonly intervalMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly samples: Array<{ at: number; lagMs: number }> = [];
  private lastTick: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: { intervalMs?: number; windowMs?: number; now?: () => number } = {}) {
    this.intervalMs = options.intervalMs ?? 500;
    this.windowMs = options.windowMs ?? 30_000;
    this.now = options.now ?? (() => performance.now());
    this.lastTick = this.now();
  }

  start(): this {
    this.lastTick = this.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Records one timer callback; exposed so the arithmetic can be tested with a fake clock. */
  tick(): void {
    const at = this.now();
    this.samples.push({ at, lagMs: Math.max(0, at - this.lastTick - this.intervalMs) });
    this.lastTick = at;
    while (this.samples.length > 0 && (this.samples[0]?.at ?? at) < at - this.windowMs) {
      this.samples.shift();
    }
  }

  /** The largest lag of the window, including the one building up now if the timer is overdue. */
  maxLagMs(): number {
    const overdue = Math.max(0, this.now() - this.lastTick - this.intervalMs);
    const cutoff = this.now() - this.windowMs;
    let max = overdue;
    for (const sample of this.samples) if (sample.at >= cutoff) max = Math.max(max, sample.lagMs);
    return max;
  }
}
