import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { parse } from 'yaml';

import type { OpenApiSchema } from './schema-check.ts';

interface Crd {
  spec: {
    scope: string;
    names: { shortNames: string[]; categories: string[] };
    versions: {
      name: string;
      subresources: { status: object };
      additionalPrinterColumns: { name: string; jsonPath: string; priority?: number }[];
      schema: { openAPIV3Schema: OpenApiSchema & { description?: string } };
    }[];
  };
}

const crdFile = new URL('../../crds/nsscaler.io_namespacescalingpolicies.yaml', import.meta.url);
const crd = parse(readFileSync(crdFile, 'utf8')) as Crd;
const [version] = crd.spec.versions;

type Node = OpenApiSchema & { description?: string };

/** Every property schema under a schema, with its path. */
function* fields(schema: Node, path: string): Generator<[string, Node]> {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    yield [`${path}.${key}`, child];
    yield* fields(child, `${path}.${key}`);
    if (child.items !== undefined) yield* fields(child.items, `${path}.${key}[]`);
    if (child.items?.items !== undefined) yield* fields(child.items.items, `${path}.${key}[][]`);
  }
}

function* lists(schema: Node, path: string): Generator<[string, Node]> {
  if (schema.type === 'array') yield [path, schema];
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    yield* lists(child, `${path}.${key}`);
  if (schema.items !== undefined) yield* lists(schema.items, `${path}[]`);
}

describe('NamespaceScalingPolicy CRD', () => {
  it('is cluster-scoped v1alpha1 with short name nsp, category nsscaler and a status subresource', () => {
    assert.equal(crd.spec.scope, 'Cluster');
    assert.deepEqual(crd.spec.names.shortNames, ['nsp']);
    assert.deepEqual(crd.spec.names.categories, ['nsscaler']);
    assert.equal(version!.name, 'v1alpha1');
    assert.deepEqual(version!.subresources.status, {});
  });

  it('describes every field (but metadata, which the API server allows only as `type: object`)', () => {
    const undescribed = [...fields(version!.schema.openAPIV3Schema, '')]
      .filter(([path]) => path !== '.metadata')
      .filter(([, schema]) => schema.description === undefined || schema.description.trim() === '')
      .map(([path]) => path);
    assert.deepEqual(undescribed, []);
  });

  it('gives every list an x-kubernetes-list-type', () => {
    const untyped = [...lists(version!.schema.openAPIV3Schema, '')]
      .filter(([, schema]) => schema['x-kubernetes-list-type'] === undefined)
      .map(([path]) => path);
    assert.deepEqual(untyped, []);
  });

  it('prints Ready, Namespaces, Asleep, Next and Age, with TimeZone and Message at priority 1', () => {
    const columns = version!.additionalPrinterColumns.map(
      (column) => `${column.name}:${column.priority ?? 0}`,
    );
    assert.deepEqual(columns, [
      'Ready:0',
      'Namespaces:0',
      'Asleep:0',
      'Next:0',
      'Age:0',
      'TimeZone:1',
      'Message:1',
    ]);
  });
});
