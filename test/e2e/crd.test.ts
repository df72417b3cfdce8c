/**
 * The NamespaceScalingPolicy CRD on a real API server: it is accepted (structural schema, CEL cost
 * within budget), every sample in config/samples is created, and objects that break the schema or
 * its CEL rules are refused with 422 and a message that names the field. Reads KUBECONFIG and never
 * starts a cluster; removes the policies it creates, and the CRD if it installed it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import {
  ApiException,
  ApiextensionsV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  loadYaml,
} from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parse } from 'yaml';

import { loadKubeConfig, uniqueName, waitFor } from './support/kube.ts';

const repoRoot = new URL('../../', import.meta.url);
const crdName = 'namespacescalingpolicies.nsscaler.io';
const policies = { group: 'nsscaler.io', version: 'v1alpha1', plural: 'namespacescalingpolicies' };

const kubeConfig = loadKubeConfig();
const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
const customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
const created: string[] = [];
let installedCrd = false;

function readYaml<T>(path: string): T {
  return parse(readFileSync(new URL(path, repoRoot), 'utf8')) as T;
}

/** The Status a refused request returns, with the code. */
function refusal(err: unknown): { code: number; message: string } {
  if (!(err instanceof ApiException)) throw err;
  const raw = (err as ApiException<unknown>).body;
  const body = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  return { code: err.code, message: (body as { message?: string }).message ?? String(raw) };
}

async function createPolicy(name: string, spec: unknown, dryRun?: 'All'): Promise<unknown> {
  const body = {
    apiVersion: 'nsscaler.io/v1alpha1',
    kind: 'NamespaceScalingPolicy',
    metadata: { name },
    spec,
  };
  const object: unknown = await customObjects.createClusterCustomObject({
    ...policies,
    body,
    dryRun,
  });
  if (dryRun === undefined) created.push(name);
  return object;
}

async function deletePolicy(name: string): Promise<void> {
  await customObjects.deleteClusterCustomObject({ ...policies, name }).catch(() => undefined);
  const gone = async () =>
    customObjects.getClusterCustomObject({ ...policies, name }).then(
      () => undefined,
      (err: unknown) => (refusal(err).code === 404 ? true : undefined),
    );
  try {
    await waitFor(`policy ${name} to be deleted`, gone, { timeoutMs: 20_000 });
  } catch {
    // Without a running controller nobody removes its finalizer; the test removes its own objects.
    const removeFinalizers = [{ op: 'remove', path: '/metadata/finalizers' }];
    await customObjects.patchClusterCustomObject({ ...policies, name, body: removeFinalizers });
    await waitFor(`policy ${name} to be deleted`, gone, { timeoutMs: 20_000 });
  }
}

const valid = {
  namespaces: ['crd-e2e-none'],
  timeZone: 'UTC',
  sleep: [{ days: 'Mon-Fri', start: '19:00', end: '07:00' }],
};

before(async () => {
  // loadYaml, not a plain YAML parser: client-node serializes a CRD from its own model, and would
  // silently drop `default` and `x-kubernetes-validations` given the manifest's JSON names.
  const manifest = readFileSync(
    new URL('crds/nsscaler.io_namespacescalingpolicies.yaml', repoRoot),
  );
  const crd = loadYaml<KubernetesObject>(manifest.toString('utf8'));
  installedCrd = await extensions.readCustomResourceDefinition({ name: crdName }).then(
    () => false,
    (err: unknown) => refusal(err).code === 404 || Promise.reject(err as Error),
  );
  await KubernetesObjectApi.makeApiClient(kubeConfig).patch(
    crd,
    undefined,
    undefined,
    'nsscaler-e2e-crd',
    true,
    PatchStrategy.ServerSideApply,
  );

  await waitFor('the CRD to be established', async () => {
    const status = (await extensions.readCustomResourceDefinition({ name: crdName })).status;
    return (
      status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') || undefined
    );
  });
  // A changed schema reaches the API server's handlers a moment after the update: wait for a CEL rule.
  await waitFor('the CEL rules to be enforced', () =>
    createPolicy(uniqueName('crd-probe'), { ...valid, timeZone: 'CEST' }, 'All').then(
      () => undefined,
      (err: unknown) => (refusal(err).code === 422 ? true : undefined),
    ),
  );
});

after(async () => {
  for (const name of created) await deletePolicy(name);
  if (installedCrd) await extensions.deleteCustomResourceDefinition({ name: crdName });
});

