import { SnapshotStoreError } from '../errors.ts';
import { MemorySnapshotStore, type MemorySnapshotStoreOptions } from '../memory-store.ts';
import type { SnapshotStore } from '../store.ts';

type Method = keyof SnapshotStore;

const mutations = new Set<Method>([
  'putSnapshot',
  'addEntries',
  'markEntryRestored',
  'markSnapshotRestored',
  'deleteEntry',
]);

/**
 * A stand-in for DynamoDB in unit tests: a MemorySnapshotStore that can be taken down (every
 * call fails with `Unavailable`, as a refused connection does), made to refuse only writes, or
 * made to hang until the caller gives up. It records each call it answered, in order.
 */
export class FlakyStore implements SnapshotStore {
  readonly memory: MemorySnapshotStore;
  /** `down`: every call fails; `writes-down`: mutations fail, reads work; `hanging`: no answer. */
  mode: 'up' | 'down' | 'writes-down' | 'hanging' = 'up';
  readonly answered: Array<{ method: Method; args: unknown[] }> = [];

  constructor(options: MemorySnapshotStoreOptions = {}) {
    this.memory = new MemorySnapshotStore(options);
  }

  putSnapshot: SnapshotStore['putSnapshot'] = (...args) => this.#call('putSnapshot', args);
  addEntries: SnapshotStore['addEntries'] = (...args) => this.#call('addEntries', args);
  getActiveSnapshot: SnapshotStore['getActiveSnapshot'] = (...args) =>
    this.#call('getActiveSnapshot', args);
  getSnapshot: SnapshotStore['getSnapshot'] = (...args) => this.#call('getSnapshot', args);
  listHistory: SnapshotStore['listHistory'] = (...args) => this.#call('listHistory', args);
  markEntryRestored: SnapshotStore['markEntryRestored'] = (...args) =>
    this.#call('markEntryRestored', args);
  markSnapshotRestored: SnapshotStore['markSnapshotRestored'] = (...args) =>
    this.#call('markSnapshotRestored', args);
  deleteEntry: SnapshotStore['deleteEntry'] = (...args) => this.#call('deleteEntry', args);

  /** The mutations it answered, as `method namespace/operationId`. */
  answeredMutations(): string[] {
    return this.answered
      .filter((call) => mutations.has(call.method))
      .map(({ method, args }) => {
        const [first, second] = args as [unknown, unknown];
        const name =
          method === 'putSnapshot'
            ? `${(first as { namespace: string }).namespace}/${(first as { operationId: string }).operationId}`
            : `${String(first)}/${String(second)}`;
        return `${method} ${name}`;
      });
  }

  async #call<T>(method: Method, args: unknown[]): Promise<T> {
    if (this.mode === 'hanging') return new Promise(() => undefined);
    if (this.mode === 'down' || (this.mode === 'writes-down' && mutations.has(method))) {
      const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), {
        code: 'ECONNREFUSED',
      });
      throw new SnapshotStoreError('DynamoDB is down', {
        code: 'Unavailable',
        operation: method,
        cause,
      });
    }
    const memory = this.memory as unknown as Record<Method, (...a: unknown[]) => Promise<T>>;
    const answer = await memory[method](...args);
    this.answered.push({ method, args });
    return answer;
  }
}
