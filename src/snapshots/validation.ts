import {
  entryKey,
  fieldOfKind,
  sleepActionOfField,
  type FieldState,
  type LeftAloneReason,
  type SleepAction,
  type Snapshot,
  type SnapshotEntry,
  type WorkloadField,
  type WorkloadKind,
} from './types.ts';

/**
 * Checks of the snapshot model, used both before a write and when decoding stored records, so a
 * store never writes, and never hands out, an entry the model does not allow.
 */

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const namespacePattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const operationIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
const leftAloneReasons = new Set<LeftAloneReason>([
  'at-or-below-target',
  'targeted-by-scaled-object',
  'owned-by-another-operator',
]);

/** Every problem that keeps `snapshot` from being written, or an empty list. */
export function snapshotProblems(snapshot: Snapshot): string[] {
  const problems = [
    ...namespaceProblems(snapshot.namespace),
    ...operationIdProblems(snapshot.operationId),
  ];
  if (typeof snapshot.policy !== 'string' || snapshot.policy === '') {
    problems.push('policy: must be a non-empty string');
  }
  if (!isCanonicalInstant(snapshot.takenAt)) {
    problems.push(`takenAt: '${String(snapshot.takenAt)}' is not an ISO 8601 instant in UTC`);
  }
  return [...problems, ...entriesProblems(snapshot.namespace, snapshot.entries)];
}

/** Every problem in a list of entries to record for `namespace`, or an empty list. */
export function entriesProblems(namespace: string, entries: readonly SnapshotEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry, namespace);
    if (!parsed.ok) {
      problems.push(`entries[${index}]: ${parsed.problem}`);
      return;
    }
    const key = entryKey(parsed.value.workload);
    if (seen.has(key)) {
      problems.push(`entries[${index}]: ${key} appears more than once`);
    }
    seen.add(key);
  });
  return problems;
}

export function namespaceProblems(namespace: string): string[] {
  return typeof namespace === 'string' && namespacePattern.test(namespace)
    ? []
    : [`namespace: '${String(namespace)}' is not a Kubernetes namespace name`];
}

export function operationIdProblems(operationId: string): string[] {
  return typeof operationId === 'string' && operationIdPattern.test(operationId)
    ? []
    : [`operationId: '${String(operationId)}' must match ${String(operationIdPattern)}`];
}

export function isCanonicalInstant(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
    ? new Date(value).toISOString() === value
    : false;
}

/**
 * Reads one entry of `namespace` from untrusted data (a decoded record, or a caller's object).
 * The entry's namespace, when given, must be `namespace`; `restore` is not read here.
 */
export function parseEntry(raw: unknown, namespace: string): Parsed<SnapshotEntry> {
  if (!isRecord(raw) || !isRecord(raw.workload)) {
    return fail('not an entry with a workload');
  }
  const { kind, apiVersion, name, uid } = raw.workload;
  if (typeof kind !== 'string' || !Object.hasOwn(fieldOfKind, kind)) {
    return fail(`workload.kind '${String(kind)}' is not one nsscaler changes`);
  }
  const where = `${kind}/${String(name)}`;
  if (typeof name !== 'string' || name === '' || typeof apiVersion !== 'string' || !apiVersion) {
    return fail(`${where}: workload.name and workload.apiVersion must be non-empty strings`);
  }
  if (uid !== undefined && typeof uid !== 'string') {
    return fail(`${where}: workload.uid must be a string`);
  }
  if (raw.workload.namespace !== undefined && raw.workload.namespace !== namespace) {
    return fail(`${where}: workload.namespace is not the snapshot's namespace '${namespace}'`);
  }

  const field = fieldOfKind[kind as WorkloadKind];
  if (raw.field !== field) {
    return fail(`${where}: field must be '${field}' for a ${kind}, not '${String(raw.field)}'`);
  }
  const original = parseFieldState(raw.original, field);
  if (original === undefined) {
    return fail(`${where}: original is not a ${field} state (present, absent or unknown)`);
  }
  const action = parseAction(raw.action, field);
  if (!action.ok) {
    return fail(`${where}: ${action.problem}`);
  }

  const workload = { kind: kind as WorkloadKind, apiVersion, namespace, name };
  const entry = {
    workload: uid === undefined ? workload : { ...workload, uid },
    field,
    original,
    action: action.value,
  } as SnapshotEntry;
  return { ok: true, value: entry };
}

function parseFieldState(raw: unknown, field: WorkloadField): FieldState<unknown> | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }
  if (raw.state === 'absent' || raw.state === 'unknown') {
    return { state: raw.state };
  }
  return raw.state === 'present' && isValueOf(field, raw.value)
    ? { state: 'present', value: raw.value }
    : undefined;
}

function parseAction(raw: unknown, field: WorkloadField): Parsed<SleepAction<unknown>> {
  if (!isRecord(raw)) {
    return fail('action is missing');
  }
  if (raw.type === 'left-alone') {
    const reason = raw.reason as LeftAloneReason;
    return leftAloneReasons.has(reason)
      ? { ok: true, value: { type: 'left-alone', reason } }
      : fail(`left-alone reason '${String(raw.reason)}' is not known`);
  }
  const type = sleepActionOfField[field];
  if (raw.type !== type) {
    return fail(`action must be '${type}' or 'left-alone' for ${field}, not '${String(raw.type)}'`);
  }
  return isValueOf(field, raw.setTo)
    ? { ok: true, value: { type, setTo: raw.setTo } }
    : fail(`action.setTo is not a ${field} value`);
}

/** Whether `value` is a value of `field`: replica counts are whole and not negative. */
export function isValueOf(field: WorkloadField, value: unknown): boolean {
  switch (field) {
    case 'replicas':
    case 'minReplicas':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'suspend':
      return typeof value === 'boolean';
    case 'pausedReplicas':
      return typeof value === 'string';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(problem: string): Parsed<never> {
  return { ok: false, problem };
}
