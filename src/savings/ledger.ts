import { costBetween } from './cost.ts';
import { monthOf, startOfNextMonth } from './months.ts';

/** Accumulated savings: the current month's and the total since the policy was created. */
export interface Ledger {
  thisMonth: number;
  sinceCreation: number;
  /** The month `thisMonth` belongs to, `YYYY-MM` in the policy's zone. */
  month: string;
}

/**
 * Adds what `hourly` saves from `fromMs` to `toMs`, split at the month boundaries of `timeZone`:
 * every part counts towards `sinceCreation`; a part in a later month than the ledger's starts that
 * month's `thisMonth` from zero, a part in an earlier month counts towards the total alone.
 */
export function accrue(
  ledger: Ledger,
  hourly: number,
  fromMs: number,
  toMs: number,
  timeZone: string,
): Ledger {
  let { thisMonth, sinceCreation, month } = ledger;
  let cursor = fromMs;
  while (cursor < toMs) {
    const end = Math.min(startOfNextMonth(cursor, timeZone), toMs);
    const amount = costBetween(hourly, cursor, end);
    const partMonth = monthOf(cursor, timeZone);
    if (partMonth > month) [month, thisMonth] = [partMonth, 0];
    if (partMonth === month) thisMonth += amount;
    sinceCreation += amount;
    cursor = end;
  }
  return { thisMonth, sinceCreation, month };
}

/** The ledger as seen at `nowMs`: a month that has ended no longer counts as this month. */
export function rollMonth(ledger: Ledger, nowMs: number, timeZone: string): Ledger {
  const month = monthOf(nowMs, timeZone);
  return month > ledger.month ? { ...ledger, month, thisMonth: 0 } : ledger;
}
