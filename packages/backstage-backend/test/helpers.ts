// Shared by the backend plugin's tests: the example specs, a seeded ARM emulator, plugin config.
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import type { Emulator, EmulatorOptions } from '@aml-k8s/arm-emulator';
import type { ComputeDocument } from '@aml-k8s/shared/core';
import { fileURLToPath } from 'node:url';
import { seedApplied } from '@aml-k8s/backstage-dev/seed';
import type { SeedOptions } from '@aml-k8s/backstage-dev/seed';
import { inventoryOf, LocationSpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import type { ComputeSpecEntry } from '@aml-k8s/plugin-azureml-compute-node';
import { armSender, statusReaderFor } from '@aml-k8s/backstage-dev/arm';
import type { ArmSender } from '@aml-k8s/backstage-dev/arm';
import type { ArmStatusReader, ArmStatusReaderOptions } from '../src/status/arm-reader.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url)).replace(/\/$/, '');

export async function exampleEntries(): Promise<ComputeSpecEntry[]> {
  const read = await new LocationSpecSource({ locations: [{ type: 'file', target: EXAMPLES_DIR }] }).read();
  const inventory = inventoryOf(read.files);
  if (inventory.problems.length) throw new Error(`example problems: ${JSON.stringify(inventory.problems)}`);
  return inventory.entries;
}

/** Raw ARM calls to the emulator (seeding, deletes). */
export function armClientFor(emulator: Emulator): ArmSender {
  return armSender(emulator);
}

/** The plugin's status reader (the core's gateway and Resource Graph) against the emulator, with quick retries. */
export function statusReader(emulator: Emulator, options: ArmStatusReaderOptions = {}): ArmStatusReader {
  return statusReaderFor(emulator, options);
}

export interface SeededEmulator {
  emulator: Emulator;
  client: ArmSender;
}

/** An emulator serving the clusters and workspaces the docs name, with their computes applied. */
export async function seededEmulator(docs: readonly ComputeDocument[], options: SeedOptions & { nodeCount?: Record<string, number>; emulator?: EmulatorOptions } = {}): Promise<SeededEmulator> {
  const fixtures = fixturesFromSpecs(docs);
  for (const c of fixtures.clusters ?? []) {
    const n = options.nodeCount?.[c.name];
    if (n !== undefined) c.nodeCount = n;
  }
  const emulator = await startEmulator({ installTimeMs: 0, attachTimeMs: 0, deleteTimeMs: 0, retryAfterSeconds: 0, ...options.emulator, ...fixtures });
  trustEmulator(emulator);
  const client = armClientFor(emulator);
  await seedApplied(client, docs, options);
  return { emulator, client };
}

/** `azureMlCompute` config reading `target` and asking the emulator. */
export function pluginConfig(emulator: Emulator, target = EXAMPLES_DIR, extra: JsonObject = {}): JsonObject {
  return {
    azureMlCompute: {
      locations: [{ type: 'file', target }],
      azure: { armEndpoint: emulator.url, authorityHost: emulator.url, tenantId: emulator.tenantId, clientId: emulator.clientId, clientSecret: emulator.clientSecret },
      ...extra,
    },
  };
}

/** ARM calls recorded by the emulator (identity calls excluded). */
export function armRequests(emulator: Emulator): { method: string; path: string }[] {
  return emulator.requests().filter((r) => r.kind === 'arm');
}

/** The test utilities' scheduler: runs tasks when told (its type is not exported as such). */
export type MockScheduler = SchedulerService & { factory(options?: { skipTaskRunOnStartup?: boolean }): ReturnType<typeof mockServices.scheduler.factory> };

export const mockScheduler = (): MockScheduler => mockServices.scheduler() as MockScheduler;

/**
 * An in-memory SQLite database for a test backend, destroyed by the test: Backstage leaves SQLite
 * connections open at shutdown (their pool timer would keep the test process alive).
 */
export function sqliteDatabase(): { knex: Knex; factory: ReturnType<typeof mockServices.database.factory> } {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  return { knex, factory: mockServices.database.factory({ knex }) };
}
