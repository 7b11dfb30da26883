// Input and output schemas of the scaffolder actions (zod, as createTemplateAction wants them).
// The same shape is documented in docs/backstage.md.
import { ROUTER_SERVICE_TYPES } from '@aml-k8s/shared/core';
import type { z as zod } from 'zod';

type Z = typeof zod;

const quantity = (z: Z) => z.union([z.string(), z.number()]);

export const formInputSchema = {
  computeName: (z: Z) => z.string().min(1).describe('Compute name: metadata.name of the spec and the compute name in the workspace'),
  owner: (z: Z) => z.string().min(1).describe('Owner entity reference, e.g. group:default/ml-platform'),
  description: (z: Z) => z.string().optional().describe('What the compute is for'),
  cluster: (z: Z) =>
    z
      .object({
        type: z.enum(['aks', 'arc']).describe('aks (Azure Kubernetes Service) or arc (Azure Arc-enabled Kubernetes)'),
        subscriptionId: z.string().min(1),
        resourceGroup: z.string().min(1),
        name: z.string().min(1),
        distribution: z.string().optional().describe('openshift for OpenShift clusters'),
      })
      .describe('The Kubernetes cluster'),
  workspace: (z: Z) =>
    z
      .object({
        subscriptionId: z.string().optional().describe("Default: the cluster's subscription"),
        resourceGroup: z.string().min(1),
        name: z.string().min(1),
      })
      .describe('The Azure Machine Learning workspace to attach to'),
  namespace: (z: Z) => z.string().optional().describe('Kubernetes namespace for jobs and deployments (default: default)'),
  training: (z: Z) => z.boolean().optional().describe('Enable training jobs (default true)'),
  inference: (z: Z) =>
    z
      .object({
        enabled: z.boolean().optional().describe('Default true when inference is given'),
        routerServiceType: z.enum(ROUTER_SERVICE_TYPES).optional(),
        highAvailability: z.boolean().optional().describe('Three router replicas (needs at least 3 nodes); default true'),
        internalLoadBalancer: z.boolean().optional().describe('Azure internal load balancer (AKS, LoadBalancer only)'),
        tls: z
          .object({ insecure: z.boolean().optional(), cname: z.string().optional(), secretName: z.string().optional() })
          .optional()
          .describe('{ cname, secretName } for HTTPS from a Kubernetes secret, or { insecure: true } for HTTP'),
      })
      .nullable()
      .optional()
      .describe('Online endpoints; absent or enabled: false turns inference off'),
  gpu: (z: Z) => z.object({ nvidiaDevicePlugin: z.boolean().optional(), dcgmExporter: z.boolean().optional() }).optional().describe('GPU components the extension installs'),
  nodeSelector: (z: Z) => z.record(z.string(), z.string()).optional().describe('Node labels the extension and its workloads are pinned to'),
  instanceTypes: (z: Z) =>
    z
      .array(
        z.object({
          name: z.string().min(1),
          cpu: quantity(z),
          memory: quantity(z),
          gpu: z.number().int().min(0).optional(),
          nodeSelector: z.record(z.string(), z.string()).optional(),
          limits: z.object({ cpu: quantity(z).optional(), memory: quantity(z).optional() }).optional(),
        }),
      )
      .optional()
      .describe('Instance types; requests equal limits unless limits are given'),
};

const diagnostic = (z: Z) =>
  z.object({
    severity: z.enum(['error', 'warning', 'info']),
    code: z.string(),
    message: z.string(),
    file: z.string(),
    line: z.number(),
    column: z.number(),
    path: z.string().optional(),
    setting: z.string().optional(),
  });

export const diagnosticsSchema = (z: Z) => z.array(diagnostic(z)).describe('Findings, as `aml-k8s validate --format json` gives them');
