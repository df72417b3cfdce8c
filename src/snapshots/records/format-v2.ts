import type { SnapshotDefect, SnapshotEntry } from '../types.ts';
import { entryKey } from '../types.ts';
import { isRecord, parseEntry } from '../validation.ts';
import type { BatchRecord } from './items.ts';
import { parseSnapshotSortKey } from './keys.ts';

/** The entries read from a stored snapshot, and what could not be read (R6). */
export type EntriesRead =
  | { readonly ok: true; readonly entries: SnapshotEntry[]; readonly defects: SnapshotDefect[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads the entries of a format 2 snapshot from its chunk items. Checks that every chunk the
 * header lists is there and that each batch holds as many entries as the header says; what is
 * missing or unreadable becomes a defect and the rest is returned.
 */
export function readEntriesV2(
  header: Record<string, unknown>,
  parts: readonly unknown[],
  namespace: string,
  operationId: string,
): EntriesRead {
  const batches = readBatches(header.batches);
  if (batches === undefined) {
    return { ok: false, problem: 'a format 2 header has no valid batches list' };
  }
  const chunks = collectChunks(parts, operationId);

  const entries: SnapshotEntry[] = [];
  const defects: SnapshotDefect[] = [];
  const seen = new Set<string>();
  for (const batch of batches) {
    let recordCount = 0;
    let complete = true;
    for (let index = 0; index < batch.chunkCount; index++) {
      const part = `batch ${batch.id} chunk ${index}`;
      const records = parseChunk(chunks.get(`${batch.id}#${index}`));
      if (typeof records === 'string') {
        defects.push({ part, problem: records });
        complete = false;
        continue;
      }
      recordCount += records.length;
      records.forEach((record, position) => {
        const parsed = parseEntry(record, namespace);
        const key = parsed.ok ? entryKey(parsed.value.workload) : '';
        if (!parsed.ok) {
          defects.push({ part: `${part} entry ${position}`, problem: parsed.problem });
        } else if (seen.has(key)) {
          defects.push({ part: `${part} entry ${position}`, problem: `${key} appears again` });
        } else {
          seen.add(key);
          entries.push(parsed.value);
        }
      });
    }
    if (complete && recordCount !== batch.entryCount) {
      const problem = `holds ${recordCount} entries where the header says ${batch.entryCount}`;
      defects.push({ part: `batch ${batch.id}`, problem });
    }
  }
  return { ok: true, entries, defects };
}

function readBatches(raw: unknown): BatchRecord[] | undefined {
  if (!Array.isArray(raw)) {
    return undefined;
  }
  const batches = raw.filter(
    (batch): batch is BatchRecord =>
      isRecord(batch) &&
      typeof batch.id === 'string' &&
      Number.isSafeInteger(batch.chunkCount) &&
      Number.isSafeInteger(batch.entryCount),
  );
  return batches.length === raw.length ? batches : undefined;
}

/** Chunk JSON by `<batchId>#<index>`. */
function collectChunks(parts: readonly unknown[], operationId: string): Map<string, unknown> {
  const chunks = new Map<string, unknown>();
  for (const item of parts) {
    if (!isRecord(item) || typeof item.sk !== 'string') {
      continue;
    }
    const part = parseSnapshotSortKey(operationId, item.sk);
    if (part.type === 'chunk') {
      chunks.set(`${part.batchId}#${part.index}`, item.entries);
    }
  }
  return chunks;
}

/** The records of a chunk, or why there are none. */
function parseChunk(json: unknown): unknown[] | string {
  if (json === undefined) {
    return 'missing';
  }
  if (typeof json !== 'string') {
    return 'has no entries text';
  }
  try {
    const records: unknown = JSON.parse(json);
    return Array.isArray(records) ? records : 'entries text is not a JSON array';
  } catch {
    return 'entries text is not valid JSON';
  }
}
