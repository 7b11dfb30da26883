/** The environment that points aml-k8s, @azure/identity and Node at a running emulator. */
export interface EmulatorEnvironmentInput {
  readonly url: string;
  readonly caFile: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Bearer token of the admin API (`/__emulator/*`). */
  readonly adminToken?: string;
}

export function emulatorEnvironment(e: EmulatorEnvironmentInput): Record<string, string> {
  return {
    AML_K8S_ARM_ENDPOINT: e.url,
    AZURE_AUTHORITY_HOST: e.url,
    AZURE_TENANT_ID: e.tenantId,
    AZURE_CLIENT_ID: e.clientId,
    AZURE_CLIENT_SECRET: e.clientSecret,
    ...(e.adminToken !== undefined ? { AML_K8S_EMULATOR_ADMIN_TOKEN: e.adminToken } : {}),
    // Last: scripts reading the export lines as they come wait for it.
    NODE_EXTRA_CA_CERTS: e.caFile,
  };
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME=value` lines, quoted for POSIX shells, one per variable. */
export function exportLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');
}

/** The variables of `exportLines` output (what `--write-env` writes), for scripts that start the emulator. */
export function parseExportLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const raw = m[2]!;
    env[m[1]!] = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  }
  return env;
}
