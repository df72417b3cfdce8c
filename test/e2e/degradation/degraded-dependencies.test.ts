import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { waitFor } from '../support/kube.ts';
import { conditionOf, readPolicy, waitForNamespaceState } from '../support/policies.ts';
import { refuseWorkloadUpdates } from '../support/refuse-writes.ts';
import { OutageScenario } from './outage-scenario.ts';

/**
 * Two dependencies fail at once: DynamoDB Local is killed (snapshots go to the journal, O3) and
 * the API server answers 500 to nsscaler's scale writes (a validating webhook nobody serves, with
 * failurePolicy Fail), which opens the API write breaker. The policy's `Degraded` condition must
 * name both, and then only the one still failing.
 */
describe('O4 Degraded names every degraded dependency', () => {
  let scenario: OutageScenario;
  let removeRefusal: () => Promise<void> = () => Promise.resolve();
  let dynamoDbDown = false;

  before(async () => {
    scenario = await OutageScenario.start('degraded-both', { persistent: true });
    await scenario.startController('degraded-both-0', {
      NSSCALER_KUBE_BREAKER_VOLUME_THRESHOLD: '2',
      NSSCALER_KUBE_BREAKER_RESET_TIMEOUT_MS: '2000',
    });
  });

  after(async () => {
    await removeRefusal();
    // Deleting the policy wakes the namespace, which needs DynamoDB back.
    if (dynamoDbDown) await scenario.dynamoDb.restart();
    await scenario.close();
  });

  const degraded = async () =>
    conditionOf(await readPolicy(scenario.cluster, scenario.policy), 'Degraded');

  it('O4 names DynamoDB and the API server together, then the one still failing', async () => {
    const { namespace } = scenario;
    await scenario.createPolicy();
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Awake');
    removeRefusal = await refuseWorkloadUpdates(scenario.cluster, namespace);

    await scenario.dynamoDb.kill();
    dynamoDbDown = true;
    await scenario.sleep();
    const both = await waitFor('Degraded to name both dependencies', async () => {
      const condition = await degraded();
      return condition?.reason === 'DependenciesUnavailable' ? condition : undefined;
    });
    assert.equal(both.status, 'True');
    assert.match(both.message ?? '', /DynamoDB: .*journal/);
    assert.match(both.message ?? '', /KubeAPIServer: .*circuit breaker is open/);

    await removeRefusal();
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Asleep');
    const dynamoDbOnly = await waitFor('Degraded to name DynamoDB alone', async () => {
      const condition = await degraded();
      return condition?.reason === 'DynamoDBUnavailable' ? condition : undefined;
    });
    assert.doesNotMatch(dynamoDbOnly.message ?? '', /KubeAPIServer/);

    await scenario.dynamoDb.restart();
    dynamoDbDown = false;
    await waitFor(
      'Degraded to clear once the journal is replayed',
      async () => ((await degraded())?.status === 'False' ? true : undefined),
      { timeoutMs: 60_000 },
    );
  });
});
