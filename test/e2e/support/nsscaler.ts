import { BatchV1Api } from '@kubernetes/client-node';

import { ControllerProcess } from './controller.ts';
import { createTestSnapshotTable } from './dynamodb.ts';
import type { TestSnapshotTable } from './dynamodb.ts';
import { installNsscaler } from './install.ts';
import type { Cluster } from './kube.ts';
import { connect } from './kube.ts';
import { serviceAccountKubeconfig } from './service-account.ts';

export interface Nsscaler {
  cluster: Cluster;
  batch: BatchV1Api;
  table: TestSnapshotTable;
  kubeconfig: string;
  controller: ControllerProcess;
  /** Starts another controller process on the same table and Lease (a restart, or a replica). */
  startReplica(
    name: string,
    options?: { env?: Record<string, string>; until?: 'leading' | 'started' },
  ): Promise<ControllerProcess>;
  /** Stops every controller started here and drops the table. */
  close(): Promise<void>;
}

/**
 * The environment of a controller e2e file: the CRD and RBAC installed, a snapshot table of its
 * own in DynamoDB Local, and `nsscaler run` started with only the ServiceAccount's permissions.
 */
export async function startNsscaler(
  name: string,
  env: Record<string, string> = {},
): Promise<Nsscaler> {
  const cluster = connect();
  await installNsscaler(cluster);
  const kubeconfig = await serviceAccountKubeconfig(cluster);
  const table = await createTestSnapshotTable();
  const processes: ControllerProcess[] = [];
  const launch = async (
    processName: string,
    options: { env?: Record<string, string>; until?: 'leading' | 'started' } = {},
  ) => {
    const controller = new ControllerProcess({
      kubeconfig,
      table: table.tableName,
      name,
      env: { NSSCALER_IDENTITY: processName, ...env, ...options.env },
    });
    processes.push(controller);
    await controller.start(options.until);
    return controller;
  };
  const controller = await launch(`${name}-0`);
  return {
    cluster,
    batch: cluster.kubeConfig.makeApiClient(BatchV1Api),
    table,
    kubeconfig,
    controller,
    startReplica: launch,
    async close() {
      await Promise.all(processes.map((process) => process.stop()));
      await table.drop();
    },
  };
}
