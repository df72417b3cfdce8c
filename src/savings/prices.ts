/** What one requested CPU core and one requested GiB of memory cost per hour. */
export interface Prices {
  cpuPerHour: number;
  memoryGiBPerHour: number;
  /** ISO 4217 code the prices and every amount derived from them are in. */
  currency: string;
}

/** The `spec.cost` of a policy, as the CRD defines it: decimal strings. */
export interface CostSpec {
  cpuPerHour: string;
  memoryGiBPerHour: string;
  currency?: string;
}

const decimal = /^[0-9]+(\.[0-9]+)?$/;
const currencyCode = /^[A-Z]{3}$/;

/** A problem with a price written as a decimal string, or undefined when it is one. */
export function checkPrice(text: string): string | undefined {
  return decimal.test(text) ? undefined : `'${text}' must be a decimal number such as 0.0316`;
}

export function checkCurrency(text: string): string | undefined {
  return currencyCode.test(text) ? undefined : `'${text}' must be an ISO 4217 code such as USD`;
}

/**
 * The prices a policy's savings are estimated with: its `spec.cost` when it has one, else the
 * controller's defaults. A `spec.cost` that slipped past admission with a bad amount falls back
 * to the defaults, with the field at fault named in `problems`.
 */
export function effectivePrices(
  cost: CostSpec | undefined,
  defaults: Prices,
): { prices: Prices; problems: string[] } {
  if (!cost) return { prices: defaults, problems: [] };
  const problems: string[] = [];
  const cpu = checkPrice(cost.cpuPerHour);
  if (cpu) problems.push(`spec.cost.cpuPerHour: ${cpu}`);
  const memory = checkPrice(cost.memoryGiBPerHour);
  if (memory) problems.push(`spec.cost.memoryGiBPerHour: ${memory}`);
  const currency = cost.currency ?? 'USD';
  const badCurrency = checkCurrency(currency);
  if (badCurrency) problems.push(`spec.cost.currency: ${badCurrency}`);
  if (problems.length > 0) return { prices: defaults, problems };
  return {
    prices: {
      cpuPerHour: Number(cost.cpuPerHour),
      memoryGiBPerHour: Number(cost.memoryGiBPerHour),
      currency,
    },
    problems,
  };
}
