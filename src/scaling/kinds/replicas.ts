import type { KubeClient } from '../../k8s/client.ts';
import type { ResourceType } from '../../k8s/resources.ts';
import { absent, present, unknown } from '../../snapshots/types.ts';
import type { FieldState, WorkloadKind } from '../../snapshots/types.ts';
import type { FieldValue, Scaler } from '../scaler.ts';
import type { WorkloadObject } from '../workload.ts';
import { annotations } from '../workload.ts';

/** The intent the webhook recorded, when it is a whole number of replicas. */
export function intendedReplicas(object: WorkloadObject): number | undefined {
  const raw = object.metadata.annotations?.[annotations.intendedReplicas];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * Deployments and StatefulSets: `spec.replicas`, written with a merge patch of that field alone,
 * guarded by the resourceVersion nsscaler read, so the field manager `nsscaler` owns nothing but
 * `spec.replicas` (C1) and a concurrent change fails with 409 (C7). A patch of the object itself
 * rather than of its `/scale` subresource keeps managedFields exact: the API server does not
 * reliably record who last set `spec.replicas` through `/scale`, and C5 must name that writer.
 * When the webhook left an intent annotation, the restore removes it in the same request.
 */
export function replicasScaler(kind: WorkloadKind, resource: ResourceType): Scaler {
  const current = (object: WorkloadObject): FieldState<FieldValue> => {
    const replicas = object.spec?.replicas;
    if (replicas === undefined) return absent;
    return Number.isInteger(replicas) ? present(replicas) : unknown;
  };

  return {
    kind,
    resource,
    field: 'replicas',
    current,
    original(object) {
      const intent = intendedReplicas(object);
      return intent === undefined ? current(object) : present(intent);
    },
    sleepValue(state, sleepReplicas) {
      if (state.state === 'present' && Number(state.value) <= sleepReplicas) return undefined;
      return sleepReplicas;
    },
    async write(client: KubeClient, object, value) {
      const { name, namespace, resourceVersion } = object.metadata;
      if (value.state !== 'present') {
        throw new Error(`${kind} ${namespace}/${name}: cannot write replicas "${value.state}"`);
      }
      const intent = object.metadata.annotations?.[annotations.intendedReplicas];
      const metadata =
        intent === undefined
          ? { resourceVersion }
          : { resourceVersion, annotations: { [annotations.intendedReplicas]: null } };
      return client.mergePatch<WorkloadObject>(resource, namespace, name, {
        metadata,
        spec: { replicas: value.value },
      });
    },
    ready(object) {
      const desired = object.spec?.replicas ?? 1;
      const status = object.status ?? {};
      const observed = (status.observedGeneration ?? 0) >= (object.metadata.generation ?? 0);
      return (
        observed && (status.readyReplicas ?? 0) >= desired && (status.replicas ?? 0) <= desired
      );
    },
  };
}
