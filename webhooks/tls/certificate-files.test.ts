import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { listenHttps } from '../server/https-server.ts';
import { capturingLogger, presentedCertificate } from '../testing/https-client.ts';
import {
  CertificateFilesError,
  readCertificateFiles,
  watchCertificateFiles,
} from './certificate-files.ts';
import { generateCertificateAuthority, generateServingCertificate } from './generate.ts';

const dirs: string[] = [];
function certificateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nsscaler-certs-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('serving certificate from files', () => {
  it('refuses a certificate and key that do not belong together', async () => {
    const ca = await generateCertificateAuthority('test-ca');
    const one = await generateServingCertificate(ca, ['127.0.0.1']);
    const two = await generateServingCertificate(ca, ['127.0.0.1']);
    const dir = certificateDir();
    writeFileSync(join(dir, 'tls.crt'), one.cert);
    writeFileSync(join(dir, 'tls.key'), two.key);

    await assert.rejects(readCertificateFiles(dir), CertificateFilesError);
    await assert.rejects(readCertificateFiles(join(dir, 'missing')), /cannot read tls\.crt/);
  });

  it('serves the new certificate once the files change, without a restart', async () => {
    const { logger } = capturingLogger('silent');
    const ca = await generateCertificateAuthority('test-ca');
    const first = await generateServingCertificate(ca, ['127.0.0.1']);
    const second = await generateServingCertificate(ca, ['127.0.0.1']);
    const dir = certificateDir();
    writeFileSync(join(dir, 'tls.crt'), first.cert);
    writeFileSync(join(dir, 'tls.key'), first.key);

    const initial = await readCertificateFiles(dir);
    const listener = await listenHttps((_request, response) => response.end(), initial, {
      host: '127.0.0.1',
      port: 0,
    });
    let reloaded: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (reloaded = resolve));
    const watcher = watchCertificateFiles(
      dir,
      initial,
      (next) => {
        listener.setCertificate(next);
        reloaded();
      },
      logger,
      { debounceMs: 50 },
    );
    try {
      const serialOf = (pem: string) => new X509Certificate(pem).serialNumber;
      assert.equal(
        serialOf(await presentedCertificate(listener.port, ca.caCert)),
        serialOf(first.cert),
      );

      writeFileSync(join(dir, 'tls.key'), second.key);
      writeFileSync(join(dir, 'tls.crt'), second.cert);
      await changed;

      assert.equal(
        serialOf(await presentedCertificate(listener.port, ca.caCert)),
        serialOf(second.cert),
      );
    } finally {
      watcher.close();
      await listener.close();
    }
  });
});
