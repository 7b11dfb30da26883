// Which workloads the extension runs, and the inference router settings that come with them.
import { ROUTER_SERVICE_TYPES, SETTINGS_TABLE, settingAzureValues, settingEnumValue } from '../../model/settings-table.ts';
import type { SettingRow } from '../../model/settings-table.ts';
import { inferenceOn, originOf, plain, trainingOn } from './helpers.ts';
import type { Rule } from './rule.ts';

/** `a, b or c` / `a, b and c`. */
const list = (items: readonly string[], last: 'or' | 'and'): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`);
const ROUTER_TYPES = list(ROUTER_SERVICE_TYPES, 'or');
const [FIRST_ROUTER_TYPE, ...OTHER_ROUTER_TYPES] = ROUTER_SERVICE_TYPES;
const routerType = (v: string | undefined) => settingEnumValue('inferenceRouterServiceType', v);
const ilbProvider = (v: string | undefined) => settingEnumValue('internalLoadBalancerProvider', v);

/** Inference-only keys a user writes as plain settings (the table's inference-only rows, without the derived and the protected-only ones). */
const INFERENCE_SETTING_KEYS = (SETTINGS_TABLE as readonly SettingRow[]).filter((r) => r.inferenceOnly && r.origin === 'user' && r.where !== 'protected' && r.prefix === undefined).map((r) => r.key);

export const workloadRules: Rule[] = [
  {
    code: 'AMLK100',
    name: 'workload-required',
    title: 'Training or inference must be enabled',
    severity: 'error',
    category: 'workloads',
    doc: 'The extension refuses to install unless at least one of `enableTraining` and `enableInference` is true; an absent key counts as false. Set `training: true`, add an `inference` block, or both.',
    source: 'reference §2.4; az k8s-extension AzureML handler',
    check: ({ settings }) =>
      trainingOn(settings) || inferenceOn(settings)
        ? []
        : [{ setting: 'enableTraining', path: ['spec', 'extension'], message: 'Neither training nor inference is enabled, and Azure rejects such an extension. Set `training: true` or add an `inference:` block.' }],
    examples: {
      pass: [{ title: 'training only', overlay: { spec: { extension: { inference: null } } } }],
      fail: [{ title: 'both off', overlay: { spec: { extension: { training: false, inference: null } } } }],
    },
  },
  {
    code: 'AMLK101',
    name: 'inference-router-required',
    title: 'Inference needs a router service type',
    severity: 'error',
    category: 'inference',
    doc: `With inference enabled, Azure requires \`inferenceRouterServiceType\` (${ROUTER_TYPES}) and rejects the extension without it. Legacy keys such as \`privateEndpointNodeport\` no longer set it.`,
    source: 'reference §2.5',
    check: ({ settings }) =>
      inferenceOn(settings) && plain(settings, 'inferenceRouterServiceType') === undefined
        ? [{ setting: 'inferenceRouterServiceType', path: originOf(settings, 'enableInference'), message: `Inference is enabled but no router service type is set. Add \`routerServiceType: ${FIRST_ROUTER_TYPE}\` (or ${OTHER_ROUTER_TYPES.join(', ')}) to the inference block.` }]
        : [],
    examples: {
      pass: [{ title: 'router type set', overlay: {} }],
      fail: [{ title: 'enableInference as a raw setting without a router type', overlay: { spec: { extension: { inference: null, settings: { enableInference: 'True', allowInsecureConnections: 'True' } } } } }],
    },
  },
  {
    code: 'AMLK102',
    name: 'router-service-type-value',
    title: `Router service type must be ${ROUTER_TYPES}`,
    severity: 'error',
    category: 'inference',
    doc: `\`inferenceRouterServiceType\` is compared case-insensitively against ${list(settingAzureValues('inferenceRouterServiceType'), 'and')}; anything else is rejected.`,
    source: 'reference §1, §2.5',
    check: ({ settings }) => {
      const v = plain(settings, 'inferenceRouterServiceType');
      if (v === undefined || routerType(v) !== undefined) return [];
      return [{ setting: 'inferenceRouterServiceType', atValue: true, path: originOf(settings, 'inferenceRouterServiceType'), message: `Router service type "${v}" is not one Azure accepts. Use ${ROUTER_TYPES}.` }];
    },
    examples: {
      pass: [{ title: 'raw setting in another case', overlay: { spec: { extension: { inference: null, settings: { enableInference: 'True', inferenceRouterServiceType: 'nodeport', allowInsecureConnections: 'True' } } } } }],
      fail: [{ title: 'raw setting with an unknown type', overlay: { spec: { extension: { inference: null, settings: { enableInference: 'True', inferenceRouterServiceType: 'Ingress', allowInsecureConnections: 'True' } } } } }],
    },
  },
  {
    code: 'AMLK103',
    name: 'nodeport-with-internal-load-balancer',
    title: 'NodePort cannot use an internal load balancer',
    severity: 'error',
    category: 'inference',
    doc: 'An internal load balancer (`internalLoadBalancerProvider=azure`) is a kind of LoadBalancer service; Azure rejects it together with `inferenceRouterServiceType=NodePort`.',
    source: 'reference §2.8',
    check: ({ settings }) => {
      const type = routerType(plain(settings, 'inferenceRouterServiceType'));
      const ilb = ilbProvider(plain(settings, 'internalLoadBalancerProvider'));
      return type === 'NodePort' && ilb === 'azure'
        ? [{ setting: 'internalLoadBalancerProvider', path: originOf(settings, 'internalLoadBalancerProvider'), message: 'An internal load balancer cannot be combined with a NodePort router. Remove `internalLoadBalancer` or use `routerServiceType: LoadBalancer`.' }]
        : [];
    },
    examples: {
      pass: [{ title: 'internal LB with LoadBalancer', overlay: { spec: { extension: { inference: { internalLoadBalancer: true } } } } }],
      fail: [{ title: 'internal LB with NodePort', overlay: { spec: { extension: { inference: { routerServiceType: 'NodePort', internalLoadBalancer: true } } } } }],
    },
  },
  {
    code: 'AMLK104',
    name: 'internal-load-balancer-aks-only',
    title: 'Internal load balancer works on AKS only',
    severity: 'error',
    category: 'inference',
    doc: 'Only AKS provisions an Azure internal load balancer; on Arc-enabled clusters the install fails with E40003 INTERNAL_LOAD_BALANCER_NOT_SUPPORT (the az CLI only warns). Only the value `azure` has any effect.',
    source: 'reference §2.9, §10 E40003',
    check: ({ settings, doc }) => {
      const ilb = plain(settings, 'internalLoadBalancerProvider');
      if (ilb === undefined) return [];
      const path = originOf(settings, 'internalLoadBalancerProvider');
      if (ilbProvider(ilb) === undefined) return [{ setting: 'internalLoadBalancerProvider', path, atValue: true, message: `internalLoadBalancerProvider "${ilb}" is not supported (install fails with E40003). Use "azure" on AKS, or remove it.` }];
      if (doc.spec.cluster.type === 'arc') return [{ setting: 'internalLoadBalancerProvider', path, message: 'An internal load balancer needs AKS; on an Arc-enabled cluster the install fails with E40003. Remove `internalLoadBalancer`, or use NodePort/ClusterIP with your own ingress.' }];
      return [];
    },
    examples: {
      pass: [{ title: 'AKS', overlay: { spec: { extension: { inference: { internalLoadBalancer: true } } } } }],
      fail: [
        { title: 'Arc', overlay: { spec: { cluster: { type: 'arc' }, extension: { inference: { internalLoadBalancer: true } } } } },
        { title: 'other provider', overlay: { spec: { extension: { settings: { internalLoadBalancerProvider: 'metallb' } } } } },
      ],
    },
  },
  {
    code: 'AMLK105',
    name: 'internal-load-balancer-needs-loadbalancer',
    title: 'Internal load balancer only applies to a LoadBalancer router',
    severity: 'warning',
    category: 'inference',
    doc: 'With a ClusterIP router there is no load balancer to make internal, so `internalLoadBalancerProvider` has no effect.',
    source: 'reference §1, §3 (scoringFe.serviceType.internalLoadBalancer)',
    check: ({ settings }) =>
      plain(settings, 'internalLoadBalancerProvider') !== undefined && routerType(plain(settings, 'inferenceRouterServiceType')) === 'ClusterIP'
        ? [{ setting: 'internalLoadBalancerProvider', path: originOf(settings, 'internalLoadBalancerProvider'), message: 'internalLoadBalancer has no effect with a ClusterIP router. Remove it, or use `routerServiceType: LoadBalancer`.' }]
        : [],
    examples: {
      pass: [{ title: 'LoadBalancer', overlay: { spec: { extension: { inference: { internalLoadBalancer: true } } } } }],
      fail: [{ title: 'ClusterIP', overlay: { spec: { extension: { inference: { routerServiceType: 'ClusterIP', internalLoadBalancer: true } } } } }],
    },
  },
  {
    code: 'AMLK106',
    name: 'inference-settings-without-inference',
    title: 'Inference settings need inference enabled',
    severity: 'warning',
    category: 'inference',
    doc: 'Router, TLS and high-availability settings only matter when `enableInference` is true; otherwise they are ignored, which usually means inference was meant to be on.',
    source: 'reference §1 (scenario column)',
    check: ({ settings }) => {
      if (inferenceOn(settings)) return [];
      const keys = INFERENCE_SETTING_KEYS.filter((k) => k in settings.plain);
      return keys.map((k) => ({ setting: k, path: originOf(settings, k), message: `${k} is set but inference is off, so it is ignored. Add an \`inference:\` block or remove the setting.` }));
    },
    examples: {
      pass: [{ title: 'inference on', overlay: {} }],
      fail: [{ title: 'router type without inference', overlay: { spec: { extension: { inference: null, settings: { inferenceRouterServiceType: 'LoadBalancer' } } } } }],
    },
  },
];

