// A gateway that sees an empty subscription, for `plan --offline`. It never writes.
import type { AzureGateway } from './gateway.ts';
import { AzureError } from './gateway.ts';

const refuse = async (): Promise<never> => {
  throw new AzureError('the offline gateway cannot change anything', 'Offline');
};

export const OFFLINE_GATEWAY: AzureGateway = {
  getCluster: async () => undefined,
  getWorkspaceLocation: async () => undefined,
  getExtension: async () => undefined,
  waitForExtension: async () => undefined,
  getCompute: async () => undefined,
  listComputes: async () => [],
  createExtension: refuse,
  updateExtension: refuse,
  deleteExtension: refuse,
  attachCompute: refuse,
  detachCompute: refuse,
  ensureRelay: refuse,
  listExtensions: async () => [],
  listWorkspaces: async () => [],
  getIdentityPrincipal: async () => undefined,
  listRoleAssignments: async () => [],
  createRoleAssignment: refuse,
};
