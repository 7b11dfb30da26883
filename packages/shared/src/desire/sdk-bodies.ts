// The request objects the Azure SDK clients take. Revealing the protected values happens here and
// nowhere else, right before the call that sends them.
import type { Extension, PatchExtension } from '@azure/arm-kubernetesconfiguration';
import type { SecretValue } from '../secrets/secret-value.ts';
import type { ExtensionBody } from './desired-state.ts';

export function revealAll(values: Readonly<Record<string, SecretValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.reveal()]));
}

/** For `extensions.beginCreate`; throws if a protected value is still a placeholder. */
export function sdkExtension(body: ExtensionBody): Extension {
  const { configurationProtectedSettings, ...rest } = body;
  return { ...rest, configurationProtectedSettings: revealAll(configurationProtectedSettings) };
}

/** For `extensions.beginUpdate`. Protected settings replace the whole set on PATCH, so all are sent or none. */
export function sdkPatchExtension(body: ExtensionBody, options: { includeProtected: boolean }): PatchExtension {
  return {
    autoUpgradeMinorVersion: body.autoUpgradeMinorVersion,
    releaseTrain: body.releaseTrain,
    ...(body.version !== undefined ? { version: body.version } : {}),
    configurationSettings: { ...body.configurationSettings },
    ...(options.includeProtected ? { configurationProtectedSettings: revealAll(body.configurationProtectedSettings) } : {}),
  };
}
