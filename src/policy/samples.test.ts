import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { parse } from 'yaml';

import { validatePolicySpec } from './validate.ts';

const samples = new URL('../../config/samples/', import.meta.url);
const files = readdirSync(samples).filter((file) => file.endsWith('.yaml'));

describe('policy samples in config/samples', () => {
  it('has the four documented samples', () => {
    assert.deepEqual(files.sort(), [
      'cron.yaml',
      'nights-and-weekends.yaml',
      'overnight-with-holidays.yaml',
      'wake-now-override.yaml',
    ]);
  });

  for (const file of files) {
    it(`${file} is a valid NamespaceScalingPolicy`, () => {
      const manifest = parse(readFileSync(new URL(file, samples), 'utf8')) as {
        apiVersion: string;
        kind: string;
        spec: unknown;
      };
      assert.equal(manifest.apiVersion, 'nsscaler.io/v1alpha1');
      assert.equal(manifest.kind, 'NamespaceScalingPolicy');
      assert.deepEqual(validatePolicySpec(manifest.spec), []);
    });
  }
});
