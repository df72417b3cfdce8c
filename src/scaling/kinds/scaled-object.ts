import { resources } from '../../k8s/resources.ts';
import { absent, present } from '../../snapshots/types.ts';
import type { FieldState } from '../../snapshots/types.ts';
import type { FieldValue, Scaler } from '../scaler.ts';
import type { WorkloadObject } from '../workload.ts';
import { annotations } from '../workload.ts';

const current = (object: WorkloadObject): FieldState<FieldValue> => {
  const value = object.metadata.annotations?.[annotations.kedaPausedReplicas];
  return value === undefined ? absent : present(value);
};

/**
 * KEDA ScaledObjects: paused with the `autoscaling.keda.sh/paused-replicas` annotation (C3); the
 * workload it targets is never scaled directly. The previous annotation, or its absence, is what
 * the wake puts back.
 */
export const scaledObjectScaler: Scaler = {
  kind: 'ScaledObject',
  resource: resources.scaledObject,
  field: 'pausedReplicas',
  current,
  original: current,
  sleepValue(state, sleepReplicas) {
    const target = String(sleepReplicas);
    return state.state === 'present' && state.value === target ? undefined : target;
  },
  async write(client, object, value) {
    const { name, namespace, resourceVersion } = object.metadata;
    const annotation = value.state === 'present' ? String(value.value) : null;
    return client.mergePatch<WorkloadObject>(resources.scaledObject, namespace, name, {
      metadata: { resourceVersion, annotations: { [annotations.kedaPausedReplicas]: annotation } },
    });
  },
  ready: () => true,
};

/** The kind and name of the workload a ScaledObject scales; no kind means a Deployment (C3). */
export function scaledObjectTarget(object: WorkloadObject): { kind: string; name: string } | null {
  const ref = object.spec?.scaleTargetRef;
  if (!ref?.name) return null;
  return { kind: ref.kind ?? 'Deployment', name: ref.name };
}
