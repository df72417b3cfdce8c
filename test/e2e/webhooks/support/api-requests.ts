import { request } from 'node:https';
import type { RequestOptions } from 'node:https';

import { ApiException } from '@kubernetes/client-node';

import type { Cluster } from '../../support/kube.ts';

/** The Status of a refused request: its code and message. */
export function refusal(err: unknown): { code: number; message: string } {
  if (!(err instanceof ApiException)) throw err;
  const raw = (err as ApiException<unknown>).body;
  const body = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  return { code: err.code, message: (body as { message?: string }).message ?? String(raw) };
}

/** Runs `work`, which must be refused by the API server, and returns the refusal. */
export async function refused(
  work: () => Promise<unknown>,
): Promise<{ code: number; message: string }> {
  try {
    await work();
  } catch (err) {
    return refusal(err);
  }
  throw new Error('the request was admitted, but a refusal was expected');
}

/**
 * POSTs an object the way kubectl does and returns the HTTP status, the body and the `Warning`
 * headers, which the typed clients drop: admission warnings arrive only there.
 */
export async function createWithWarnings(
  cluster: Cluster,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown; warnings: string[] }> {
  const server = cluster.kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(path, server);
  const options: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  };
  await cluster.kubeConfig.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const header: string | string[] | undefined = response.headers.warning;
        const raw: string[] = header === undefined ? [] : Array.isArray(header) ? header : [header];
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          // `299 - "text"`, as RFC 7234 and the API server write them.
          warnings: raw
            .flatMap((value: string) => [...value.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)])
            .map((match: RegExpExecArray) => (match[1] ?? '').replaceAll('\\"', '"')),
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}
