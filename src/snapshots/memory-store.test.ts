import { describe } from 'node:test';

import { MemorySnapshotStore } from './memory-store.ts';
import { testSnapshotStoreContract } from './testing/store-contract.ts';

describe('the in-memory snapshot store', () => {
  testSnapshotStoreContract((options) => new MemorySnapshotStore(options));
});
