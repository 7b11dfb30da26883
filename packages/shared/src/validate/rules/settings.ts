// Rules about the raw configuration keys: names, values, and which map they belong in.
import { INJECTED_KEYS, KNOWN_SETTINGS, SECRET_KEYS, isCleanBool, isNodeSelectorKey, knownSetting, legacySetting } from '../../settings/catalog.ts';
import { closest } from '../suggest.ts';
import { EXTENSION } from './helpers.ts';
import type { Finding, Rule } from './rule.ts';
import { isDnsLabel, labelKeyProblem, labelValueProblem } from './syntax.ts';

const KNOWN_KEYS = KNOWN_SETTINGS.map((s) => s.key);
const SECRET_VALUE = /-----BEGIN [A-Z ]+-----|SharedAccessKey=|AccountKey=|InstrumentationKey=/;

function rawKeys(doc: { spec: { extension?: { settings?: object; protectedSettings?: object } } }): { key: string; map: 'settings' | 'protectedSettings' }[] {
  const ext = doc.spec.extension ?? {};
  return [
    ...Object.keys(ext.settings ?? {}).map((key) => ({ key, map: 'settings' as const })),
    ...Object.keys(ext.protectedSettings ?? {}).map((key) => ({ key, map: 'protectedSettings' as const })),
  ];
}

