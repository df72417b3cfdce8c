import { resources } from '../../k8s/resources.ts';
import { absent, present } from '../../snapshots/types.ts';
import type { FieldState } from '../../snapshots/types.ts';
import type { FieldValue, Scaler } from '../scaler.ts';
import type { WorkloadObject } from '../workload.ts';

const current = (object: WorkloadObject): FieldState<FieldValue> =>
  object.spec?.minReplicas === undefined ? absent : present(object.spec.minReplicas);

/**
 * HorizontalPodAutoscalers: `spec.minReplicas`, and only when the namespace sleeps at more than
 * zero replicas. Sleeping at zero needs no HPA change: an HPA does nothing while its target has 0
 * replicas (C2). `minReplicas: 0` is never written; the restore clamps to `maxReplicas`.
 */
export const hpaScaler: Scaler = {
  kind: 'HorizontalPodAutoscaler',
  resource: resources.horizontalPodAutoscaler,
  field: 'minReplicas',
  current,
  original: current,
  sleepValue(state, sleepReplicas) {
    if (sleepReplicas === 0) return undefined;
    const min = state.state === 'present' ? Number(state.value) : 1;
    return min <= sleepReplicas ? undefined : sleepReplicas;
  },
  async write(client, object, value) {
    const { name, namespace, resourceVersion } = object.metadata;
    const wanted = value.state === 'present' ? Number(value.value) : null;
    if (wanted === 0)
      throw new Error(`refusing to write minReplicas: 0 on HPA ${namespace}/${name}`);
    return client.mergePatch<WorkloadObject>(resources.horizontalPodAutoscaler, namespace, name, {
      metadata: { resourceVersion },
      spec: { minReplicas: wanted },
    });
  },
  ready: () => true,
};

/** C2: the minReplicas to restore, never above the HPA's current maxReplicas. */
export function clampMinReplicas(original: number, object: WorkloadObject): number {
  const max = object.spec?.maxReplicas;
  return max === undefined ? original : Math.min(original, max);
}
