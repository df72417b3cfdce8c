import { entryKey, unsettled } from '../types.ts';
import type {
  EntryRestore,
  LoadedSnapshot,
  Snapshot,
  SnapshotDefect,
  SnapshotSummary,
} from '../types.ts';

/**
 * A snapshot inside a projection: entries as written, restore marks apart (as both stores keep
 * them), so a mark survives the entry being replaced.
 */
export interface ProjectedSnapshot {
  snapshot: Snapshot;
  restores: Map<string, EntryRestore>;
  formatVersion: number;
  defects: readonly SnapshotDefect[];
  expiresAt?: number;
}

export function fromLoaded(loaded: LoadedSnapshot): ProjectedSnapshot {
  const { snapshot } = structuredClone(loaded);
  const restores = new Map<string, EntryRestore>();
  for (const entry of snapshot.entries) {
    if (entry.restore) restores.set(entryKey(entry.workload), entry.restore);
  }
  return {
    snapshot: { ...snapshot, entries: snapshot.entries.map(unsettled) },
    restores,
    formatVersion: loaded.formatVersion,
    defects: loaded.defects,
    ...(loaded.expiresAt === undefined ? {} : { expiresAt: loaded.expiresAt }),
  };
}

export function toLoaded(stored: ProjectedSnapshot): LoadedSnapshot {
  const entries = stored.snapshot.entries.map((entry) => {
    const restore = stored.restores.get(entryKey(entry.workload));
    return restore === undefined ? entry : { ...entry, restore };
  });
  const loaded = {
    snapshot: { ...stored.snapshot, entries },
    formatVersion: stored.formatVersion,
    defects: stored.defects,
  };
  return structuredClone(
    stored.expiresAt === undefined ? loaded : { ...loaded, expiresAt: stored.expiresAt },
  );
}

export function summaryOf(stored: ProjectedSnapshot): SnapshotSummary {
  const { entries, ...fields } = structuredClone(stored.snapshot);
  const summary = { ...fields, entryCount: entries.length, formatVersion: stored.formatVersion };
  return stored.expiresAt === undefined ? summary : { ...summary, expiresAt: stored.expiresAt };
}
