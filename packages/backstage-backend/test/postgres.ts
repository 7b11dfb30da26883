// A real PostgreSQL server for the database tests, set up by the project's own script
// (scripts/postgres.sh: Debian package, cluster start, test role). Outside CI a machine that cannot
// run it skips the PostgreSQL cases with a visible warning; in CI (CI=true) that is an error.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/postgres.sh', import.meta.url));

export const inCi = (): boolean => /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** The TestDatabases id of the server (`POSTGRES_15`), its connection string exported for TestDatabases. */
export function ensurePostgres(): `POSTGRES_${number}` | undefined {
  const existing = Object.keys(process.env).find((k) => /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k) && process.env[k]);
  if (existing) return `POSTGRES_${Number(/POSTGRES(\d+)/.exec(existing)![1])}`;
  try {
    const out = execFileSync('bash', [SCRIPT, '--env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    const m = /^export (BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING)=(\S+)$/m.exec(out);
    if (!m) throw new Error(`unexpected output of scripts/postgres.sh: ${out}`);
    process.env[m[1]!] = m[3]!;
    return `POSTGRES_${Number(m[2])}`;
  } catch (err) {
    const message = `PostgreSQL could not be set up by scripts/postgres.sh: ${(err as { stderr?: string }).stderr || (err as Error).message}`;
    if (inCi()) throw new Error(message);
    console.warn(`${message}\nThe PostgreSQL cases are skipped on this machine (they run in CI).`);
    return undefined;
  }
}
