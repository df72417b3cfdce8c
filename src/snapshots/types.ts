/**
 * The snapshot model: what nsscaler records about every workload before it puts a namespace to
 * sleep (R1), and what it restores at wake. The model is independent of how a store keeps it: the
 * record format version (R7) belongs to the stored items, not to these types.
 */

/** The workload kinds nsscaler changes at sleep. */
export type WorkloadKind =
  'Deployment' | 'StatefulSet' | 'CronJob' | 'HorizontalPodAutoscaler' | 'ScaledObject';

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  /** The object's uid when it was snapshotted; tells a recreated object from the original one. */
  readonly uid?: string;
}

/**
 * The value type of each field nsscaler changes: `replicas` (Deployment, StatefulSet), `suspend`
 * (CronJob), `minReplicas` (HorizontalPodAutoscaler) and `pausedReplicas`, the ScaledObject
 * annotation `autoscaling.keda.sh/paused-replicas`.
 */
export interface FieldValueTypes {
  replicas: number;
  suspend: boolean;
  minReplicas: number;
  pausedReplicas: string;
}

export type WorkloadField = keyof FieldValueTypes;

/** The one field nsscaler changes on each kind. */
export const fieldOfKind: Readonly<Record<WorkloadKind, WorkloadField>> = {
  Deployment: 'replicas',
  StatefulSet: 'replicas',
  CronJob: 'suspend',
  HorizontalPodAutoscaler: 'minReplicas',
  ScaledObject: 'pausedReplicas',
};

/**
 * What a field held (R4): a value (0 and `true` are values), nothing at all, or something nsscaler
 * could not read. "Absent" and "unknown" are states of their own, never a number.
 */
export type FieldState<T> =
  | { readonly state: 'present'; readonly value: T }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

export function present<T>(value: T): FieldState<T> {
  return { state: 'present', value };
}

export const absent: FieldState<never> = Object.freeze({ state: 'absent' });

export const unknown: FieldState<never> = Object.freeze({ state: 'unknown' });

/** What nsscaler did to a field at sleep. */
export type SleepActionType = 'scaled' | 'suspended' | 'paused';

/** The action that puts each field to sleep. */
export const sleepActionOfField: Readonly<Record<WorkloadField, SleepActionType>> = {
  replicas: 'scaled',
  minReplicas: 'scaled',
  suspend: 'suspended',
  pausedReplicas: 'paused',
};

/**
 * Why a workload was left alone at sleep: already at or below the sleep target (R3), scaled
 * through its ScaledObject instead (C3), or controlled by another operator (C4).
 */
export type LeftAloneReason =
  'at-or-below-target' | 'targeted-by-scaled-object' | 'owned-by-another-operator';

export type SleepAction<T> =
  /** `setTo` is the value nsscaler wrote; at wake it restores only if that is still there (R5). */
  | { readonly type: SleepActionType; readonly setTo: T }
  | { readonly type: 'left-alone'; readonly reason: LeftAloneReason };

/**
 * How a wake settled an entry: the original was written back, or someone had changed the field
 * while asleep and it was kept as they set it (R5). Either way the entry is never restored again.
 */
export type RestoreOutcome = 'restored' | 'kept-manual-change';

export interface EntryRestore {
  readonly outcome: RestoreOutcome;
  /** ISO 8601 instant; absent for entries settled by a release that did not record it. */
  readonly at?: string;
}

interface EntryOfField<F extends WorkloadField> {
  readonly workload: WorkloadRef;
  readonly field: F;
  readonly original: FieldState<FieldValueTypes[F]>;
  readonly action: SleepAction<FieldValueTypes[F]>;
  /** Set once the entry is settled at wake; a store ignores it on write. */
  readonly restore?: EntryRestore;
}

/** One workload in a snapshot. `field` tells the value type of `original` and `action.setTo`. */
export type SnapshotEntry = { [F in WorkloadField]: EntryOfField<F> }[WorkloadField];

/**
 * `active` while the namespace is asleep (the one to restore at wake), `restored` once the wake
 * finished, `superseded` when a later sleep replaced it before it was restored.
 */
export type SnapshotState = 'active' | 'restored' | 'superseded';

/** One sleep of one namespace (R2): written once, before the first scale-down (R1). */
export interface Snapshot {
  readonly namespace: string;
  readonly policy: string;
  /** Identifies the sleep; a snapshot is written once per operationId. No `#` allowed. */
  readonly operationId: string;
  /** ISO 8601 instant in UTC, as `Date.prototype.toISOString()` writes it. */
  readonly takenAt: string;
  readonly state: SnapshotState;
  /** When it stopped being active (ISO 8601); absent while active. */
  readonly endedAt?: string;
  readonly entries: readonly SnapshotEntry[];
}

/**
 * A part of a stored snapshot that could not be read: a missing chunk, or an entry that does not
 * decode. The rest of the snapshot is still returned, so one bad entry never stops the others
 * (R6); the workloads it would have held show up as having no entry.
 */
export interface SnapshotDefect {
  readonly part: string;
  readonly problem: string;
}

/** A snapshot as a store returned it. */
export interface LoadedSnapshot {
  readonly snapshot: Snapshot;
  /** The record format it was stored in (R7). */
  readonly formatVersion: number;
  /** When the store deletes it, in epoch seconds (R9); absent while active. */
  readonly expiresAt?: number;
  readonly defects: readonly SnapshotDefect[];
}

/** A line of a namespace's history (R9): the snapshot without its entries. */
export interface SnapshotSummary extends Omit<Snapshot, 'entries'> {
  readonly entryCount: number;
  readonly formatVersion: number;
  readonly expiresAt?: number;
}

/** The entry as it is before any wake: without `restore`. */
export function unsettled(entry: SnapshotEntry): SnapshotEntry {
  const copy = { ...entry };
  delete copy.restore;
  return copy;
}

/** A new snapshot as a store holds it once written: active, no entry settled. */
export function asWritten(snapshot: Snapshot, formatVersion: number): LoadedSnapshot {
  const { namespace, policy, operationId, takenAt } = snapshot;
  const entries = snapshot.entries.map(unsettled);
  const written = { namespace, policy, operationId, takenAt, state: 'active' as const, entries };
  return { snapshot: written, formatVersion, defects: [] };
}

/** The identity of an entry inside its snapshot: kinds are unique across API groups here. */
export function entryKey(workload: Pick<WorkloadRef, 'kind' | 'name'>): string {
  return `${workload.kind}/${workload.name}`;
}
