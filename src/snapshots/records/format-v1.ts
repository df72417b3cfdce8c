import type { SnapshotDefect, SnapshotEntry } from '../types.ts';
import { fieldOfKind, entryKey } from '../types.ts';
import { isRecord, parseEntry } from '../validation.ts';
import type { EntriesRead } from './format-v2.ts';

/**
 * Reads the entries of a format 1 header (see HeaderItemV1), so a snapshot taken by the previous
 * release is restored exactly by this one (R7, G13).
 */
export function readEntriesV1(header: Record<string, unknown>, namespace: string): EntriesRead {
  if (!Array.isArray(header.entries)) {
    return { ok: false, problem: 'a format 1 header has no entries list' };
  }

  const entries: SnapshotEntry[] = [];
  const defects: SnapshotDefect[] = [];
  const seen = new Set<string>();
  header.entries.forEach((raw: unknown, index) => {
    const part = `entry ${index}`;
    const parsed = parseEntry(toModelShape(raw), namespace);
    if (!parsed.ok) {
      defects.push({ part, problem: parsed.problem });
      return;
    }
    const key = entryKey(parsed.value.workload);
    if (seen.has(key)) {
      defects.push({ part, problem: `${key} appears more than once; the first is kept` });
      return;
    }
    seen.add(key);
    const restoredAt = isRecord(raw) ? raw.restoredAt : undefined;
    entries.push(
      typeof restoredAt === 'string'
        ? { ...parsed.value, restore: { outcome: 'restored', at: restoredAt } }
        : parsed.value,
    );
  });
  return { ok: true, entries, defects };
}

/** A format 1 entry in the shape of the model, for parseEntry to check. */
function toModelShape(raw: unknown): unknown {
  if (!isRecord(raw)) {
    return raw;
  }
  const { kind, apiVersion, name, uid } = raw;
  const field =
    typeof kind === 'string' ? fieldOfKind[kind as keyof typeof fieldOfKind] : undefined;

  // `null` was written for an absent field; no attribute at all meant nsscaler could not read it.
  let original: unknown = { state: 'present', value: raw.original };
  if (!Object.hasOwn(raw, 'original')) {
    original = { state: 'unknown' };
  } else if (raw.original === null) {
    original = { state: 'absent' };
  }
  const action =
    raw.action === 'left-alone'
      ? { type: 'left-alone', reason: raw.reason }
      : { type: raw.action, setTo: raw.setAtSleep };

  return { workload: { kind, apiVersion, name, uid }, field, original, action };
}
