import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { applyJsonPatch, escapePointerToken, setAnnotations } from './json-patch.ts';
import { MalformedReviewError, buildAdmissionResponse, readAdmissionRequest } from './review.ts';

const uid = '705ab4f5-6393-11e8-b7cc-42010a800002';

describe('AdmissionReview envelope', () => {
  it('reads the request of an admission.k8s.io/v1 AdmissionReview', () => {
    const request = readAdmissionRequest({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid,
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        operation: 'CREATE',
      },
    });

    assert.equal(request.uid, uid);
  });

  const malformed: [string, unknown][] = [
    ['not an object', 'hello'],
    [
      'v1beta1',
      { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid } },
    ],
    ['no uid', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} }],
    [
      'no operation',
      { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid, kind: {} } },
    ],
  ];
  for (const [title, body] of malformed) {
    it(`refuses a body that is ${title}`, () => {
      assert.throws(() => readAdmissionRequest(body), MalformedReviewError);
    });
  }

  it('echoes the uid and carries a JSON Patch in base64', () => {
    const patch = [{ op: 'add' as const, path: '/spec/replicas', value: 0 }];
    const review = buildAdmissionResponse(uid, { allowed: true, patch });

    assert.equal(review.apiVersion, 'admission.k8s.io/v1');
    assert.equal(review.response.uid, uid);
    assert.equal(review.response.patchType, 'JSONPatch');
    assert.deepEqual(
      JSON.parse(Buffer.from(review.response.patch ?? '', 'base64').toString()),
      patch,
    );
  });

  it('A1 turns a denial into a status with every cause and its field', () => {
    const review = buildAdmissionResponse(uid, {
      allowed: false,
      code: 422,
      reason: 'Invalid',
      message: 'two problems',
      causes: [
        { field: 'spec.timeZone', message: 'not IANA' },
        { field: 'spec.sleep[0].end', message: 'equal to start' },
      ],
      warnings: ['careful'],
    });

    assert.equal(review.response.allowed, false);
    assert.equal(review.response.status?.code, 422);
    assert.deepEqual(
      review.response.status?.details?.causes.map((cause) => cause.field),
      ['spec.timeZone', 'spec.sleep[0].end'],
    );
    assert.deepEqual(review.response.warnings, ['careful']);
    assert.equal(review.response.patch, undefined);
  });
});

describe('JSON Patch helpers', () => {
  it('escapes / and ~ in annotation keys (RFC 6901)', () => {
    assert.equal(
      escapePointerToken('nsscaler.io/intended-replicas'),
      'nsscaler.io~1intended-replicas',
    );
    assert.equal(escapePointerToken('a~b'), 'a~0b');
  });

  it('adds the annotations map when the object has none, else one key at a time', () => {
    const bare = { metadata: {} as { annotations?: Record<string, string> } };
    const annotated = { metadata: { annotations: { keep: 'me', 'nsscaler.io/x': 'old' } } };

    assert.deepEqual(
      applyJsonPatch(bare, setAnnotations(undefined, { 'nsscaler.io/x': '1' })).metadata,
      { annotations: { 'nsscaler.io/x': '1' } },
    );
    assert.deepEqual(
      applyJsonPatch(
        annotated,
        setAnnotations(annotated.metadata.annotations, { 'nsscaler.io/x': '2' }),
      ).metadata.annotations,
      { keep: 'me', 'nsscaler.io/x': '2' },
    );
  });
});
