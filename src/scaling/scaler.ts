import type { KubeClient } from '../k8s/client.ts';
import type { ResourceType } from '../k8s/resources.ts';
import type { FieldState, WorkloadField, WorkloadKind } from '../snapshots/types.ts';
import type { WorkloadObject } from './workload.ts';

export type FieldValue = number | boolean | string;

/**
 * How nsscaler reads and changes the one field it owns on a kind of workload. Each kind has its
 * own file; the reconciler only speaks to this interface.
 */
export interface Scaler {
  kind: WorkloadKind;
  resource: ResourceType;
  field: WorkloadField;
  /** What the field holds now. */
  current(object: WorkloadObject): FieldState<FieldValue>;
  /**
   * What to record as the original at sleep: the live value, unless the admission webhook left
   * the value the owner intended (A3), which wins.
   */
  original(object: WorkloadObject): FieldState<FieldValue>;
  /** The value that puts it to sleep, or undefined when it is already there or lower (R3). */
  sleepValue(current: FieldState<FieldValue>, sleepReplicas: number): FieldValue | undefined;
  /**
   * Writes `value` with one request that touches only this field (C1), guarded by the cached
   * object's resourceVersion where the API allows it, so a concurrent change fails with 409 (C7).
   * Returns the object as the API server stored it.
   */
  write(
    client: KubeClient,
    object: WorkloadObject,
    value: FieldState<FieldValue>,
  ): Promise<WorkloadObject>;
  /** At wake: whether the workload has become ready at its restored value (O1). */
  ready(object: WorkloadObject): boolean;
}

/** Whether two field states hold the same thing ("absent" equals only "absent"). */
export function sameFieldState(a: FieldState<FieldValue>, b: FieldState<FieldValue>): boolean {
  if (a.state !== b.state) return false;
  return a.state !== 'present' || (b.state === 'present' && a.value === b.value);
}
