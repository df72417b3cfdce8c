import type { NamespaceStatus } from '../gen/namespace-scaling-policy.ts';
import type { SavingsConfig } from '../savings/config.ts';
import { computePolicySavings } from '../savings/policy-savings.ts';
import type { AsleepNamespace, PolicySavings } from '../savings/policy-savings.ts';
import { effectivePrices } from '../savings/prices.ts';
import { podTemplateRequests, removedRequests } from '../savings/requests.ts';
import type { RemovedReplicas } from '../savings/requests.ts';
import { parseAmount } from '../savings/cost.ts';
import type { WorkloadObject } from '../scaling/workload.ts';
import type { LoadedSnapshot, SnapshotEntry, WorkloadKind } from '../snapshots/types.ts';
import type { NamespaceOutcome, Policy } from './types.ts';

export interface SavingsSources {
  getActiveSnapshot(namespace: string): Promise<LoadedSnapshot | undefined>;
  getWorkload(kind: WorkloadKind, namespace: string, name: string): WorkloadObject | undefined;
}

/**
 * The savings a policy's status and metric should show now (see `computePolicySavings` for when
 * the accumulated amounts change), priced with its `spec.cost` or the controller's defaults.
 */
export async function estimatePolicySavings(
  policy: Policy,
  outcomes: readonly NamespaceOutcome[],
  context: { timeZone: string; now: Date; config: SavingsConfig; sources: SavingsSources },
): Promise<PolicySavings> {
  const previous = policy.status?.namespaces ?? [];
  return computePolicySavings({
    previous: policy.status,
    asleep: await asleepNamespaces(outcomes, previous, context.sources),
    prices: effectivePrices(policy.spec.cost, context.config.defaultPrices).prices,
    timeZone: context.timeZone,
    now: context.now,
    resolutionMs: context.config.resolutionMs,
  });
}

/**
 * When to look at a policy's savings again: when they are due, but at least every ten minutes
 * (the next month can be weeks away, beyond what a timer holds) and at most every second.
 */
export function savingsRequeueMs(dueInMs: number): number {
  return Math.min(Math.max(1_000, dueInMs), 10 * 60_000);
}

/**
 * What the replicas nsscaler removed request, for each asleep namespace of a policy: for every
 * Deployment and StatefulSet it scaled down (or paused through a ScaledObject, C3), its pod
 * template's requests times its original replicas minus its replicas while asleep (the value
 * nsscaler wrote, or for a ScaledObject's target the replicas it has now).
 *
 * Known limitations: CronJobs are left out (a suspended CronJob's saving depends on how long its
 * jobs would have run, which nsscaler does not know), and so are HPAs themselves (their target's
 * replicas are what is counted). A namespace whose snapshot cannot be read keeps the requests of
 * the previous status.
 */
export async function asleepNamespaces(
  outcomes: readonly NamespaceOutcome[],
  previous: readonly NamespaceStatus[],
  sources: SavingsSources,
): Promise<AsleepNamespace[]> {
  const result: AsleepNamespace[] = [];
  for (const outcome of outcomes) {
    if (outcome.state !== 'Asleep') continue;
    const { namespace, since } = outcome;
    let loaded: LoadedSnapshot | undefined;
    try {
      loaded = await sources.getActiveSnapshot(namespace);
    } catch {
      const known = previous.find((item) => item.name === namespace)?.savings;
      if (known) {
        const requests = { cpu: parseAmount(known.cpu), memoryGiB: parseAmount(known.memoryGiB) };
        result.push({ namespace, since, requests });
      }
      continue;
    }
    const removed = (loaded?.snapshot.entries ?? []).flatMap((entry) =>
      removedReplicasOf(entry, sources),
    );
    result.push({ namespace, since, requests: removedRequests(removed) });
  }
  return result;
}

function removedReplicasOf(entry: SnapshotEntry, sources: SavingsSources): RemovedReplicas[] {
  const { workload } = entry;
  if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet') return [];
  if (entry.field !== 'replicas' || entry.original.state !== 'present' || entry.restore) return [];
  const ours =
    entry.action.type === 'scaled' ||
    (entry.action.type === 'left-alone' && entry.action.reason === 'targeted-by-scaled-object');
  if (!ours) return [];

  const current = sources.getWorkload(workload.kind, workload.namespace, workload.name);
  if (!current) return [];
  if (workload.uid && current.metadata.uid && workload.uid !== current.metadata.uid) return [];
  // A scaled workload counts at the value nsscaler wrote: right after a sleep the cache may not
  // have seen that write yet. TODO(savings): a workload a person scales up while asleep is still
  // counted at that value. A ScaledObject's target is at whatever KEDA keeps it.
  const asleep =
    entry.action.type === 'scaled' ? entry.action.setTo : (current.spec?.replicas ?? 1);
  const removed = entry.original.value - asleep;
  return [{ perReplica: podTemplateRequests(current.spec?.template).requests, removed }];
}
