// Database schema of the status store, as knex migrations kept in code (no migration files to
// locate at run time, so they work the same from sources, bundles and tests).
import type { Knex } from 'knex';

export const MIGRATIONS_TABLE = 'azureml_compute_migrations';

interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    name: '20261123_001_status',
    async up(knex) {
      await knex.schema.createTable('compute_status', (t) => {
        t.string('name', 255).primary().comment('metadata.name of the spec');
        t.string('health', 32).notNullable();
        t.timestamp('checked_at', { useTz: true }).notNullable();
        t.timestamp('since', { useTz: true }).notNullable();
        t.text('status').notNullable().comment('ComputeStatus as JSON');
      });
      await knex.schema.createTable('compute_status_history', (t) => {
        t.bigIncrements('id').primary();
        t.string('name', 255).notNullable();
        t.timestamp('at', { useTz: true }).notNullable();
        t.string('health', 32).notNullable();
        t.string('extension_state', 64).nullable();
        t.string('compute_state', 64).nullable();
        t.string('error_code', 64).nullable();
        t.text('error_message').nullable();
        t.text('error_remedy').nullable();
        t.index(['name', 'at'], 'compute_status_history_name_at_idx');
        t.index(['at'], 'compute_status_history_at_idx');
      });
      await knex.schema.createTable('status_refresh', (t) => {
        t.bigIncrements('id').primary();
        t.timestamp('started_at', { useTz: true }).notNullable();
        t.timestamp('finished_at', { useTz: true }).notNullable();
        t.integer('computes').notNullable();
        t.integer('requests').notNullable();
        t.text('error').nullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable('status_refresh');
      await knex.schema.dropTable('compute_status_history');
      await knex.schema.dropTable('compute_status');
    },
  },
];

export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource, tableName: MIGRATIONS_TABLE });
}

export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource, tableName: MIGRATIONS_TABLE }, true);
}
