import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import { enabledKinds, takeInventory } from '../../src/scaling/inventory.ts';
import type { WorkloadObject } from '../../src/scaling/workload.ts';
import { annotations } from '../../src/scaling/workload.ts';
import type { WorkloadKind } from '../../src/snapshots/types.ts';
import { setAnnotations } from '../admission/json-patch.ts';
import type { JsonPatchOperation } from '../admission/json-patch.ts';
import type { AdmissionDecision, AdmissionRequest } from '../admission/review.ts';
import type { NamespaceSleepLookup } from './namespace-sleep.ts';

/** The workload kinds the webhook receives, by API group and kind. */
const workloadKinds: Record<string, WorkloadKind> = {
  'apps/Deployment': 'Deployment',
  'apps/StatefulSet': 'StatefulSet',
  'batch/CronJob': 'CronJob',
};

export interface WorkloadMutationOptions {
  sleep: NamespaceSleepLookup;
  /** nsscaler's own user: its writes (sleep and wake) are never mutated. */
  controllerUsername: string;
}

export interface WorkloadMutation {
  /** The patch, empty when the workload is admitted unchanged. */
  patch: JsonPatchOperation[];
  /** Why nothing is changed, for the debug log; undefined when there is a patch. */
  skipped?: string;
}

const unchanged = (skipped: string): WorkloadMutation => ({ patch: [], skipped });

/**
 * Keeps an asleep namespace asleep at admission (A3): a Deployment or StatefulSet created with N
 * replicas above the sleep target, or updated to more replicas than it had, is stored with the
 * sleep target and `nsscaler.io/intended-replicas: "N"`; a CronJob created or updated unsuspended
 * is stored suspended with `nsscaler.io/intended-suspend: "false"`. The intent lives on the object
 * itself, so the mutation has no side effects (dry-run requests get the same answer), and the
 * next wake restores it. Anything else is admitted unchanged.
 *
 * Known limitations:
 * - When the policy enables ScaledObject, Deployments and StatefulSets are left to the controller:
 *   the webhook cannot tell which of them a ScaledObject scales (C3).
 * - Changes through the `/scale` subresource (`kubectl scale`) are not seen: a Scale carries no
 *   annotations to record the intent on. The controller puts such a workload back to sleep.
 */
export function mutateWorkload(
  request: AdmissionRequest,
  options: WorkloadMutationOptions,
): WorkloadMutation {
  const kind = workloadKinds[`${request.kind.group}/${request.kind.kind}`];
  if (kind === undefined || request.subResource) return unchanged('not a workload nsscaler scales');
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') {
    return unchanged(`operation ${request.operation}`);
  }
  if (request.userInfo?.username === options.controllerUsername) {
    return unchanged("nsscaler's own write");
  }
  const object = request.object as WorkloadObject | undefined;
  const namespace = request.namespace ?? object?.metadata?.namespace;
  if (!object?.metadata || namespace === undefined) return unchanged('no object');

  const sleep = options.sleep.lookup(namespace);
  if (!sleep.asleep) return unchanged(sleep.why);
  const { spec } = sleep;
  if (!enabledKinds(spec).includes(kind)) return unchanged(`the policy does not scale ${kind}s`);
  if (kind !== 'CronJob' && enabledKinds(spec).includes('ScaledObject')) {
    return unchanged('the policy scales through ScaledObjects; the controller decides');
  }
  const named = { ...object, metadata: { ...object.metadata, namespace } };
  if (takeInventory(spec, { [kind]: [named] }).managed.length === 0) {
    return unchanged('the workload is excluded or owned by another controller');
  }

  const old = request.operation === 'UPDATE' ? (request.oldObject as WorkloadObject) : undefined;
  const patch = kind === 'CronJob' ? suspendCronJob(object, old) : lowerReplicas(object, old, spec);
  return patch.length > 0 ? { patch } : unchanged('nothing to put to sleep');
}

/** Adapts the mutation to the admission server's handler shape. */
export function workloadAdmissionHandler(options: WorkloadMutationOptions) {
  return (request: AdmissionRequest): AdmissionDecision => {
    const { patch } = mutateWorkload(request, options);
    return patch.length > 0 ? { allowed: true, patch } : { allowed: true };
  };
}

function lowerReplicas(
  object: WorkloadObject,
  old: WorkloadObject | undefined,
  spec: NamespaceScalingPolicySpec,
): JsonPatchOperation[] {
  const requested = object.spec?.replicas ?? 1;
  const sleepReplicas = spec.sleepReplicas ?? 0;
  // R3: never raise; an update that does not raise replicas is the controller's business.
  if (requested <= sleepReplicas) return [];
  if (old !== undefined && requested <= (old.spec?.replicas ?? 1)) return [];
  return [
    { op: 'add', path: '/spec/replicas', value: sleepReplicas },
    ...setAnnotations(object.metadata.annotations, {
      [annotations.intendedReplicas]: String(requested),
    }),
  ];
}

function suspendCronJob(
  object: WorkloadObject,
  old: WorkloadObject | undefined,
): JsonPatchOperation[] {
  if (object.spec?.suspend === true) return [];
  if (old !== undefined && old.spec?.suspend !== true) return [];
  return [
    { op: 'add', path: '/spec/suspend', value: true },
    ...setAnnotations(object.metadata.annotations, { [annotations.intendedSuspend]: 'false' }),
  ];
}
