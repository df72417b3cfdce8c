import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseJournal } from '../../../src/snapshots/journal/read-journal.ts';
import type { JournalRecord } from '../../../src/snapshots/journal/record-codec.ts';
import { ControllerProcess } from '../support/controller.ts';
import { installNsscaler } from '../support/install.ts';
import { connect, createTestNamespace, deleteNamespace, uniqueName } from '../support/kube.ts';
import type { Cluster } from '../support/kube.ts';
import {
  createPolicy,
  deletePolicyAndWait,
  holdFor,
  patchPolicySpec,
  quietSchedule,
} from '../support/policies.ts';
import { serviceAccountKubeconfig } from '../support/service-account.ts';
import { deployment, statefulSet } from '../support/workloads.ts';
import { PrivateDynamoDb } from './private-dynamodb.ts';

/** The workloads of the scenario and their replicas before the sleep (0 is a value, R4). */
export const originals = { web: 3, worker: 0, db: 2 } as const;

/**
 * One namespace (Deployments web=3 and worker=0, StatefulSet db=2) owned by a policy that is awake
 * until the test says otherwise, and `nsscaler run` against a private DynamoDB Local with a
 * snapshot journal in a temp folder. The breaker is quick, so the test does not wait long.
 */
export class OutageScenario {
  readonly cluster: Cluster;
  readonly dynamoDb: PrivateDynamoDb;
  readonly table = uniqueName('nsscaler-snapshots');
  readonly policy: string;
  readonly namespace: string;
  readonly journalPath: string;
  readonly #name: string;
  readonly #kubeconfig: string;
  readonly #journalDir: string;
  readonly #controllers: ControllerProcess[] = [];

  private constructor(
    name: string,
    cluster: Cluster,
    kubeconfig: string,
    dynamoDb: PrivateDynamoDb,
    namespace: string,
  ) {
    this.#name = name;
    this.cluster = cluster;
    this.#kubeconfig = kubeconfig;
    this.dynamoDb = dynamoDb;
    this.namespace = namespace;
    this.policy = uniqueName(name);
    this.#journalDir = mkdtempSync(join(tmpdir(), 'nsscaler-e2e-journal-'));
    this.journalPath = join(this.#journalDir, 'snapshot-journal');
  }

  static async start(name: string, options: { persistent: boolean }): Promise<OutageScenario> {
    const cluster = connect();
    await installNsscaler(cluster);
    const kubeconfig = await serviceAccountKubeconfig(cluster);
    const dynamoDb = await PrivateDynamoDb.start(options);
    const namespace = await createTestNamespace(cluster, name);
    const scenario = new OutageScenario(name, cluster, kubeconfig, dynamoDb, namespace);
    const apps = cluster.apps;
    await apps.createNamespacedDeployment({ namespace, body: deployment('web', originals.web) });
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('worker', originals.worker),
    });
    await apps.createNamespacedStatefulSet({ namespace, body: statefulSet('db', originals.db) });
    return scenario;
  }

  /**
   * Starts `nsscaler run` (the same journal path for every process of the scenario); `env` adds
   * or overrides variables.
   */
  async startController(
    identity: string,
    env: Record<string, string> = {},
  ): Promise<ControllerProcess> {
    const controller = new ControllerProcess({
      kubeconfig: this.#kubeconfig,
      table: this.table,
      name: this.#name,
      env: {
        NSSCALER_IDENTITY: identity,
        DYNAMODB_ENDPOINT: this.dynamoDb.endpoint,
        NSSCALER_JOURNAL_PATH: this.journalPath,
        NSSCALER_DYNAMODB_BREAKER_TIMEOUT_MS: '1000',
        NSSCALER_DYNAMODB_BREAKER_RESET_TIMEOUT_MS: '1000',
        NSSCALER_DYNAMODB_BREAKER_VOLUME_THRESHOLD: '1',
        ...env,
      },
    });
    this.#controllers.push(controller);
    await controller.start();
    return controller;
  }

  createPolicy(): Promise<unknown> {
    return createPolicy(this.cluster, this.policy, {
      ...quietSchedule(),
      namespaces: [this.namespace],
    });
  }

  sleep(): Promise<void> {
    return patchPolicySpec(this.cluster, this.policy, { overrides: [holdFor('Asleep')] });
  }

  wake(): Promise<void> {
    return patchPolicySpec(this.cluster, this.policy, { overrides: [holdFor('Awake')] });
  }

  async replicas(): Promise<Record<keyof typeof originals, number | undefined>> {
    const { apps } = this.cluster;
    const namespace = this.namespace;
    const web = await apps.readNamespacedDeployment({ name: 'web', namespace });
    const worker = await apps.readNamespacedDeployment({ name: 'worker', namespace });
    const db = await apps.readNamespacedStatefulSet({ name: 'db', namespace });
    return { web: web.spec?.replicas, worker: worker.spec?.replicas, db: db.spec?.replicas };
  }

  /** The records in the journal file now, as a fresh process would read them. */
  journalRecords(): JournalRecord[] {
    if (!existsSync(this.journalPath)) return [];
    return parseJournal(readFileSync(this.journalPath), this.journalPath).records;
  }

  /** Removes the policy (its finalizer needs DynamoDB up), the namespace, the processes. */
  async close(): Promise<void> {
    try {
      await deletePolicyAndWait(this.cluster, this.policy);
    } finally {
      await deleteNamespace(this.cluster, this.namespace);
      for (const controller of this.#controllers) await controller.stop();
      await this.dynamoDb.dispose();
      rmSync(this.#journalDir, { recursive: true, force: true });
    }
  }
}
