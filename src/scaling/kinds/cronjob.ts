import { resources } from '../../k8s/resources.ts';
import { absent, present } from '../../snapshots/types.ts';
import type { FieldState } from '../../snapshots/types.ts';
import type { FieldValue, Scaler } from '../scaler.ts';
import type { WorkloadObject } from '../workload.ts';
import { annotations } from '../workload.ts';

const current = (object: WorkloadObject): FieldState<FieldValue> =>
  object.spec?.suspend === undefined ? absent : present(object.spec.suspend);

/**
 * CronJobs: `spec.suspend`, changed with a merge patch of that field alone. `true` before sleep is
 * kept as `true` (R4); "absent" is restored by removing the field.
 */
export const cronJobScaler: Scaler = {
  kind: 'CronJob',
  resource: resources.cronJob,
  field: 'suspend',
  current,
  original(object) {
    const intent = object.metadata.annotations?.[annotations.intendedSuspend];
    if (intent === 'true' || intent === 'false') return present(intent === 'true');
    return current(object);
  },
  sleepValue(state) {
    return state.state === 'present' && state.value === true ? undefined : true;
  },
  async write(client, object, value) {
    const { name, namespace, resourceVersion } = object.metadata;
    const suspend = value.state === 'present' ? value.value : null;
    const intent = object.metadata.annotations?.[annotations.intendedSuspend];
    const metadata =
      intent === undefined
        ? { resourceVersion }
        : { resourceVersion, annotations: { [annotations.intendedSuspend]: null } };
    return client.mergePatch<WorkloadObject>(resources.cronJob, namespace, name, {
      metadata,
      spec: { suspend },
    });
  },
  ready: () => true,
};
