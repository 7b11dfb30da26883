// What Azure has, in the terms the planner compares with the desired state: the fields of the
// extension and of the compute a diff looks at. The gateway's read results extend these.
export interface ExtensionObservation {
  provisioningState?: string;
  configurationSettings?: Record<string, string>;
  version?: string;
  releaseTrain?: string;
  autoUpgradeMinorVersion?: boolean;
}

export interface ComputeObservation {
  provisioningState?: string;
  resourceId?: string;
  namespace?: string;
  identityType?: string;
  userAssignedIdentity?: string;
  instanceTypes?: Record<string, unknown>;
  defaultInstanceType?: string;
  description?: string;
}
