import type { Prices } from './prices.ts';
import type { Requests } from './requests.ts';

const hourMs = 3_600_000;

/** What requests cost per hour, by resource and in total. */
export interface HourlyCost {
  cpu: number;
  memory: number;
  total: number;
}

export function hourlyCost(requests: Requests, prices: Prices): HourlyCost {
  const cpu = requests.cpu * prices.cpuPerHour;
  const memory = requests.memoryGiB * prices.memoryGiBPerHour;
  return { cpu, memory, total: cpu + memory };
}

/** What an hourly amount adds up to from one instant to a later one (nothing if not later). */
export function costBetween(hourly: number, fromMs: number, toMs: number): number {
  return toMs > fromMs ? (hourly * (toMs - fromMs)) / hourMs : 0;
}

/**
 * An amount as status shows it: a decimal string with at most six decimals (amounts of a few
 * seconds of sleep are fractions of a cent) and no trailing zeros.
 */
export function formatAmount(amount: number): string {
  const rounded = Math.round(amount * 1e6) / 1e6;
  return rounded.toFixed(6).replace(/\.?0+$/, '') || '0';
}

/** An amount read back from status; an unreadable one counts as zero. */
export function parseAmount(text: string | undefined): number {
  const value = Number(text ?? '0');
  return Number.isFinite(value) && value >= 0 ? value : 0;
}
