import type { NamespaceScalingPolicySpec } from '../gen/namespace-scaling-policy.ts';
import type { LeftAloneReason, WorkloadKind } from '../snapshots/types.ts';
import { scaledObjectTarget } from './kinds/scaled-object.ts';
import { controllerOwner } from './owner.ts';
import type { Scaler } from './scaler.ts';
import { defaultKinds, scalers } from './scalers.ts';
import { matchesSelector } from './selector.ts';
import type { WorkloadObject } from './workload.ts';
import { labels } from './workload.ts';

export interface ManagedWorkload {
  kind: WorkloadKind;
  object: WorkloadObject;
  scaler: Scaler;
}

export interface LeftAloneWorkload extends ManagedWorkload {
  reason: LeftAloneReason;
  /** For C4: the owner's kind and name; for C3: the ScaledObject's name. */
  detail: string;
}

export interface Inventory {
  managed: ManagedWorkload[];
  leftAlone: LeftAloneWorkload[];
}

/** The workloads of one namespace, by kind, as the informers hold them. */
export type WorkloadsByKind = Partial<Record<WorkloadKind, readonly WorkloadObject[]>>;

export function enabledKinds(spec: NamespaceScalingPolicySpec): readonly WorkloadKind[] {
  return spec.workloads?.kinds?.length ? spec.workloads.kinds : defaultKinds;
}

/**
 * The kinds sleep and wake read: the enabled ones, and ScaledObjects always, so a workload KEDA
 * scales is never scaled directly even when the policy does not pause ScaledObjects (C3).
 */
export function observedKinds(spec: NamespaceScalingPolicySpec): readonly WorkloadKind[] {
  const kinds = enabledKinds(spec);
  return kinds.includes('ScaledObject') ? kinds : [...kinds, 'ScaledObject'];
}

/**
 * Sorts a namespace's workloads into those the policy manages and those it must leave alone:
 * kinds the policy does not enable and excluded workloads are dropped; a workload controlled by
 * another operator (C4) or scaled by a ScaledObject (C3) is left alone, with the reason. Targets
 * of ScaledObjects are found whenever `workloads` holds ScaledObjects, whether or not the policy
 * enables the kind (see `observedKinds`).
 */
export function takeInventory(
  spec: NamespaceScalingPolicySpec,
  workloads: WorkloadsByKind,
): Inventory {
  const kinds = enabledKinds(spec);
  const scaledTargets = new Map<string, string>();
  for (const scaledObject of workloads.ScaledObject ?? []) {
    const target = scaledObjectTarget(scaledObject);
    if (target) scaledTargets.set(`${target.kind}/${target.name}`, scaledObject.metadata.name);
  }

  const inventory: Inventory = { managed: [], leftAlone: [] };
  for (const kind of kinds) {
    const scaler = scalers[kind];
    for (const object of workloads[kind] ?? []) {
      if (isExcluded(spec, kind, object)) continue;
      const item = { kind, object, scaler };
      const owner = controllerOwner(object);
      const scaledBy = scaledTargets.get(`${kind}/${object.metadata.name}`);
      if (owner) {
        inventory.leftAlone.push({
          ...item,
          reason: 'owned-by-another-operator',
          detail: `${owner.kind}/${owner.name}`,
        });
      } else if (scaledBy) {
        inventory.leftAlone.push({
          ...item,
          reason: 'targeted-by-scaled-object',
          detail: `ScaledObject/${scaledBy}`,
        });
      } else {
        inventory.managed.push(item);
      }
    }
  }
  return inventory;
}

function isExcluded(
  spec: NamespaceScalingPolicySpec,
  kind: WorkloadKind,
  object: WorkloadObject,
): boolean {
  const objectLabels = object.metadata.labels ?? {};
  if (objectLabels[labels.exclude] === 'true') return true;
  return (spec.workloads?.exclude ?? []).some((rule) => {
    if (rule.kind !== undefined && rule.kind !== kind) return false;
    if (rule.name !== undefined && rule.name !== object.metadata.name) return false;
    if (rule.selector !== undefined && !matchesSelector(rule.selector, objectLabels)) return false;
    return rule.kind !== undefined || rule.name !== undefined || rule.selector !== undefined;
  });
}

/** `Kind/name (why)` for each left-alone workload, as status messages and Events name them. */
export function describeLeftAlone(inventory: Inventory): string[] {
  return inventory.leftAlone.map((item) => {
    const why =
      item.reason === 'owned-by-another-operator'
        ? `controlled by ${item.detail}`
        : `scaled by ${item.detail}`;
    return `${item.kind}/${item.object.metadata.name} (${why})`;
  });
}

/** Managed and left-alone workloads by kind. */
export function countByKind(inventory: Inventory): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of [...inventory.managed, ...inventory.leftAlone]) {
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
