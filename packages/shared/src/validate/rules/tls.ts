// TLS of the inference endpoint: secret vs PEM files vs insecure HTTP, the CNAME, and the PEM itself.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { inferenceOn, isTrue, originOf, sslOn } from './helpers.ts';
import type { Finding, Rule, RuleContext } from './rule.ts';

const DEMO_CERT_CNAME = 'ml.contoso.com';

type PemSource = { ref: string; read: () => string | undefined; fromEnv: boolean };

/** Where the PEM certificate and key come from: files (relative to the spec) or environment variables. */
function pemSources(ctx: RuleContext): { cert?: PemSource; key?: PemSource } {
  const source = (key: string): PemSource | undefined => {
    const ref = ctx.settings.protected[key];
    if (!ref) return undefined;
    if ('file' in ref) return { ref: ref.file, read: () => ctx.readFile(ref.file), fromEnv: false };
    return { ref: `$${ref.env}`, read: () => ctx.readEnv?.(ref.env), fromEnv: true };
  };
  return { cert: source('sslCertPemFile'), key: source('sslKeyPemFile') };
}

export const tlsRules: Rule[] = [
  {
    code: 'AMLK130',
    name: 'tls-or-insecure',
    title: 'Inference needs TLS or explicitly insecure HTTP',
    severity: 'error',
    category: 'tls',
    doc: 'TLS is on only when both `sslCertPemFile` and `sslKeyPemFile` are protected settings, or `sslSecret` is set. With TLS off Azure requires `allowInsecureConnections=True` and rejects the extension otherwise. Note that `allowInsecureConnections=Ture` reads as false.',
    source: 'reference §2.6',
    check: ({ settings }) =>
      inferenceOn(settings) && !sslOn(settings) && !isTrue(settings.plain.allowInsecureConnections)
        ? [{ setting: 'allowInsecureConnections', path: settings.origins.allowInsecureConnections?.[0] ?? originOf(settings, 'enableInference'), message: 'Inference has no TLS and insecure HTTP is not allowed, so Azure rejects the extension. Add `tls: { cname, secretName }` or `tls: { cname, certFile, keyFile }`, or `tls: { insecure: true }` for HTTP only.' }]
        : [],
    examples: {
      pass: [{ title: 'insecure allowed', overlay: {} }],
      fail: [{ title: 'no tls block', overlay: { spec: { extension: { inference: { tls: null } } } } }],
    },
  },
  {
    code: 'AMLK131',
    name: 'tls-needs-cname',
    title: 'TLS needs a CNAME',
    severity: 'error',
    category: 'tls',
    doc: 'Whenever TLS is on, Azure requires a non-empty `sslCname`, even if insecure connections are also allowed.',
    source: 'reference §2.7',
    check: ({ settings }) =>
      inferenceOn(settings) && sslOn(settings) && !settings.plain.sslCname
        ? [{ setting: 'sslCname', path: originOf(settings, 'sslSecret'), message: 'TLS is on but no CNAME is set; Azure rejects that. Add `cname: <host name in the certificate>` to `tls`.' }]
        : [],
    examples: {
      pass: [{ title: 'secret with cname', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com', secretName: 'ml-tls' } } } } } }],
      fail: [{ title: 'sslSecret raw without cname', overlay: { spec: { extension: { inference: { tls: null }, settings: { sslSecret: 'ml-tls' } } } } }],
    },
  },
  {
    code: 'AMLK132',
    name: 'tls-pem-pair',
    title: 'PEM certificate and key come as a pair',
    severity: 'error',
    category: 'tls',
    doc: 'TLS from PEM files needs both `sslCertPemFile` and `sslKeyPemFile` as protected settings. With only one of them (for example after the documentation typo `sslCertKeyFile`), TLS stays off.',
    source: 'reference §2.6, §1 (sslCertKeyFile typo)',
    check: ({ settings }) => {
      const hasCert = 'sslCertPemFile' in settings.protected;
      const hasKey = 'sslKeyPemFile' in settings.protected;
      if (hasCert === hasKey) return [];
      const missing = hasCert ? 'sslKeyPemFile' : 'sslCertPemFile';
      return [{ setting: missing, path: originOf(settings, hasCert ? 'sslCertPemFile' : 'sslKeyPemFile'), message: `${missing} is missing, so TLS stays off. Give both PEM files, e.g. \`tls: { cname, certFile, keyFile }\`.` }];
    },
    examples: {
      pass: [{ title: 'both files', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: DEMO_CERT_CNAME, certFile: 'cert.pem', keyFile: 'key.pem' } } } } } }],
      fail: [{ title: 'key given under the typo name', overlay: { spec: { extension: { inference: { tls: null }, settings: { sslCname: DEMO_CERT_CNAME }, protectedSettings: { sslCertPemFile: { file: 'cert.pem' }, sslCertKeyFile: { file: 'key.pem' } } } } } }],
    },
  },
  {
    code: 'AMLK133',
    name: 'tls-sources-conflict',
    title: 'One TLS source at a time',
    severity: 'warning',
    category: 'tls',
    doc: 'With both `sslSecret` and PEM files, the CLI passes the PEM material and ignores the secret. With TLS on, `allowInsecureConnections=True` additionally serves plain HTTP. Both are usually leftovers.',
    source: 'reference §3 (scoringFe.sslSecret only without a PEM pair)',
    check: ({ settings }) => {
      const out: Finding[] = [];
      const pem = 'sslCertPemFile' in settings.protected && 'sslKeyPemFile' in settings.protected;
      if (pem && (settings.plain.sslSecret || 'sslSecret' in settings.protected)) out.push({ setting: 'sslSecret', path: originOf(settings, 'sslSecret'), message: 'Both sslSecret and PEM files are given; the PEM files win and the secret is ignored. Keep one.' });
      if (sslOn(settings) && isTrue(settings.plain.allowInsecureConnections)) out.push({ setting: 'allowInsecureConnections', path: originOf(settings, 'allowInsecureConnections'), message: 'TLS is on and insecure HTTP is allowed too. Remove allowInsecureConnections unless you really want both.' });
      return out;
    },
    examples: {
      pass: [{ title: 'secret only', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com', secretName: 'ml-tls' } } } } } }],
      fail: [{ title: 'secret and insecure', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com', secretName: 'ml-tls' } }, settings: { allowInsecureConnections: 'True' } } } } }],
    },
  },
  {
    code: 'AMLK134',
    name: 'tls-pem-valid',
    title: 'PEM files: readable ASCII, no passphrase, matching pair, CNAME in the certificate',
    severity: 'error',
    category: 'tls',
    doc: 'The router needs an unencrypted ASCII PEM key matching the certificate, and the certificate must cover the CNAME; otherwise the install fails with E40007 INVALID_SSL_SETTING after minutes of waiting. aml-k8s checks the files locally when they are readable (files that are not present yet, such as those written by a CI step, are reported as a warning), and PEM given in environment variables (`certEnv`/`keyEnv`) when the variables are set where validation runs (unset ones are not checked). Messages never quote the PEM text.',
    source: 'reference §2.10, §10 E40007',
    check: (ctx) => {
      const { cert, key } = pemSources(ctx);
      if (!cert || !key) return [];
      const out: Finding[] = [];
      const certPath = ctx.settings.origins.sslCertPemFile?.[0];
      const keyPath = ctx.settings.origins.sslKeyPemFile?.[0];
      const certText = cert.read();
      const keyText = key.read();
      if (certText === undefined || keyText === undefined) {
        const missing = certText === undefined ? cert : key;
        // A variable that is not set here (CI secrets are set only where apply runs) is not checked, silently.
        if (missing.fromEnv) return [];
        return [{ severity: 'warning', setting: certText === undefined ? 'sslCertPemFile' : 'sslKeyPemFile', path: certText === undefined ? certPath : keyPath, atValue: true, message: `PEM file "${missing.ref}" cannot be read here, so it was not checked. It must exist (relative to the spec file) when you apply.` }];
      }
      for (const [text, setting, path] of [[certText, 'sslCertPemFile', certPath], [keyText, 'sslKeyPemFile', keyPath]] as const) {
        if (/[^\x00-\x7f]/.test(text)) out.push({ setting, path, atValue: true, message: `${setting} holds non-ASCII characters; Azure needs an ASCII PEM file.` });
      }
      if (/ENCRYPTED/.test(keyText)) {
        out.push({ setting: 'sslKeyPemFile', path: keyPath, atValue: true, message: 'The private key is protected by a passphrase, which Azure cannot use. Remove it: `openssl pkey -in key.pem -out key-plain.pem`.' });
        return out;
      }
      let x509: X509Certificate;
      try {
        x509 = new X509Certificate(certText);
      } catch {
        return [...out, { setting: 'sslCertPemFile', path: certPath, atValue: true, message: `The certificate (${cert.fromEnv ? `variable ${cert.ref}` : 'file'}) is not a PEM certificate (expected -----BEGIN CERTIFICATE-----); the install would fail with E40007.` }];
      }
      try {
        if (!x509.checkPrivateKey(createPrivateKey(keyText))) out.push({ setting: 'sslKeyPemFile', path: keyPath, atValue: true, message: 'The private key does not belong to the certificate (install would fail with E40007). Check the pair with `openssl x509 -noout -pubkey -in cert.pem` against `openssl pkey -pubout -in key.pem`.' });
      } catch {
        out.push({ setting: 'sslKeyPemFile', path: keyPath, atValue: true, message: `The key (${key.fromEnv ? `variable ${key.ref}` : 'file'}) is not a PEM private key (expected -----BEGIN PRIVATE KEY----- or similar); the install would fail with E40007.` });
      }
      const cname = ctx.settings.plain.sslCname;
      if (cname && !x509.checkHost(cname)) out.push({ setting: 'sslCname', path: ctx.settings.origins.sslCname?.[0], atValue: true, message: `The certificate does not cover "${cname}" (install would fail with E40007). Use the CNAME the certificate was issued for, or a certificate for this name.` });
      return out;
    },
    examples: {
      pass: [
        { title: 'matching demo pair', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: DEMO_CERT_CNAME, certFile: 'cert.pem', keyFile: 'key.pem' } } } } }, files: { 'cert.pem': '@demo-cert', 'key.pem': '@demo-key' } },
        { title: 'matching pair in environment variables', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: DEMO_CERT_CNAME, certEnv: 'ML_TLS_CERT', keyEnv: 'ML_TLS_KEY' } } } } }, env: { ML_TLS_CERT: '@demo-cert', ML_TLS_KEY: '@demo-key' } },
        { title: 'variables not set here (not checked)', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: DEMO_CERT_CNAME, certEnv: 'ML_TLS_CERT', keyEnv: 'ML_TLS_KEY' } } } } } },
      ],
      fail: [
        { title: 'CNAME not in the certificate', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: 'other.example.org', certFile: 'cert.pem', keyFile: 'key.pem' } } } } }, files: { 'cert.pem': '@demo-cert', 'key.pem': '@demo-key' } },
        { title: 'certificate variable that holds no PEM', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: DEMO_CERT_CNAME, certEnv: 'ML_TLS_CERT', keyEnv: 'ML_TLS_KEY' } } } } }, env: { ML_TLS_CERT: 'not a certificate', ML_TLS_KEY: '@demo-key' } },
        { title: 'encrypted key', overlay: { spec: { extension: { inference: { tls: { insecure: null, cname: DEMO_CERT_CNAME, certFile: 'cert.pem', keyFile: 'key.pem' } } } } }, files: { 'cert.pem': '@demo-cert', 'key.pem': '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n' } },
      ],
    },
  },
];

