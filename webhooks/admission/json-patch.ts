/** One RFC 6902 operation, of the kinds the webhooks send. */
export type JsonPatchOperation =
  { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

/** Escapes one reference token of a JSON Pointer (RFC 6901): `~` as `~0`, `/` as `~1`. */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Operations that set annotations on an object: the whole map when it has none (a pointer into a
 * missing map would fail), else one `add` per key, which also replaces an existing value.
 */
export function setAnnotations(
  current: Readonly<Record<string, string>> | undefined,
  values: Readonly<Record<string, string>>,
): JsonPatchOperation[] {
  if (current === undefined) {
    return [{ op: 'add', path: '/metadata/annotations', value: { ...values } }];
  }
  return Object.entries(values).map(([key, value]) => ({
    op: 'add',
    path: `/metadata/annotations/${escapePointerToken(key)}`,
    value,
  }));
}

/**
 * Applies operations to a JSON value and returns the result; the original is not changed. Only
 * what the webhooks send is supported: object members and array indexes, `add`, `replace` and
 * `remove`. Unit tests use it to check a patch against the object the API server would store.
 */
export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  const result = structuredClone(document) as unknown;
  for (const operation of operations) {
    const tokens = operation.path
      .split('/')
      .slice(1)
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = tokens.pop();
    if (last === undefined) throw new Error('a patch of the whole document is not supported');
    let parent = result as Record<string, unknown>;
    for (const token of tokens) {
      const next = parent[token];
      if (typeof next !== 'object' || next === null) {
        throw new Error(`${operation.path}: ${token} does not exist`);
      }
      parent = next as Record<string, unknown>;
    }
    if (operation.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (operation.op === 'add' && Array.isArray(parent)) {
      parent.splice(last === '-' ? parent.length : Number(last), 0, operation.value);
    } else if (operation.op === 'replace' && !(last in parent)) {
      throw new Error(`${operation.path}: cannot replace a missing member`);
    } else {
      parent[last] = operation.value;
    }
  }
  return result as T;
}
