import type { Notification } from './types.ts';

export const defaultDuplicateWindowMs = 10 * 60_000;

/** Two notifications are duplicates when these are equal. */
function duplicateKey(n: Notification): string {
  return JSON.stringify([n.policy, n.namespace, n.outcome, n.summary]);
}

/**
 * Lets a notification through once per window: a repeat (same policy, namespace, outcome and
 * summary) within `windowMs` of the last one let through is suppressed. The window is counted
 * from the notification that was let through, not from the last repeat, so a failure that keeps
 * happening is reported again once per window instead of never.
 */
export class DuplicateFilter {
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #lastPassed = new Map<string, number>();

  constructor(windowMs = defaultDuplicateWindowMs, now: () => number = Date.now) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** True when `notification` should be sent, and then remembers it. */
  admit(notification: Notification): boolean {
    const now = this.#now();
    this.#forgetExpired(now);

    const key = duplicateKey(notification);
    if (this.#lastPassed.has(key)) return false;

    this.#lastPassed.set(key, now);
    return true;
  }

  #forgetExpired(now: number): void {
    for (const [key, passedAt] of this.#lastPassed) {
      if (now - passedAt >= this.#windowMs) this.#lastPassed.delete(key);
    }
  }
}