describe('NamespaceScalingPolicy CRD on a real API server', () => {
  const samples = readdirSync(new URL('config/samples/', repoRoot)).filter((file) =>
    file.endsWith('.yaml'),
  );

  for (const file of samples) {
    it(`accepts the sample ${file}`, async () => {
      const manifest = readYaml<{ metadata: { name: string }; spec: unknown }>(
        `config/samples/${file}`,
      );
      const object = (await createPolicy(uniqueName(manifest.metadata.name), manifest.spec)) as {
        spec: { sleepReplicas: number; onDelete: string; workloads: { kinds: string[] } };
      };
      assert.equal(object.spec.sleepReplicas, 0);
      assert.equal(object.spec.onDelete, 'Wake');
      assert.ok(object.spec.workloads.kinds.length > 0);
    });
  }

  it('fills in defaults: a holiday without a state is Asleep', async () => {
    const spec = { ...valid, holidays: [{ date: '2026-12-24' }] };
    const object = (await createPolicy(uniqueName('crd-defaults'), spec)) as {
      spec: { holidays: { state: string }[]; workloads: { kinds: string[] } };
    };
    assert.equal(object.spec.holidays[0]!.state, 'Asleep');
    assert.deepEqual(object.spec.workloads.kinds, ['Deployment', 'StatefulSet', 'CronJob']);
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    [
      'both sleep and cron',
      { cron: { sleep: '0 19 * * *' } },
      /spec: Invalid value: set either spec\.sleep or spec\.cron, not both/,
    ],
    [
      'neither sleep nor cron',
      { sleep: undefined },
      /set spec\.sleep \(weekly windows\) or spec\.cron/,
    ],
    [
      'a policy that selects no namespace',
      { namespaces: undefined },
      /select namespaces with spec\.namespaceSelector/,
    ],
    [
      'an empty namespaces list without a selector',
      { namespaces: [] },
      /spec: Invalid value: spec\.namespaces is empty and spec\.namespaceSelector is not set/,
    ],
    [
      'S3 an abbreviation as time zone',
      { timeZone: 'CEST' },
      /spec\.timeZone: Invalid value: "CEST": timeZone "CEST" is not an IANA zone name/,
    ],
    [
      'S4 an unknown day',
      { sleep: [{ days: 'Mon-Fry', start: '19:00', end: '07:00' }] },
      /spec\.sleep\[0\]\.days: Invalid value: "Mon-Fry"/,
    ],
    [
      'S5 24:00 as a start',
      { sleep: [{ days: 'Mon', start: '24:00', end: '07:00' }] },
      /spec\.sleep\[0\]\.start: Invalid value: "24:00"/,
    ],
    [
      'S5 a window mixing both shapes',
      { sleep: [{ days: 'Mon', start: '19:00', end: '07:00', from: 'Fri 19:00' }] },
      /spec\.sleep\[0\]: Invalid value: a sleep window is either \{days, start, end\} or \{from, to\}; this one sets days start end from$/m,
    ],
    [
      'S5 a span from and to the same moment',
      { sleep: [{ from: 'Fri 19:00', to: 'fri 19:00' }] },
      /spec\.sleep\[0\]: Invalid value: from and to are both Fri 19:00/,
    ],
    [
      'S7 a holiday from after to',
      { holidays: [{ from: '2026-12-26', to: '2026-12-24' }] },
      /spec\.holidays\[0\]: Invalid value: from is after to/,
    ],
    [
      'S7 a holiday that is both a date and a range',
      { holidays: [{ date: '2026-12-24', from: '2026-12-24', to: '2026-12-26' }] },
      /spec\.holidays\[0\]: Invalid value: a holiday is either \{date\} or \{from, to\}; this one sets date from to/,
    ],
    [
      'S7 a holiday on a date that does not exist',
      { holidays: [{ date: '2026-02-30' }] },
      /spec\.holidays\[0\]\.date: Invalid value: "2026-02-30"/,
    ],
    [
      'S8 an override without until',
      { overrides: [{ state: 'Awake' }] },
      /spec\.overrides\[0\]\.until: Required value/,
    ],
    [
      'identical cron sleep and wake',
      { sleep: undefined, cron: { sleep: '0 19 * * *', wake: '0 19 * * *' } },
      /spec\.cron: Invalid value: cron\.sleep and cron\.wake are the same expression "0 19 \* \* \*"/,
    ],
    [
      'a kind in two wake order groups',
      { wakeOrder: [['StatefulSet'], ['Deployment', 'StatefulSet']] },
      /spec\.wakeOrder: Invalid value: a kind may appear in only one wakeOrder group; in more than one: StatefulSet$/m,
    ],
    [
      'an exclusion naming a workload and a selector at once',
      {
        workloads: {
          exclude: [{ kind: 'Deployment', name: 'web', selector: { matchLabels: {} } }],
        },
      },
      /spec\.workloads\.exclude\[0\]: Invalid value: an exclusion is either \{kind, name\} or \{selector\}; this one sets kind name selector/,
    ],
    [
      'sleepReplicas below zero',
      { sleepReplicas: -1 },
      /spec\.sleepReplicas: Invalid value: -1: spec\.sleepReplicas in body should be greater than or equal to 0/,
    ],
    ['an unknown onDelete', { onDelete: 'Delete' }, /spec\.onDelete: Unsupported value: "Delete"/],
  ];

  for (const [name, changes, message] of refused) {
    it(`refuses ${name} with 422 naming the field`, async () => {
      const spec = { ...valid, ...changes };
      const result = await createPolicy(uniqueName('crd-invalid'), spec).then(
        () => ({ code: 201, message: 'created' }),
        refusal,
      );
      assert.equal(result.code, 422, result.message);
      assert.match(result.message, message);
    });
  }
});
