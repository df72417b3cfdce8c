/**
 * Kubernetes resource quantities ("500m", "1.5", "256Mi", "1G", "2e3") as plain numbers. The
 * client library's `quantityToScalar` rejects fractional binary amounts such as "1.5Gi", which
 * users may write in a pod template, so the suffix table is read here.
 */
const multipliers: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const quantityPattern = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|([a-zA-Z]*))$/;

/** The value of a quantity, or undefined when it is not one. */
export function parseQuantity(quantity: string): number | undefined {
  const match = quantityPattern.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits = '', exponent, suffix = ''] = match;
  if (exponent !== undefined) return Number(`${digits}${exponent}`);
  const multiplier = multipliers[suffix];
  return multiplier === undefined ? undefined : Number(digits) * multiplier;
}
