// The status store: the last status of every compute, the history of its transitions, and a log
// of refreshes, in the plugin's database (SQLite or PostgreSQL).
import type { ComputeHealth, ComputeStatus, ComputeStatusTransition } from '@aml-k8s/plugin-azureml-compute-common';
import type { Knex } from 'knex';
import { migrate } from './migrations.ts';

export interface Transition {
  name: string;
  transition: ComputeStatusTransition;
}

export interface RefreshRecord {
  startedAt: string;
  finishedAt: string;
  computes: number;
  requests: number;
  error?: string;
}

interface StatusRow {
  name: string;
  health: string;
  checked_at: unknown;
  since: unknown;
  status: string;
}

interface HistoryRow {
  name: string;
  at: unknown;
  health: string;
  extension_state: string | null;
  compute_state: string | null;
  error_code: string | null;
  error_message: string | null;
  error_remedy: string | null;
}

const CHUNK = 200;

/**
 * Writes made in this process, per database client: stores sharing a client (the refresh's and
 * the routes') learn of each other's writes at once, without asking the database.
 */
const localWrites = new WeakMap<Knex, { count: number }>();
const REFRESH_LOG_KEEP = 100;

/** Timestamps come back as Date (PostgreSQL), numbers or strings (SQLite). */
export function toIso(value: unknown): string {
  const d = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return d.toISOString();
}

function* chunks<T>(items: Iterable<T>, size = CHUNK): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export class StatusStore {
  readonly #db: Knex;

  readonly #writes: { count: number };

  private constructor(db: Knex) {
    this.#db = db;
    let writes = localWrites.get(db);
    if (!writes) localWrites.set(db, (writes = { count: 0 }));
    this.#writes = writes;
  }

  /** How many writes this process made to the database (through any store on the same client); other processes' writes are not counted. */
  get localWrites(): number {
    return this.#writes.count;
  }

  /** Opens the store, bringing the schema up to date unless told not to (read-only databases). */
  static async create(db: Knex, options: { skipMigrations?: boolean } = {}): Promise<StatusStore> {
    if (!options.skipMigrations) await migrate(db);
    return new StatusStore(db);
  }

  async list(): Promise<ComputeStatus[]> {
    const rows = await this.#db<StatusRow>('compute_status').select('status').orderBy('name');
    return rows.map((r) => JSON.parse(r.status) as ComputeStatus);
  }

  async get(name: string): Promise<ComputeStatus | undefined> {
    const row = await this.#db<StatusRow>('compute_status').where({ name }).first('status');
    return row ? (JSON.parse(row.status) as ComputeStatus) : undefined;
  }

  /** Newest first. */
  async history(name: string, limit = 100): Promise<ComputeStatusTransition[]> {
    const rows = await this.#db<HistoryRow>('compute_status_history').where({ name }).orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
    return rows.map((r) => {
      const t: ComputeStatusTransition = { at: toIso(r.at), health: r.health as ComputeHealth };
      if (r.extension_state) t.extensionState = r.extension_state;
      if (r.compute_state) t.computeState = r.compute_state;
      if (r.error_code) t.error = { code: r.error_code, message: r.error_message ?? '', ...(r.error_remedy ? { remedy: r.error_remedy } : {}) };
      return t;
    });
  }

  /**
   * Writes statuses and transitions, and drops the statuses of computes no longer declared, at once.
   * Statuses are taken from the iterable a chunk at a time (a refresh composes them as they are
   * written, never holding them all), and all are taken before the first transition.
   */
  async write(statuses: Iterable<ComputeStatus>, transitions: Iterable<Transition>, removed: readonly string[] = []): Promise<void> {
    await this.#db.transaction(async (tx) => {
      for (const chunk of chunks(statuses)) {
        const rows = chunk.map((s) => ({ name: s.name, health: s.health, checked_at: new Date(s.checkedAt), since: new Date(s.since ?? s.checkedAt), status: JSON.stringify(s) }));
        await tx('compute_status').insert(rows).onConflict('name').merge();
      }
      for (const chunk of chunks(transitions)) {
        await tx('compute_status_history').insert(
          chunk.map(({ name, transition: t }) => ({
            name,
            at: new Date(t.at),
            health: t.health,
            extension_state: t.extensionState ?? null,
            compute_state: t.computeState ?? null,
            error_code: t.error?.code ?? null,
            error_message: t.error?.message ?? null,
            error_remedy: t.error?.remedy ?? null,
          })),
        );
      }
      for (const chunk of chunks(removed)) await tx('compute_status').whereIn('name', chunk).delete();
    });
    this.#writes.count++;
  }

  async recordRefresh(r: RefreshRecord): Promise<void> {
    await this.#db('status_refresh').insert({ started_at: new Date(r.startedAt), finished_at: new Date(r.finishedAt), computes: r.computes, requests: r.requests, error: r.error ?? null });
    const keep = await this.#db('status_refresh').select('id').orderBy('id', 'desc').offset(REFRESH_LOG_KEEP).first();
    if (keep) await this.#db('status_refresh').where('id', '<=', keep.id).delete();
    this.#writes.count++;
  }

  /** The last refresh that succeeded. */
  async lastRefresh(): Promise<RefreshRecord | undefined> {
    const row = await this.#db('status_refresh').whereNull('error').orderBy('id', 'desc').first();
    if (!row) return undefined;
    return { startedAt: toIso(row.started_at), finishedAt: toIso(row.finished_at), computes: Number(row.computes), requests: Number(row.requests) };
  }

  /** Drops transitions older than `before`; returns how many. */
  async pruneHistory(before: Date): Promise<number> {
    return this.#db('compute_status_history').where('at', '<', before).delete();
  }
}
