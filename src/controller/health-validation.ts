import type { SnapshotEntry } from '../snapshots/types.ts';
import type { WorkloadObject } from '../scaling/workload.ts';

/** What `healthCheck.timeoutSeconds` means when the policy leaves it out (the CRD's default). */
export const defaultHealthTimeoutSeconds = 300;

/**
 * When the current wake-order group started: the latest instant at which one of its entries was
 * settled as restored. That instant is stored with the entry in the snapshot, so a fresh process
 * after a crash (R8) measures from the same start instead of restarting the clock. Undefined when
 * no entry of the group records it (entries settled by a release that did not record the time).
 */
export function groupStartedAt(group: readonly SnapshotEntry[]): Date | undefined {
  let latest: number | undefined;
  for (const entry of group) {
    if (entry.restore?.outcome !== 'restored' || entry.restore.at === undefined) continue;
    const at = Date.parse(entry.restore.at);
    if (!Number.isNaN(at) && (latest === undefined || at > latest)) latest = at;
  }
  return latest === undefined ? undefined : new Date(latest);
}

export type ReadinessVerdict =
  | { readonly verdict: 'ready' }
  | { readonly verdict: 'waiting'; readonly remainingMs: number }
  | { readonly verdict: 'timed-out'; readonly waitedSeconds: number };

/**
 * O1: a group whose restored workloads are all ready passes; one that still has laggards waits
 * until `timeoutSeconds` after the group started, and then has failed health validation (pure).
 *
 * Known limitations: the clock does not stop while the API server is unreachable, so an outage
 * longer than the timeout in the middle of a wake fails it even if the workloads were fine.
 */
export function judgeReadiness(input: {
  laggards: readonly string[];
  startedAt: Date;
  now: Date;
  timeoutSeconds: number;
}): ReadinessVerdict {
  if (input.laggards.length === 0) return { verdict: 'ready' };
  const elapsedMs = input.now.getTime() - input.startedAt.getTime();
  const remainingMs = input.timeoutSeconds * 1000 - elapsedMs;
  if (remainingMs > 0) return { verdict: 'waiting', remainingMs };
  return { verdict: 'timed-out', waitedSeconds: Math.round(elapsedMs / 1000) };
}

/** A Deployment or StatefulSet that is not ready, as status names it: `Kind/name ready/desired`. */
export function describeLaggard(kind: string, object: WorkloadObject): string {
  const desired = object.spec?.replicas ?? 1;
  const ready = object.status?.readyReplicas ?? 0;
  return `${kind}/${object.metadata.name} ${ready}/${desired}`;
}

/**
 * After a sleep: a Deployment or StatefulSet whose pods have not all gone down to the sleep
 * target yet, as `Kind/name running/target`; undefined when it is there. Only kinds with pods
 * are checked.
 */
export function describeSleepLaggard(
  kind: string,
  object: WorkloadObject,
  target: number,
): string | undefined {
  if (kind !== 'Deployment' && kind !== 'StatefulSet') return undefined;
  const running = object.status?.replicas ?? 0;
  return running > target ? `${kind}/${object.metadata.name} ${running}/${target}` : undefined;
}
