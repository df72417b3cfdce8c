import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

import type { Logger } from 'pino';

/** A serving certificate (with its chain) and key, PEM. */
export interface ServingCertificate {
  cert: string;
  key: string;
}

/** The file names cert-manager (and a kubernetes.io/tls Secret volume) use. */
export const certificateFile = 'tls.crt';
export const keyFile = 'tls.key';

/** Thrown when the certificate files cannot be read or do not form a pair. */
export class CertificateFilesError extends Error {
  override name = 'CertificateFilesError';
}

/** Reads tls.crt and tls.key from `dir` and checks that they form a usable pair. */
export async function readCertificateFiles(dir: string): Promise<ServingCertificate> {
  let pair: ServingCertificate;
  try {
    const [cert, key] = await Promise.all([
      readFile(join(dir, certificateFile), 'utf8'),
      readFile(join(dir, keyFile), 'utf8'),
    ]);
    pair = { cert, key };
  } catch (err) {
    throw new CertificateFilesError(`cannot read ${certificateFile} and ${keyFile} in ${dir}`, {
      cause: err,
    });
  }
  try {
    createSecureContext(pair);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new CertificateFilesError(`${dir}: the certificate and key do not form a pair: ${why}`, {
      cause: err,
    });
  }
  return pair;
}

/**
 * Watches the certificate directory and calls `onChange` with the new pair whenever the files
 * change into a valid pair. Secret volumes are updated by swapping a symlink, which a directory
 * watch sees as a rename; a check every `pollMs` catches what the watch misses. A half-written
 * pair is skipped: the server keeps the certificate it has until the files are whole again.
 */
export function watchCertificateFiles(
  dir: string,
  current: ServingCertificate,
  onChange: (certificate: ServingCertificate) => void,
  logger: Logger,
  { pollMs = 60_000, debounceMs = 200 } = {},
): { close(): void } {
  let last = current;
  let pending: NodeJS.Timeout | undefined;
  const reload = () => {
    readCertificateFiles(dir).then(
      (next) => {
        if (next.cert === last.cert && next.key === last.key) return;
        last = next;
        logger.info({ dir }, 'serving certificate files changed; reloaded');
        onChange(next);
      },
      (err: unknown) =>
        logger.warn({ err, dir }, 'certificate files unusable; keeping the old ones'),
    );
  };
  const schedule = () => {
    clearTimeout(pending);
    pending = setTimeout(reload, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, schedule);
    watcher.on('error', (err) => logger.warn({ err, dir }, 'watching certificate files failed'));
  } catch (err) {
    logger.warn({ err, dir }, 'cannot watch certificate files; polling only');
  }
  const poll = setInterval(reload, pollMs);
  poll.unref();
  return {
    close() {
      clearTimeout(pending);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
