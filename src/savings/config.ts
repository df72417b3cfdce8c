import { checkCurrency, checkPrice } from './prices.ts';
import type { Prices } from './prices.ts';

export interface SavingsConfig {
  /** Prices of policies without `spec.cost`. */
  defaultPrices: Prices;
  /** Accumulated amounts lag behind by at most this long while nothing changes. */
  resolutionMs: number;
}

/**
 * Roughly what one vCPU and one GiB cost per hour on demand at a large cloud provider; an
 * estimate for clusters that set no prices of their own.
 */
export const defaultSavingsConfig: SavingsConfig = {
  defaultPrices: { cpuPerHour: 0.0405, memoryGiBPerHour: 0.0045, currency: 'USD' },
  resolutionMs: 5 * 60_000,
};

/** Reads the savings variables, adding one line per bad variable to `problems`. */
export function readSavingsConfig(env: NodeJS.ProcessEnv, problems: string[]): SavingsConfig {
  const defaults = defaultSavingsConfig.defaultPrices;
  const price = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const problem = checkPrice(raw);
    if (problem) problems.push(`${name}: ${problem}`);
    return problem ? fallback : Number(raw);
  };
  const cpuPerHour = price('NSSCALER_PRICE_VCPU_HOUR', defaults.cpuPerHour);
  const memoryGiBPerHour = price('NSSCALER_PRICE_GIB_HOUR', defaults.memoryGiBPerHour);
  let currency = env.NSSCALER_PRICE_CURRENCY || defaults.currency;
  const badCurrency = checkCurrency(currency);
  if (badCurrency) {
    problems.push(`NSSCALER_PRICE_CURRENCY: ${badCurrency}`);
    currency = defaults.currency;
  }

  let resolutionMs = defaultSavingsConfig.resolutionMs;
  const rawResolution = env.NSSCALER_SAVINGS_RESOLUTION_SECONDS;
  if (rawResolution !== undefined && rawResolution !== '') {
    const seconds = Number(rawResolution);
    if (Number.isInteger(seconds) && seconds >= 1) resolutionMs = seconds * 1000;
    else {
      problems.push(
        `NSSCALER_SAVINGS_RESOLUTION_SECONDS: '${rawResolution}' must be a whole number ≥ 1`,
      );
    }
  }
  return { defaultPrices: { cpuPerHour, memoryGiBPerHour, currency }, resolutionMs };
}
