// Small helpers shared by rule definitions.
import type { ExtensionSettings } from '../../settings/from-spec.ts';
import type { SpecPath } from '../../model/parse.ts';

export const EXTENSION: SpecPath = ['spec', 'extension'];
export const INFERENCE: SpecPath = ['spec', 'extension', 'inference'];
export const TLS: SpecPath = ['spec', 'extension', 'inference', 'tls'];

/** Where a setting was set in the spec (the first place), else the extension block. */
export function originOf(settings: ExtensionSettings, key: string): SpecPath {
  return settings.origins[key]?.[0] ?? EXTENSION;
}

/** Plain value of a key as Azure will read it, or undefined when absent. */
export function plain(settings: ExtensionSettings, key: string): string | undefined {
  return settings.plain[key];
}

export function isTrue(value: string | undefined): boolean {
  return String(value ?? '').toLowerCase() === 'true';
}

/** Inference is on when enableInference is "true" in plain or protected settings. */
export function inferenceOn(s: ExtensionSettings): boolean {
  return isTrue(s.plain.enableInference) || 'enableInference' in s.protected;
}

export function trainingOn(s: ExtensionSettings): boolean {
  return isTrue(s.plain.enableTraining) || 'enableTraining' in s.protected;
}

/** Azure's TLS test: both PEM path keys in protected settings, or an sslSecret anywhere. */
export function sslOn(s: ExtensionSettings): boolean {
  const pem = 'sslCertPemFile' in s.protected && 'sslKeyPemFile' in s.protected;
  return pem || Boolean(s.plain.sslSecret) || 'sslSecret' in s.protected;
}

export const quote = (s: string): string => `"${s}"`;
