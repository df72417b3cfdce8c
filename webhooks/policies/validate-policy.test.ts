import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import type { Policy } from '../../src/controller/types.ts';
import type { AdmissionDecision } from '../admission/review.ts';
import { staticView } from '../cluster-view.ts';
import { admissionRequest, awakeAtNoon, namespace, noon, policy } from '../testing/fixtures.ts';
import type { SecretLookup } from './soft-problems.ts';
import { validatePolicy } from './validate-policy.ts';

const valid: NamespaceScalingPolicySpec = { ...awakeAtNoon, namespaces: ['team-a'] };
const namespaces = ['team-a', 'team-b', 'kube-system', 'nsscaler-system'].map((name) =>
  namespace(name, name.startsWith('team') ? { env: 'dev' } : {}),
);

async function admit(
  spec: unknown,
  options: {
    others?: Policy[];
    oldSpec?: unknown;
    secret?: SecretLookup;
    deleting?: boolean;
  } = {},
): Promise<AdmissionDecision> {
  const object = {
    apiVersion: 'nsscaler.io/v1alpha1',
    kind: 'NamespaceScalingPolicy',
    metadata: { name: 'mine', ...(options.deleting ? { deletionTimestamp: noon } : {}) },
    spec,
  };
  const oldObject =
    options.oldSpec === undefined ? undefined : { ...object, spec: options.oldSpec };
  return validatePolicy(
    admissionRequest(object, oldObject ? { operation: 'UPDATE', oldObject } : {}),
    {
      view: staticView(options.others ?? [], namespaces),
      controllerNamespace: 'nsscaler-system',
      protectedNamespaces: new Set([
        'kube-system',
        'kube-public',
        'kube-node-lease',
        'nsscaler-system',
      ]),
      checkSecret: () => Promise.resolve(options.secret ?? 'found'),
      now: () => noon,
    },
  );
}

function denial(decision: AdmissionDecision) {
  assert.equal(decision.allowed, false, 'expected a denial');
  return decision;
}

