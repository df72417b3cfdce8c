import { instantOf, localTimeAt } from '../schedule/zoned-time.ts';

/** The calendar month of an instant in a zone, as `YYYY-MM`. */
export function monthOf(instantMs: number, timeZone: string): string {
  const local = new Date(localTimeAt(timeZone, instantMs));
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The instant the month after the one holding `instantMs` begins (local midnight of the 1st). */
export function startOfNextMonth(instantMs: number, timeZone: string): number {
  const local = new Date(localTimeAt(timeZone, instantMs));
  const firstOfNext = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1);
  return instantOf(timeZone, firstOfNext);
}
