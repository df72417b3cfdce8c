import type { SnapshotJournal } from './journal-file.ts';
import type { JournalRecord } from './record-codec.ts';
import { keepRejectedRecord } from './rejected-records.ts';

/**
 * How replaying one record went: `applied` (DynamoDB holds it now, whether this replay wrote it
 * or an earlier one did); `rejected`, DynamoDB refused it for good, so it is kept in the rejected
 * file and dropped from the journal; `blocked`, DynamoDB is unavailable, so the replay stops here
 * and tries again later, keeping the order.
 */
export type ReplayVerdict =
  | { readonly outcome: 'applied' }
  | { readonly outcome: 'rejected'; readonly reason: string }
  | { readonly outcome: 'blocked'; readonly error: unknown };

export interface JournalReplayerOptions {
  readonly journal: SnapshotJournal;
  /** Sends one record to DynamoDB. Never throws: every outcome is a verdict. */
  readonly replay: (record: JournalRecord) => Promise<ReplayVerdict>;
  /** How long to wait before trying again after a blocked replay. */
  readonly retryMs: number;
  readonly onVerdict?: (record: JournalRecord, verdict: ReplayVerdict) => void;
  /** A failure of the journal itself (keeping a rejected record, compacting). */
  readonly onError?: (err: unknown) => void;
}

/**
 * Sends the journal's pending records to DynamoDB one at a time, oldest first, and compacts the
 * journal once records are replayed. It runs in the background when triggered (after an append,
 * when the breaker half-opens or closes, at start-up) and retries by itself while records wait.
 */
export class JournalReplayer {
  readonly #options: JournalReplayerOptions;
  #running: Promise<void> | undefined;
  #runAgain = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: JournalReplayerOptions) {
    this.#options = options;
  }

  /** Starts a pass soon, or one more after the pass that is running. */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) {
      this.#runAgain = true;
      return;
    }
    this.#running = this.#pass().finally(() => {
      this.#running = undefined;
      if (this.#runAgain) {
        this.#runAgain = false;
        this.trigger();
      }
    });
  }

  /** Resolves when no pass is running (one may be scheduled for later). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    await this.idle();
  }

  async #pass(): Promise<void> {
    const { journal, replay, onVerdict, onError } = this.#options;
    let acknowledged = 0;
    try {
      for (const record of journal.pending()) {
        if (this.#stopped) break;
        const verdict = await replay(record);
        if (verdict.outcome === 'blocked') {
          onVerdict?.(record, verdict);
          this.#retryLater();
          break;
        }
        if (verdict.outcome === 'rejected') {
          const rejectedAt = new Date().toISOString();
          await keepRejectedRecord(journal.path, { rejectedAt, reason: verdict.reason, record });
        }
        journal.acknowledge(record.seq);
        acknowledged += 1;
        onVerdict?.(record, verdict);
      }
      if (acknowledged > 0) await journal.compact();
    } catch (err) {
      onError?.(err);
      this.#retryLater();
    }
  }

  #retryLater(): void {
    if (this.#stopped || this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.trigger();
    }, this.#options.retryMs);
    this.#retryTimer.unref();
  }
}
