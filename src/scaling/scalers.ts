import { resources } from '../k8s/resources.ts';
import type { WorkloadKind } from '../snapshots/types.ts';
import { cronJobScaler } from './kinds/cronjob.ts';
import { hpaScaler } from './kinds/hpa.ts';
import { replicasScaler } from './kinds/replicas.ts';
import { scaledObjectScaler } from './kinds/scaled-object.ts';
import type { Scaler } from './scaler.ts';

/** The scaler of every supported kind. */
export const scalers: Readonly<Record<WorkloadKind, Scaler>> = {
  Deployment: replicasScaler('Deployment', resources.deployment),
  StatefulSet: replicasScaler('StatefulSet', resources.statefulSet),
  CronJob: cronJobScaler,
  HorizontalPodAutoscaler: hpaScaler,
  ScaledObject: scaledObjectScaler,
};

export const defaultKinds: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'CronJob'];