export const settingsRules: Rule[] = [
  {
    code: 'AMLK110',
    name: 'setting-in-both-maps',
    title: 'A key may not be both a plain and a protected setting',
    severity: 'error',
    category: 'settings',
    doc: 'Azure checks this first and rejects the extension when the same key appears in `configurationSettings` and `configurationProtectedSettings`, including `enableTraining` and `enableInference`.',
    source: 'reference §2.3',
    check: ({ settings }) =>
      Object.keys(settings.protected)
        .filter((k) => k in settings.plain)
        .map((k) => ({ setting: k, path: [...EXTENSION, 'protectedSettings', k], message: `"${k}" is set both as a plain and as a protected setting; Azure rejects that. Keep it in one place.` })),
    examples: {
      pass: [{ title: 'distinct keys', overlay: { spec: { extension: { protectedSettings: { relayServerConnectionString: { env: 'RELAY' } } } } } }],
      fail: [{ title: 'enableTraining in both', overlay: { spec: { extension: { protectedSettings: { enableTraining: { env: 'X' } } } } } }],
    },
  },
  {
    code: 'AMLK111',
    name: 'secret-in-plain-settings',
    title: 'Secret material belongs in protected settings',
    severity: 'error',
    category: 'settings',
    doc: 'Plain settings are readable by anyone who can read the extension. PEM paths (`sslCertPemFile`, `sslKeyPemFile`) only count when protected: given as plain settings TLS stays off. Connection strings and key material must never be plain.',
    source: 'reference §1 (P/S column), §2.6',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const [key, value] of Object.entries(doc.spec.extension?.settings ?? {})) {
        const secretKey = SECRET_KEYS.includes(key);
        if (secretKey || SECRET_VALUE.test(String(value))) {
          out.push({
            setting: key,
            path: [...EXTENSION, 'settings', key],
            message: secretKey
              ? `"${key}" must be a protected setting${key.endsWith('PemFile') ? ' (as a plain setting Azure ignores it and TLS stays off)' : ''}. Move it to \`protectedSettings\` as { file: ... } or { env: ... }, or use \`inference.tls\`.`
              : `The value of "${key}" looks like secret material. Never put secrets in a spec: move it to \`protectedSettings\` as { env: VARIABLE }.`,
          });
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'PEM files through tls', overlay: { spec: { extension: { inference: { tls: { cname: 'ml.contoso.com', certFile: 'cert.pem', keyFile: 'key.pem' } } } } } }],
      fail: [
        { title: 'PEM path as a plain setting', overlay: { spec: { extension: { settings: { sslCertPemFile: 'cert.pem' } } } } },
        { title: 'connection string inline', overlay: { spec: { extension: { settings: { relayConn: 'Endpoint=sb://x/;SharedAccessKey=abc' } } } } },
      ],
    },
  },
  {
    code: 'AMLK112',
    name: 'unknown-setting',
    title: 'Unknown configuration key',
    severity: 'warning',
    category: 'settings',
    doc: 'Azure passes unknown keys to the Helm chart, which ignores them, so a misspelled or wrong-case key (keys are case-sensitive: `InferenceRouterHA` is not `inferenceRouterHA`) silently does nothing. Known keys, legacy keys, `nodeSelector.*` and the keys aml-k8s sets itself are not reported here.',
    source: 'reference §1 (case-sensitive lookup; Helm pass-through)',
    check: ({ doc }) =>
      rawKeys(doc)
        .filter(({ key }) => !knownSetting(key) && !legacySetting(key) && !isNodeSelectorKey(key) && !INJECTED_KEYS.includes(key))
        .map(({ key, map }) => {
          const guess = closest(key, KNOWN_KEYS);
          const sameButCase = guess !== undefined && guess.toLowerCase() === key.toLowerCase();
          return {
            setting: key,
            path: [...EXTENSION, map, key],
            message: sameButCase
              ? `"${key}" is not read: keys are case-sensitive. Write "${guess}".`
              : `"${key}" is not a known AzureML extension setting and will be ignored.${guess ? ` Did you mean "${guess}"?` : ''}`,
          };
        }),
    examples: {
      pass: [{ title: 'a Helm pass-through key', overlay: { spec: { extension: { settings: { 'nginxIngress.controller': 'k8s.io/amlarc-ingress-nginx' } } } } }],
      fail: [{ title: 'wrong case', overlay: { spec: { extension: { settings: { InferenceRouterHA: 'False' } } } } }],
    },
  },
  {
    code: 'AMLK113',
    name: 'boolean-setting-value',
    title: 'Boolean settings must be true or false',
    severity: 'warning',
    category: 'settings',
    doc: 'Azure reads a boolean setting as true only when it equals "true" in any case; anything else, such as the documentation typo `Ture`, is read as false without an error.',
    source: 'reference §1 (bool parsing), doc conflict `allowInsecureConnections=Ture`',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const [key, value] of Object.entries(doc.spec.extension?.settings ?? {})) {
        if (knownSetting(key)?.kind !== 'bool' || typeof value === 'boolean' || isCleanBool(String(value))) continue;
        const guess = closest(String(value), ['True', 'False']);
        out.push({ setting: key, path: [...EXTENSION, 'settings', key], atValue: true, message: `"${key}" is "${value}", which Azure reads as false.${guess ? ` Did you mean "${guess}"?` : ' Write True or False.'}` });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'clean value', overlay: { spec: { extension: { settings: { installVolcano: 'false' } } } } }],
      fail: [{ title: 'typo', overlay: { spec: { extension: { settings: { installVolcano: 'Flase' } } } } }],
    },
  },
  {
    code: 'AMLK114',
    name: 'legacy-setting',
    title: 'Legacy or renamed configuration key',
    severity: 'warning',
    category: 'settings',
    doc: 'Older documents and the portal use keys the current extension no longer reads (`inferenceLoadBalancerHA`, `privateEndpointNodeport`, `privateEndpointILB`, `sslCertKeyFile`...). Azure accepts them and ignores them, so the intended behaviour silently does not happen.',
    source: 'reference §1 (Legacy → current)',
    check: ({ doc }) =>
      rawKeys(doc).flatMap(({ key, map }) => {
        const legacy = legacySetting(key);
        return legacy ? [{ setting: key, path: [...EXTENSION, map, key], message: `"${key}" is ${legacy.effect}. Use ${legacy.replacement} instead.` }] : [];
      }),
    examples: {
      pass: [{ title: 'current key', overlay: { spec: { extension: { inference: { highAvailability: false } } } } }],
      fail: [{ title: 'old HA key', overlay: { spec: { extension: { settings: { inferenceLoadBalancerHA: 'False' } } } } }],
    },
  },
  {
    code: 'AMLK115',
    name: 'managed-setting',
    title: 'Key computed by aml-k8s',
    severity: 'warning',
    category: 'settings',
    doc: 'Keys such as `domain`, `scoringFe.*` and the Relay keys are derived from the cluster and the TLS settings, as `az k8s-extension create` does client-side. Setting them by hand overrides the derived value and is rarely right.',
    source: 'reference §3',
    check: ({ doc }) =>
      rawKeys(doc)
        .filter(({ key }) => INJECTED_KEYS.includes(key))
        .map(({ key, map }) => ({ setting: key, path: [...EXTENSION, map, key], message: `"${key}" is computed by aml-k8s from the cluster and TLS settings; your value overrides it. Remove it unless you know why you need it.` })),
    examples: {
      pass: [{ title: 'no managed key', overlay: {} }],
      fail: [{ title: 'domain set by hand', overlay: { spec: { extension: { settings: { domain: 'example.com' } } } } }],
    },
  },
  {
    code: 'AMLK116',
    name: 'setting-set-twice',
    title: 'A setting is given twice',
    severity: 'error',
    category: 'settings',
    doc: 'A typed field (such as `training` or `inference.routerServiceType`) and a raw key under `settings` produce the same Azure key. Which one wins would be an accident; keep only the typed field.',
    source: 'aml-k8s spec format',
    check: ({ settings }) =>
      Object.entries(settings.origins)
        .filter(([, paths]) => paths.length > 1)
        .map(([key, paths]) => ({ setting: key, path: paths[paths.length - 1], message: `"${key}" is set twice (at ${paths.map((p) => p.join('.')).join(' and ')}). Keep only one.` })),
    examples: {
      pass: [{ title: 'typed field only', overlay: {} }],
      fail: [{ title: 'training and enableTraining', overlay: { spec: { extension: { settings: { enableTraining: 'False' } } } } }],
    },
  },
  {
    code: 'AMLK117',
    name: 'version-needs-auto-upgrade-off',
    title: 'A pinned version needs auto-upgrade off',
    severity: 'error',
    category: 'settings',
    doc: 'ARM rejects `version` unless `autoUpgradeMinorVersion` is false (it defaults to true). A `releaseTrain` only matters with auto-upgrade on.',
    source: 'reference §2.11',
    check: ({ doc }) => {
      const ext = doc.spec.extension ?? {};
      const out: Finding[] = [];
      if (ext.version !== undefined && ext.autoUpgradeMinorVersion !== false) {
        out.push({ path: [...EXTENSION, 'version'], message: 'A pinned `version` requires `autoUpgradeMinorVersion: false`; Azure rejects it otherwise. Add `autoUpgradeMinorVersion: false` or remove `version`.' });
      }
      if (ext.releaseTrain !== undefined && ext.autoUpgradeMinorVersion === false) {
        out.push({ severity: 'warning', path: [...EXTENSION, 'releaseTrain'], message: '`releaseTrain` has no effect with auto-upgrade off. Remove it, or turn auto-upgrade on.' });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'pinned with auto-upgrade off', overlay: { spec: { extension: { version: '1.1.64', autoUpgradeMinorVersion: false } } } }],
      fail: [{ title: 'pinned with auto-upgrade on', overlay: { spec: { extension: { version: '1.1.64' } } } }],
    },
  },
  {
    code: 'AMLK118',
    name: 'extension-name',
    title: 'Extension name syntax',
    severity: 'error',
    category: 'settings',
    doc: 'The extension name is also the Helm release name and part of service-account names (`<name>-kube-state-metrics`): lower-case letters, digits and "-", starting and ending with a letter or digit, at most 53 characters.',
    source: 'Helm release naming; reference §2.14',
    check: ({ doc }) => {
      const name = doc.spec.extension?.name;
      return name === undefined || isDnsLabel(name, 53)
        ? []
        : [{ path: [...EXTENSION, 'name'], atValue: true, message: `Extension name "${name}" is not a valid release name. Use lower-case letters, digits and "-" (at most 53), e.g. "${name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 53) || 'azureml'}".` }];
    },
    examples: {
      pass: [{ title: 'lower-case', overlay: { spec: { extension: { name: 'azureml-ext' } } } }],
      fail: [{ title: 'underscore and capitals', overlay: { spec: { extension: { name: 'AzureML_Ext' } } } }],
    },
  },
  {
    code: 'AMLK119',
    name: 'node-selector-syntax',
    title: 'Node selector labels must be valid Kubernetes labels',
    severity: 'error',
    category: 'settings',
    doc: 'Each `nodeSelector` entry becomes `nodeSelector.<label>=<value>` on the extension and a pod node selector; Kubernetes rejects invalid label keys or values, and the install fails.',
    source: 'reference §1 (`nodeSelector.<label>`); Kubernetes label syntax',
    check: ({ doc }) => {
      const out: Finding[] = [];
      const check = (map: Record<string, unknown> | undefined, base: (string | number)[]): void => {
        for (const [key, value] of Object.entries(map ?? {})) {
          const keyProblem = labelKeyProblem(key);
          const valueProblem = labelValueProblem(String(value));
          if (keyProblem) out.push({ path: [...base, key], setting: `nodeSelector.${key}`, message: `Node selector label "${key}" is invalid: ${keyProblem}.` });
          else if (valueProblem) out.push({ path: [...base, key], atValue: true, setting: `nodeSelector.${key}`, message: `Node selector value "${String(value)}" of "${key}" is invalid: ${valueProblem}.` });
        }
      };
      check(doc.spec.extension?.nodeSelector, [...EXTENSION, 'nodeSelector']);
      for (const [name, it] of Object.entries(doc.spec.instanceTypes ?? {})) check(it?.nodeSelector, ['spec', 'instanceTypes', name, 'nodeSelector']);
      for (const key of Object.keys(doc.spec.extension?.settings ?? {})) {
        if (isNodeSelectorKey(key)) check({ [key.slice('nodeSelector.'.length)]: doc.spec.extension!.settings![key] }, [...EXTENSION, 'settings']);
      }
      return out;
    },
    examples: {
      pass: [{ title: 'prefixed label', overlay: { spec: { extension: { nodeSelector: { 'kubernetes.azure.com/agentpool': 'mlpool' } } } } }],
      fail: [{ title: 'space in value', overlay: { spec: { extension: { nodeSelector: { pool: 'ml pool' } } } } }],
    },
  },
  {
    code: 'AMLK120',
    name: 'gpu-needs-device-plugin',
    title: 'GPU instance types need a device plugin',
    severity: 'info',
    category: 'settings',
    doc: 'GPU instance types only schedule where an NVIDIA device plugin advertises `nvidia.com/gpu`. The extension installs one only with `installNvidiaDevicePlugin=True` (default false); leave it off when the cluster already has one (AKS GPU node pools usually do), or the install conflicts.',
    source: 'reference §1 (installNvidiaDevicePlugin default False), §10 (Helm ownership conflict)',
    check: ({ doc, settings }) => {
      const gpu = Object.values(doc.spec.instanceTypes ?? {}).some((it) => it?.resources?.limits?.['nvidia.com/gpu'] !== undefined);
      return gpu && settings.plain.installNvidiaDevicePlugin === undefined
        ? [{ path: ['spec', 'instanceTypes'], setting: 'installNvidiaDevicePlugin', message: 'GPU instance types are defined but the spec does not say whether the cluster has an NVIDIA device plugin. Set `components.nvidiaDevicePlugin: true` to install one, or `false` to state that the cluster already has one.' }]
        : [];
    },
    examples: {
      pass: [{ title: 'plugin stated', overlay: { spec: { extension: { components: { nvidiaDevicePlugin: true } }, instanceTypes: { gpu: { resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 } } } } } } }],
      fail: [{ title: 'plugin not stated', overlay: { spec: { instanceTypes: { gpu: { resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 } } } } } } }],
    },
  },
];
