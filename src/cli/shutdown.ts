import type { Logger } from 'pino';

/** One thing to undo at shutdown, registered as it is started. */
interface StopStep {
  name: string;
  stop(): void | Promise<void>;
}

/**
 * Graceful shutdown of `nsscaler run`. Signal handlers are installed first thing, so a SIGTERM
 * during start-up is not lost; `begun` turns true at once (readiness reports it) and start-up
 * steps raced with `interrupted` give up. `stop()` then undoes every registered step in reverse
 * order, each on its own (one failing step does not keep the others from running), all within
 * a deadline: what has not finished by then is handed back to the next leader, which finds it
 * in the snapshot store (R1, R8).
 */
export class Shutdown {
  private readonly logger: Logger;
  private readonly steps: StopStep[] = [];
  private started = false;
  private resolveSignal: (signal: string) => void = () => undefined;
  /** Resolves with the signal's name when shutdown begins. */
  readonly signalled: Promise<string>;

  constructor(logger: Logger) {
    this.logger = logger;
    this.signalled = new Promise((resolve) => (this.resolveSignal = resolve));
  }

  /** Listens for SIGTERM and SIGINT. */
  install(target: NodeJS.Process = process): this {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      target.once(signal, () => this.begin(signal));
    }
    return this;
  }

  begin(reason: string): void {
    if (this.started) return;
    this.started = true;
    this.logger.info({ operation: 'shutdown', signal: reason }, 'shutting down');
    this.resolveSignal(reason);
  }

  get begun(): boolean {
    return this.started;
  }

  /** Registers something to undo at shutdown; steps run in the reverse order of registration. */
  onStop(name: string, stop: () => void | Promise<void>): void {
    this.steps.push({ name, stop });
  }

  /** Resolves with the work's result, or with `undefined` as soon as shutdown begins. */
  async interrupted<T>(work: Promise<T>): Promise<T | undefined> {
    return Promise.race([work, this.signalled.then(() => undefined)]);
  }

  /** Runs the stop steps; true when all finished before `deadlineMs`. */
  async stop(deadlineMs: number): Promise<boolean> {
    const steps = [...this.steps].reverse();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), deadlineMs);
      timer.unref();
    });
    const all = (async () => {
      for (const step of steps) {
        try {
          await step.stop();
        } catch (err) {
          this.logger.error({ operation: 'shutdown', err, step: step.name }, 'a stop step failed');
        }
      }
      return true as const;
    })();
    const finished = await Promise.race([all, deadline]);
    clearTimeout(timer);
    if (!finished) {
      this.logger.error(
        { operation: 'shutdown', deadlineMs },
        'shutdown deadline passed; unfinished work is left to the next leader',
      );
    }
    return finished;
  }
}
