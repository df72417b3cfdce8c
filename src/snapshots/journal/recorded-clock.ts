import { AsyncLocalStorage } from 'node:async_hooks';

const recordedInstant = new AsyncLocalStorage<Date>();

/**
 * A store clock that tells the instant a journaled mutation was asked for while that mutation is
 * replayed, and the real time otherwise. A replay then records the same restore times and end of
 * a snapshot (and so the same history expiry, R9) as a write that had reached DynamoDB at once.
 */
export function clockWithRecordedInstants(now: () => Date = () => new Date()): () => Date {
  return () => recordedInstant.getStore() ?? now();
}

/** Runs `work` with the recorded instant `at` as the time of every clock made above. */
export function atRecordedInstant<T>(at: string, work: () => Promise<T>): Promise<T> {
  return recordedInstant.run(new Date(at), work);
}
