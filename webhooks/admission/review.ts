import type { JsonPatchOperation } from './json-patch.ts';

/** The `request` of an AdmissionReview (admission.k8s.io/v1), as far as nsscaler reads it. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource?: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo?: { username?: string; groups?: string[] };
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
}

/** A field and what is wrong with it, as `status.details.causes` carries it to the client. */
export interface AdmissionCause {
  field: string;
  message: string;
}

/** What a handler decides about one request; the server turns it into the AdmissionReview. */
export type AdmissionDecision =
  | { allowed: true; patch?: JsonPatchOperation[]; warnings?: string[] }
  | {
      allowed: false;
      code: number;
      reason: string;
      message: string;
      causes?: AdmissionCause[];
      warnings?: string[];
    };

export type AdmissionHandler = (
  request: AdmissionRequest,
) => AdmissionDecision | Promise<AdmissionDecision>;

export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: {
      code: number;
      reason: string;
      message: string;
      details?: { causes: { type: string; field: string; message: string }[] };
    };
    patchType?: 'JSONPatch';
    patch?: string;
    warnings?: string[];
  };
}

/** Thrown for a body that is not an AdmissionReview nsscaler can answer; the server sends 400. */
export class MalformedReviewError extends Error {
  override name = 'MalformedReviewError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the envelope of an AdmissionReview and returns its request. */
export function readAdmissionRequest(body: unknown): AdmissionRequest {
  if (!isRecord(body)) throw new MalformedReviewError('the body is not a JSON object');
  if (body.apiVersion !== 'admission.k8s.io/v1' || body.kind !== 'AdmissionReview') {
    throw new MalformedReviewError(
      `expected an admission.k8s.io/v1 AdmissionReview, got ${String(body.apiVersion)} ${String(body.kind)}`,
    );
  }
  const request = body.request;
  if (!isRecord(request) || typeof request.uid !== 'string' || request.uid === '') {
    throw new MalformedReviewError('request.uid is missing');
  }
  if (!isRecord(request.kind) || typeof request.operation !== 'string') {
    throw new MalformedReviewError('request.kind and request.operation are required');
  }
  return request as unknown as AdmissionRequest;
}

/** Builds the AdmissionReview sent back: the request's uid, a base64 JSON Patch, warnings. */
export function buildAdmissionResponse(
  uid: string,
  decision: AdmissionDecision,
): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid, allowed: decision.allowed };
  // The API server may cut warnings past 256 characters: handlers keep them short.
  if (decision.warnings?.length) response.warnings = decision.warnings;
  if (decision.allowed) {
    if (decision.patch?.length) {
      response.patchType = 'JSONPatch';
      response.patch = Buffer.from(JSON.stringify(decision.patch)).toString('base64');
    }
  } else {
    response.status = {
      code: decision.code,
      reason: decision.reason,
      message: decision.message,
      ...(decision.causes?.length
        ? {
            details: {
              causes: decision.causes.map((cause) => ({
                type: 'FieldValueInvalid',
                field: cause.field,
                message: cause.message,
              })),
            },
          }
        : {}),
    };
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
