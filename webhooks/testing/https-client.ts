import { request } from 'node:https';
import { connect } from 'node:tls';
import { Writable } from 'node:stream';

import type { Logger } from 'pino';

import { createLogger } from '../../src/telemetry/logger.ts';

/** POSTs a JSON body over HTTPS, trusting only `ca`; resolves with the status and parsed body. */
export function postJson(
  url: string,
  body: unknown,
  ca: string,
): Promise<{ status: number; body: unknown }> {
  return send('POST', url, JSON.stringify(body), ca);
}

/** POSTs raw text with a content type of choice, trusting only `ca`. */
export function postText(
  url: string,
  text: string,
  contentType: string,
  ca: string,
): Promise<{ status: number; body: unknown }> {
  return send('POST', url, text, ca, contentType);
}

/** GETs over HTTPS, trusting only `ca`. */
export function getText(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return send('GET', url, undefined, ca);
}

function send(
  method: string,
  url: string,
  payload: string | undefined,
  ca: string,
  contentType = 'application/json',
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = payload === undefined ? {} : { 'content-type': contentType };
    const outgoing = request(url, { method, ca, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The PEM of the certificate a TLS server presents, verified against `ca`. */
export function presentedCertificate(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => {
      const raw = socket.getPeerX509Certificate()?.toString() ?? '';
      socket.end();
      resolve(raw);
    });
    socket.on('error', reject);
  });
}

/** A logger whose JSON lines are kept in `lines`, for assertions on what was logged. */
export function capturingLogger(level = 'debug'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
