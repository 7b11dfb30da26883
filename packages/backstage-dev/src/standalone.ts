// A standalone Backstage backend for the local demo: the azureml-compute plugin, the catalog with
// the compute entity provider, reading spec files from local folders (the repository's examples by
// default) and status from an ARM endpoint (an in-process ARM emulator by default, with the specs
// applied). Scripts call its API with a static token (backend.auth.externalAccess).
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { createBackend } from '@backstage/backend-defaults';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { azuremlComputePlugin } from '@aml-k8s/plugin-azureml-compute-backend';
import { inventoryOf, LocationSpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import { catalogModuleAzuremlCompute } from '@aml-k8s/plugin-catalog-backend-module-azureml-compute';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { armSender } from './arm.ts';
import { seedApplied } from './seed.ts';

/** Token scripts send as `Authorization: Bearer <token>`; documented in docs/backstage.md. */
export const DEMO_TOKEN = 'aml-k8s-demo-token';
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url));

export interface ArmTarget {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra authority; default the ARM URL (the emulator serves both). */
  authorityHost?: string;
}

export interface StandaloneOptions {
  /** Folders (or files) with spec files. Default: the repository's examples/. */
  specs?: string[];
  /** Listen port; default a free one. */
  port?: number;
  /** Static access token for scripts; default DEMO_TOKEN. At least 8 characters, no spaces. */
  token?: string;
  /**
   * Where status comes from: `emulator` (default) starts an ARM emulator in this process with
   * the specs applied; or an ARM endpoint with service principal credentials.
   */
  arm?: 'emulator' | ArmTarget;
  /** Also run the catalog with the compute entity provider. Default true. */
  catalog?: boolean;
  /** Extra configuration merged over the generated one. */
  config?: JsonObject;
}

export interface StandaloneBackend {
  /** e.g. http://localhost:7007 */
  url: string;
  /** e.g. http://localhost:7007/api/azureml-compute */
  apiUrl: string;
  token: string;
  emulator?: Emulator;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function merge(base: JsonObject, extra: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = b && v && typeof b === 'object' && typeof v === 'object' && !Array.isArray(b) && !Array.isArray(v) ? merge(b as JsonObject, v as JsonObject) : v;
  }
  return out;
}

/** An ARM emulator serving the specs' clusters and workspaces, with the specs applied. */
export async function startDemoEmulator(specs: readonly string[]): Promise<Emulator> {
  const read = await new LocationSpecSource({ locations: specs.map((target) => ({ type: 'file', target })) }).read();
  const docs = inventoryOf(read.files).entries.map((e) => e.doc);
  const emulator = await startEmulator({ installTimeMs: 0, attachTimeMs: 0, deleteTimeMs: 0, retryAfterSeconds: 0, ...fixturesFromSpecs(docs) });
  trustEmulator(emulator);
  await seedApplied(armSender(emulator), docs);
  return emulator;
}

export async function startStandaloneBackend(options: StandaloneOptions = {}): Promise<StandaloneBackend> {
  const specs = options.specs ?? [EXAMPLES_DIR];
  const token = options.token ?? DEMO_TOKEN;
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const emulator = options.arm === undefined || options.arm === 'emulator' ? await startDemoEmulator(specs) : undefined;
  const arm: ArmTarget = emulator ? { url: emulator.url, tenantId: emulator.tenantId, clientId: emulator.clientId, clientSecret: emulator.clientSecret } : (options.arm as ArmTarget);

  const config = merge(
    {
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: url,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        cors: { origin: 'http://localhost:3000', methods: ['GET', 'HEAD', 'POST'], credentials: true },
        auth: { externalAccess: [{ type: 'static', options: { token, subject: 'aml-k8s-demo' } }] },
      },
      catalog: { rules: [{ allow: ['Component', 'Resource', 'Group', 'User', 'System', 'Location', 'Template'] }] },
      azureMlCompute: {
        locations: specs.map((target) => ({ type: 'file', target })),
        schedule: { frequency: { seconds: 30 }, timeout: { minutes: 2 } },
        azure: { armEndpoint: arm.url, authorityHost: arm.authorityHost ?? arm.url, tenantId: arm.tenantId, clientId: arm.clientId, clientSecret: arm.clientSecret },
        catalog: { schedule: { frequency: { minutes: 1 }, timeout: { minutes: 2 } }, emitClusters: true, defaultOwner: 'group:default/ml-platform' },
      },
    },
    options.config ?? {},
  );

  const backend = createBackend();
  backend.add(createServiceFactory({ service: coreServices.rootConfig, deps: {}, factory: () => new ConfigReader(config) }));
  backend.add(azuremlComputePlugin);
  if (options.catalog !== false) {
    // A CommonJS module imported from ESM: its default export is module.exports, the plugin its `default`.
    const catalog = (await import('@backstage/plugin-catalog-backend')) as unknown as { default: BackendFeature | { default: BackendFeature } };
    backend.add('default' in catalog.default ? catalog.default.default : catalog.default);
    backend.add(catalogModuleAzuremlCompute);
  }
  await backend.start();
  return {
    url,
    apiUrl: `${url}/api/azureml-compute`,
    token,
    ...(emulator ? { emulator } : {}),
    async stop() {
      await backend.stop();
      await emulator?.stop();
    },
  };
}
