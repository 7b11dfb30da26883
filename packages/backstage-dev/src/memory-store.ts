// A status store in an in-memory SQLite database (benchmarks, scripts).
import knexFactory from 'knex';
import { StatusStore } from '@aml-k8s/plugin-azureml-compute-backend';

export async function inMemoryStatusStore(): Promise<{ store: StatusStore; close(): Promise<void> }> {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  return { store: await StatusStore.create(knex), close: () => knex.destroy() };
}
