import type {
  EstimatedSavings,
  NamespaceScalingPolicyStatus,
  NamespaceStatus,
} from '../gen/namespace-scaling-policy.ts';
import { costBetween, formatAmount, hourlyCost, parseAmount } from './cost.ts';
import type { HourlyCost } from './cost.ts';
import { accrue, rollMonth } from './ledger.ts';
import type { Ledger } from './ledger.ts';
import { monthOf, startOfNextMonth } from './months.ts';
import type { Prices } from './prices.ts';
import type { Requests } from './requests.ts';

export type NamespaceSavings = NonNullable<NamespaceStatus['savings']>;

/** An asleep namespace: what the replicas nsscaler removed request, and since when it sleeps. */
export interface AsleepNamespace {
  namespace: string;
  requests: Requests;
  /** ISO 8601 instant the namespace went to sleep. */
  since?: string | undefined;
}

export interface SavingsInputs {
  /** The status as last written: its amounts are the accumulated values (they survive restarts). */
  previous: NamespaceScalingPolicyStatus | undefined;
  asleep: readonly AsleepNamespace[];
  prices: Prices;
  timeZone: string;
  now: Date;
  /** How long accumulated amounts may lag behind while nothing changes. */
  resolutionMs: number;
}

export interface PolicySavings {
  total: EstimatedSavings;
  namespaces: ReadonlyMap<string, NamespaceSavings>;
  /** Cost per hour of each asleep namespace, by resource (for the metric). */
  hourly: ReadonlyMap<string, HourlyCost>;
  /** When the amounts should next be brought up to date. */
  nextUpdateAt: Date;
}

/**
 * The savings a policy's status should show. Amounts are accumulated, not recomputed: the
 * previous status holds the totals up to `accountedUntil` and the hourly rate of each namespace
 * since then. They are brought up to date (and so the status changes) only when a rate changes (a
 * sleep, a wake, a workload or price change), when the month changes, or once `resolutionMs` has
 * passed while a namespace is asleep. Otherwise the previous amounts are returned unchanged, so an
 * unchanged policy is not rewritten on every reconcile.
 */
export function computePolicySavings(inputs: SavingsInputs): PolicySavings {
  const { previous, prices, timeZone, resolutionMs } = inputs;
  const nowMs = inputs.now.getTime();
  const before = previousAmounts(previous);
  const hourly = new Map(
    inputs.asleep.map((item) => [item.namespace, hourlyCost(item.requests, prices)]),
  );
  const current = new Map(
    inputs.asleep.map((item) => [item.namespace, rates(item.requests, hourly.get(item.namespace))]),
  );

  const accountedMs = before.accountedUntil ?? nowMs;
  const stale =
    before.accountedUntil === undefined ||
    previous?.estimatedSavings?.currency !== prices.currency ||
    monthOf(nowMs, timeZone) !== before.ledger.month ||
    !sameRates(before.namespaces, current) ||
    ((current.size > 0 || before.namespaces.size > 0) && nowMs - accountedMs >= resolutionMs);
  const nextMonthMs = startOfNextMonth(nowMs, timeZone);
  const nextUpdate = (accounted: number) =>
    new Date(current.size > 0 ? Math.min(accounted + resolutionMs, nextMonthMs) : nextMonthMs);

  if (!stale && previous?.estimatedSavings) {
    return {
      total: previous.estimatedSavings,
      namespaces: before.namespaces,
      hourly,
      nextUpdateAt: nextUpdate(accountedMs),
    };
  }

  // The rates in the previous status held from accountedUntil until now.
  let ledger = before.ledger;
  let previousHourly = 0;
  for (const savings of before.namespaces.values()) previousHourly += parseAmount(savings.hourly);
  ledger = accrue(ledger, previousHourly, accountedMs, nowMs, timeZone);

  const namespaces = new Map<string, NamespaceSavings>();
  for (const item of inputs.asleep) {
    const rate = hourly.get(item.namespace)?.total ?? 0;
    const known = before.namespaces.get(item.namespace);
    let thisSleep: number;
    if (known) {
      thisSleep =
        parseAmount(known.thisSleep) + costBetween(parseAmount(known.hourly), accountedMs, nowMs);
    } else {
      // Newly asleep (or newly seen): its time before accountedUntil was not in any total yet.
      const sinceMs = item.since ? Date.parse(item.since) : nowMs;
      const fromMs = Number.isFinite(sinceMs) ? Math.min(sinceMs, nowMs) : nowMs;
      thisSleep = costBetween(rate, fromMs, nowMs);
      const creditFromMs = Math.max(fromMs, before.accountedUntil ?? fromMs);
      ledger = accrue(ledger, rate, creditFromMs, nowMs, timeZone);
    }
    namespaces.set(item.namespace, {
      ...(current.get(item.namespace) as Rates),
      thisSleep: formatAmount(thisSleep),
    });
  }
  ledger = rollMonth(ledger, nowMs, timeZone);

  let totalHourly = 0;
  for (const cost of hourly.values()) totalHourly += cost.total;
  return {
    total: {
      thisMonth: formatAmount(ledger.thisMonth),
      sinceCreation: formatAmount(ledger.sinceCreation),
      currency: prices.currency,
      hourly: formatAmount(totalHourly),
      month: ledger.month,
      accountedUntil: inputs.now.toISOString(),
    },
    namespaces,
    hourly,
    nextUpdateAt: nextUpdate(nowMs),
  };
}

type Rates = Pick<NamespaceSavings, 'cpu' | 'memoryGiB' | 'hourly'>;

function rates(requests: Requests, cost: HourlyCost | undefined): Rates {
  return {
    cpu: formatAmount(requests.cpu),
    memoryGiB: formatAmount(requests.memoryGiB),
    hourly: formatAmount(cost?.total ?? 0),
  };
}

function sameRates(
  before: ReadonlyMap<string, NamespaceSavings>,
  current: ReadonlyMap<string, Rates>,
): boolean {
  if (before.size !== current.size) return false;
  for (const [name, rate] of current) {
    const known = before.get(name);
    if (!known) return false;
    if (known.cpu !== rate.cpu || known.memoryGiB !== rate.memoryGiB) return false;
    if (known.hourly !== rate.hourly) return false;
  }
  return true;
}

function previousAmounts(previous: NamespaceScalingPolicyStatus | undefined): {
  ledger: Ledger;
  accountedUntil: number | undefined;
  namespaces: Map<string, NamespaceSavings>;
} {
  const total = previous?.estimatedSavings;
  const accounted = total?.accountedUntil ? Date.parse(total.accountedUntil) : Number.NaN;
  const namespaces = new Map<string, NamespaceSavings>();
  for (const item of previous?.namespaces ?? []) {
    if (item.savings) namespaces.set(item.name, item.savings);
  }
  return {
    ledger: {
      thisMonth: parseAmount(total?.thisMonth),
      sinceCreation: parseAmount(total?.sinceCreation),
      month: total?.month ?? '',
    },
    accountedUntil: Number.isFinite(accounted) ? accounted : undefined,
    namespaces,
  };
}
