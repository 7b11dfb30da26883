// Maps a typed spec to the extension's configuration settings, remembering which spec field
// produced each key so that a rule about a key can point at the right line.
import type { ComputeDocument, SecretRef } from '../spec/types.ts';

export type SpecPath = (string | number)[];

export interface ExtensionSettings {
  /** configurationSettings, as Azure will receive them (strings). */
  plain: Record<string, string>;
  /** configurationProtectedSettings, as references to secret material (never values). */
  protected: Record<string, SecretRef>;
  /** Every spec location that set a key; more than one means the key was set twice. */
  origins: Record<string, SpecPath[]>;
}

export function boolSetting(value: boolean): string {
  return value ? 'True' : 'False';
}

export function settingsFromSpec(doc: ComputeDocument): ExtensionSettings {
  const out: ExtensionSettings = { plain: {}, protected: {}, origins: {} };
  const ext = doc.spec?.extension ?? {};
  const setPlain = (key: string, value: string, path: SpecPath): void => {
    out.plain[key] ??= value;
    (out.origins[key] ??= []).push(path);
  };
  const setProtected = (key: string, ref: SecretRef, path: SpecPath): void => {
    out.protected[key] ??= ref;
    (out.origins[key] ??= []).push(path);
  };
  const E: SpecPath = ['spec', 'extension'];

  if (ext.training !== undefined) setPlain('enableTraining', boolSetting(ext.training === true), [...E, 'training']);
  const inf = ext.inference;
  if (inf != null && typeof inf === 'object') {
    setPlain('enableInference', 'True', [...E, 'inference']);
    const I = [...E, 'inference'];
    if (inf.routerServiceType !== undefined) setPlain('inferenceRouterServiceType', String(inf.routerServiceType), [...I, 'routerServiceType']);
    if (inf.internalLoadBalancer === true) setPlain('internalLoadBalancerProvider', 'azure', [...I, 'internalLoadBalancer']);
    if (inf.highAvailability !== undefined) setPlain('inferenceRouterHA', boolSetting(inf.highAvailability === true), [...I, 'highAvailability']);
    if (inf.clusterPurpose !== undefined) setPlain('clusterPurpose', String(inf.clusterPurpose), [...I, 'clusterPurpose']);
    const tls = inf.tls as Record<string, unknown> | undefined;
    if (tls && typeof tls === 'object') {
      const T = [...I, 'tls'];
      if (tls.insecure === true) setPlain('allowInsecureConnections', 'True', [...T, 'insecure']);
      if (typeof tls.cname === 'string') setPlain('sslCname', tls.cname, [...T, 'cname']);
      if (typeof tls.secretName === 'string') setPlain('sslSecret', tls.secretName, [...T, 'secretName']);
      if (typeof tls.certFile === 'string') setProtected('sslCertPemFile', { file: tls.certFile }, [...T, 'certFile']);
      if (typeof tls.keyFile === 'string') setProtected('sslKeyPemFile', { file: tls.keyFile }, [...T, 'keyFile']);
      if (typeof tls.certEnv === 'string') setProtected('sslCertPemFile', { env: tls.certEnv }, [...T, 'certEnv']);
      if (typeof tls.keyEnv === 'string') setProtected('sslKeyPemFile', { env: tls.keyEnv }, [...T, 'keyEnv']);
    }
  }
  for (const [label, value] of Object.entries(ext.nodeSelector ?? {})) {
    setPlain(`nodeSelector.${label}`, String(value), [...E, 'nodeSelector', label]);
  }
  const c = ext.components ?? {};
  const C = [...E, 'components'];
  if (c.nvidiaDevicePlugin !== undefined) setPlain('installNvidiaDevicePlugin', boolSetting(c.nvidiaDevicePlugin === true), [...C, 'nvidiaDevicePlugin']);
  if (c.dcgmExporter !== undefined) setPlain('installDcgmExporter', boolSetting(c.dcgmExporter === true), [...C, 'dcgmExporter']);
  if (c.prometheusOperator !== undefined) setPlain('installPromOp', boolSetting(c.prometheusOperator === true), [...C, 'prometheusOperator']);
  if (c.volcano !== undefined) setPlain('installVolcano', boolSetting(c.volcano === true), [...C, 'volcano']);
  if (c.logAnalytics !== undefined) setPlain('logAnalyticsWS', boolSetting(c.logAnalytics === true), [...C, 'logAnalytics']);
  if (typeof doc.spec?.cluster?.distribution === 'string' && doc.spec.cluster.distribution.toLowerCase() === 'openshift') {
    setPlain('openshift', 'True', ['spec', 'cluster', 'distribution']);
  }
  for (const [key, value] of Object.entries(ext.settings ?? {})) {
    setPlain(key, typeof value === 'boolean' ? boolSetting(value) : String(value), [...E, 'settings', key]);
  }
  for (const [key, ref] of Object.entries(ext.protectedSettings ?? {})) {
    setProtected(key, ref, [...E, 'protectedSettings', key]);
  }
  // Azure always receives both workload switches; an unset one means off.
  for (const key of ['enableTraining', 'enableInference']) {
    if (!(key in out.plain) && !(key in out.protected)) {
      out.plain[key] = 'False';
      out.origins[key] = [E];
    }
  }
  return out;
}

/** Defaults that apply when a key is absent, per the extension's documentation. */
export const SETTING_DEFAULTS: Readonly<Record<string, string>> = {
  enableTraining: 'False',
  enableInference: 'False',
  allowInsecureConnections: 'False',
  inferenceRouterHA: 'True',
  installNvidiaDevicePlugin: 'False',
  installPromOp: 'True',
  installVolcano: 'True',
  installDcgmExporter: 'False',
  logAnalyticsWS: 'False',
};
