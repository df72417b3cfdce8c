import { pino } from 'pino';

/** Keys whose values are credentials wherever they appear: headers, configs, causes. */
const sensitiveKey =
  /auth|token|cookie|secret|password|passwd|signature|credential|api-?key|webhookurl/i;

/** Credentials inside text, such as an error message that quotes a header. */
const sensitiveText: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/=]+/g, '$1 [redacted]'],
  [/\b(Credential|Signature|X-Amz-Security-Token|X-Amz-Signature)=[^\s,&"]+/gi, '$1=[redacted]'],
];

const censor = '[redacted]';
const maxDepth = 12;

/**
 * The `err` serializer: pino's own (message, stack, enumerable fields, the `cause` chain), then
 * every value under a credential-like key replaced, at any depth (a KubeApiError's causes, an AWS
 * SDK error's `$response` headers, `cause.cause`), and credentials quoted in text cut out. An AWS
 * SDK error's raw `$response` is reduced to its status code.
 */
export function serializeError(err: unknown): unknown {
  const serialized: unknown = err instanceof Error ? pino.stdSerializers.errWithCause(err) : err;
  return scrub(serialized, 0, new WeakSet());
}

function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > maxDepth) return '[omitted]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));

  const source =
    value instanceof Error ? (pino.stdSerializers.errWithCause(value) as object) : value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (sensitiveKey.test(key)) result[key] = censor;
    else if (key === '$response') result[key] = responseSummary(item);
    else result[key] = scrub(item, depth + 1, seen);
  }
  return result;
}

function scrubText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of sensitiveText) result = result.replace(pattern, replacement);
  return result;
}

function responseSummary(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return undefined;
  const { statusCode } = response as { statusCode?: unknown };
  return typeof statusCode === 'number' ? { statusCode } : undefined;
}
