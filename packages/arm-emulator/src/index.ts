export { startEmulator, type Emulator } from './server.ts';
export { runEmulatorCli, parseCliArgs, CLI_USAGE, type CliIo } from './cli.ts';
export { trustEmulator, emulatorCertificate, type EmulatorCertificate } from './tls.ts';
export { emulatorEnvironment, exportLines, parseExportLines } from './environment.ts';
export { DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './config.ts';
export { DEFAULT_FAULTS } from './faults.ts';
export { AZURE_THROTTLING, type BucketSpec, type RequestClass, type ThrottlingSettings } from './throttling.ts';
export { INSTALL_FAILURE_RULES, findInstallFailure, type InstallContext, type InstallFailure, type InstallFailureRule } from './install-failures.ts';
export { BUILT_IN_ROLES, ROLE_IDS } from './authorization.ts';
export { AZUREML_EXTENSION_TYPE } from './extensions.ts';
export { parseQuery, runQuery } from './resource-graph.ts';
export type { StateSnapshot, TokenSummary } from './admin.ts';
export type {
  AksIdentityType,
  ClientRegistration,
  FederatedCredential,
  FederatedIssuer,
  ClusterFixture,
  ClusterType,
  EmulatorOptions,
  FaultSettings,
  Fixtures,
  IdentityFixture,
  RecordedRequest,
  WorkspaceFixture,
} from './types.ts';
export { fixturesFromSpecs } from './seed-from-specs.ts';
