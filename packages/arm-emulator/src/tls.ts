import { randomBytes } from 'node:crypto';
import tls from 'node:tls';
import selfsigned from 'selfsigned';

/** A private CA and a server certificate it signed, for 127.0.0.1, ::1 and localhost. */
export interface EmulatorCertificate {
  /** PEM of the CA certificate: what clients must trust. */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

let cached: Promise<EmulatorCertificate> | undefined;

async function generate(): Promise<EmulatorCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  // A unique CA name: TLS clients pick the issuer by name, so two emulator CAs trusted by the same
  // process (e.g. two test files in one jest worker) must not share one.
  const caName = `aml-k8s ARM emulator CA ${randomBytes(6).toString('hex')}`;
  const ca = await selfsigned.generate([{ name: 'commonName', value: caName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { ca: ca.cert, cert: server.cert, key: server.private };
}

/**
 * The certificate, generated once per process: every emulator started in the same process shares
 * it, so trusting it once is enough and restarting an emulator costs nothing.
 */
export function emulatorCertificate(): Promise<EmulatorCertificate> {
  cached ??= generate().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/**
 * Makes every TLS client of this process (node:https, fetch, the Azure SDK, MSAL) trust the
 * emulator's CA, on top of the CAs already trusted. Uses Node's tls.setDefaultCACertificates, so
 * it affects connections opened afterwards. For child processes use NODE_EXTRA_CA_CERTS instead.
 */
export function trustEmulator(emulator: { readonly ca: string }): void {
  const current = tls.getCACertificates('default');
  if (current.includes(emulator.ca)) return;
  tls.setDefaultCACertificates([...current, emulator.ca]);
}