describe('policy validation at admission (A1)', () => {
  it('admits a valid policy without warnings', async () => {
    assert.deepEqual(await admit(valid), { allowed: true });
  });

  it('G02 denies Mon-Sun 03:00-03:00 in UTC with a message naming start and end', async () => {
    const result = denial(
      await admit({ ...valid, sleep: [{ days: 'Mon-Sun', start: '03:00', end: '03:00' }] }),
    );

    assert.equal(result.code, 422);
    assert.match(result.message, /spec\.sleep\[0\]\.end: start and end are both 03:00/);
    assert.deepEqual(
      result.causes?.map((cause) => cause.field),
      ['spec.sleep[0].end'],
    );
  });

  it('A1 lists every problem with its field path in one denial', async () => {
    const result = denial(
      await admit({
        namespaces: ['team-a', 'kube-system'],
        timeZone: 'CEST',
        sleep: [{ days: 'Mon-Fry', start: '19:00', end: '07:00' }],
        sleepReplicas: -1,
      }),
    );
    const fields = result.causes?.map((cause) => cause.field) ?? [];

    for (const field of [
      'spec.namespaces[1]',
      'spec.timeZone',
      'spec.sleep[0].days',
      'spec.sleepReplicas',
    ]) {
      assert.ok(fields.includes(field), `${field} missing in ${fields.join(', ')}`);
      assert.ok(result.message.includes(`${field}:`), `${field} missing in the message`);
    }
    assert.match(result.message, /\(4 problems\)/);
  });

  it('S3 denies an abbreviation with a hint naming an IANA zone', async () => {
    const result = denial(await admit({ ...valid, timeZone: 'IST' }));

    assert.match(result.message, /spec\.timeZone: .*Asia\/Kolkata/);
  });

  it('A4 denies a policy listing the controller namespace', async () => {
    const result = denial(await admit({ ...valid, namespaces: ['nsscaler-system'] }));

    assert.deepEqual(
      result.causes?.map((cause) => cause.field),
      ['spec.namespaces[0]'],
    );
  });

  it('A4 denies a new selector that matches a system namespace, naming it', async () => {
    const result = denial(await admit({ ...awakeAtNoon, namespaceSelector: {} }));

    assert.equal(result.causes?.[0]?.field, 'spec.namespaceSelector');
    assert.match(result.message, /kube-system, nsscaler-system/);
  });

  it('A4 admits the same selector when it excludes the protected namespaces', async () => {
    const spec = {
      ...awakeAtNoon,
      namespaceSelector: {},
      excludeNamespaces: ['kube-system', 'nsscaler-system'],
    };
    assert.deepEqual(await admit(spec), { allowed: true });
  });

  it('A4 only warns when an update leaves a selector alone that now matches one', async () => {
    const oldSpec = { ...awakeAtNoon, namespaceSelector: {} };
    const result = await admit({ ...oldSpec, sleepReplicas: 1 }, { oldSpec });

    assert.equal(result.allowed, true);
    assert.match(result.warnings?.[0] ?? '', /^spec\.namespaceSelector: matches kube-system/);
  });

  it('C6 denies a namespace another policy lists, naming that policy', async () => {
    const other = policy('first', { ...awakeAtNoon, namespaces: ['team-b', 'team-a'] });
    const result = denial(await admit({ ...valid, namespaces: ['team-a'] }, { others: [other] }));

    assert.deepEqual(
      result.causes?.map((cause) => cause.field),
      ['spec.namespaces[0]'],
    );
    assert.match(result.message, /team-a is already listed by policy "first"/);
  });

  it('C6 warns about a collision the policy already had, so it can still be edited', async () => {
    const other = policy('first', { ...awakeAtNoon, namespaces: ['team-a'] });
    const result = await admit({ ...valid, sleepReplicas: 1 }, { others: [other], oldSpec: valid });

    assert.equal(result.allowed, true);
    assert.match(result.warnings?.join() ?? '', /team-a is already listed by policy "first"/);
  });

  it('C6 does not count the policy itself as another policy', async () => {
    const self = policy('mine', valid);
    assert.deepEqual(
      await admit({ ...valid, sleepReplicas: 1 }, { others: [self], oldSpec: valid }),
      {
        allowed: true,
      },
    );
  });

  it('admits an update that leaves an invalid spec alone (finalizers), and a deletion', async () => {
    const invalid = { ...valid, sleep: [{ days: 'Mon', start: '03:00', end: '03:00' }] };

    assert.equal((await admit(invalid, { oldSpec: invalid })).allowed, true);
    assert.equal((await admit(invalid, { deleting: true })).allowed, true);
  });
});

describe('soft problems are warnings', () => {
  const slack = (namespaceName: string) => ({
    ...valid,
    notifications: {
      slack: { webhookSecretRef: { name: 'slack', namespace: namespaceName, key: 'url' } },
    },
  });

  it('warns about a Secret that does not exist yet', async () => {
    const result = await admit(slack('nsscaler-system'), { secret: 'missing' });

    assert.deepEqual(result, {
      allowed: true,
      warnings: [
        'spec.notifications.slack.webhookSecretRef: Secret nsscaler-system/slack does not exist yet',
      ],
    });
  });

  it('warns about a Secret without the referenced key', async () => {
    const result = await admit(slack('nsscaler-system'), { secret: { missingKeys: ['url'] } });

    assert.match(result.warnings?.[0] ?? '', /lacks url/);
  });

  it('warns about a Secret outside the controller namespace', async () => {
    const result = await admit(slack('team-a'));

    assert.match(result.warnings?.[0] ?? '', /reads Secrets only in nsscaler-system/);
  });

  it('S8 warns about an override that has expired', async () => {
    const overrides = [{ state: 'Awake' as const, until: '2026-01-01T00:00:00Z' }];
    const result = await admit({ ...valid, overrides });

    assert.match(result.warnings?.[0] ?? '', /^spec\.overrides\[0\]\.until: .* has passed/);
  });
});
