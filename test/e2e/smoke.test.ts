import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

import { expectedNodes } from './support/cluster-env.ts';
import { dynamoDbClientForTests } from './support/dynamodb-local.ts';
import type { Cluster } from './support/kube.ts';
import {
  connect,
  createTestNamespace,
  deleteNamespace,
  uniqueName,
  waitFor,
} from './support/kube.ts';
import { deployment } from './support/workloads.ts';

describe('the local test environment', () => {
  let cluster: Cluster;
  let namespace: string;

  before(async () => {
    cluster = connect();
    namespace = await createTestNamespace(cluster, 'smoke');
  });

  after(async () => {
    await deleteNamespace(cluster, namespace);
  });

  it('has all its nodes Ready: FAKE_NODES (2 by default) on the local plane, 3 on kind', async () => {
    const nodes = await cluster.core.listNode();
    const ready = nodes.items.filter((node) =>
      node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    assert.ok(
      ready.length >= expectedNodes,
      `expected ${expectedNodes} Ready nodes, got ${ready.length} of ${nodes.items.length}`,
    );
  });

  it('runs a Deployment to 2 ready replicas and scales it to 0 through /scale', async () => {
    await cluster.apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) });

    await waitFor('web to report 2 ready replicas', async () => {
      const web = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace });
      return web.status?.readyReplicas === 2 ? web : undefined;
    });

    const scale = await cluster.apps.readNamespacedDeploymentScale({ name: 'web', namespace });
    assert.equal(scale.spec?.replicas, 2);
    await cluster.apps.replaceNamespacedDeploymentScale({
      name: 'web',
      namespace,
      body: { ...scale, spec: { replicas: 0 } },
    });

    await waitFor('the pods of web to be gone', async () => {
      const pods = await cluster.core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
      return pods.items.length === 0 ? true : undefined;
    });
    const web = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(web.spec?.replicas, 0);
  });
});

describe('DynamoDB Local', () => {
  const tableName = uniqueName('nsscaler-smoke');
  let client: DynamoDBClient;

  before(async () => {
    client = dynamoDbClientForTests();
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
  });

  after(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });

  it('stores an item and reads it back with a consistent read', async () => {
    const documents = DynamoDBDocumentClient.from(client);
    const item = { pk: 'ns#team-a', replicas: 3, suspended: false, note: 'smoke' };

    await documents.send(new PutCommand({ TableName: tableName, Item: item }));
    const read = await documents.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'ns#team-a' }, ConsistentRead: true }),
    );

    assert.deepEqual(read.Item, item);
  });
});
