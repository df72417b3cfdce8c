/**
 * Splits entries into chunks whose JSON stays under a byte budget, so every chunk item stays well
 * under DynamoDB's 400 KB item limit however many workloads a namespace has.
 */

/** The default budget of one chunk's JSON: the rest of a chunk item takes well under 1 KB. */
export const defaultMaxChunkBytes = 300_000;

/**
 * Packs `records` in order into JSON arrays of at most `maxChunkBytes` UTF-8 bytes each. No
 * records, no chunks. A record that alone exceeds the budget is an error: it cannot be stored.
 */
export function packIntoChunks(records: readonly unknown[], maxChunkBytes: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let currentBytes = 2; // the brackets

  for (const record of records) {
    const json = JSON.stringify(record);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes + 2 > maxChunkBytes) {
      throw new RangeError(`an entry of ${bytes} bytes exceeds the chunk budget ${maxChunkBytes}`);
    }
    const separator = current.length === 0 ? 0 : 1;
    if (currentBytes + separator + bytes > maxChunkBytes) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      currentBytes = 2;
    }
    currentBytes += (current.length === 0 ? 0 : 1) + bytes;
    current.push(json);
  }

  if (current.length > 0) {
    chunks.push(`[${current.join(',')}]`);
  }
  return chunks;
}
