import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { assertTestDatabase } from '../../libs/shared/src/database/data-source';
import { testEnv } from '../support/test-env';

const MIGRATE = path.resolve(__dirname, '../../dist/scripts/migrate.js');

function runMigrate(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MIGRATE], {
      env: { ...process.env, DATABASE_URL: url },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Several replicas start at once: each migration must be applied exactly once. */
describe('npm run migrate under concurrency', () => {
  const base = new URL(testEnv().DATABASE_URL);
  const dbName = `${base.pathname.slice(1)}_mig`;
  const url = new URL(base.toString());
  url.pathname = `/${dbName}`;
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';

  beforeAll(async () => {
    assertTestDatabase(url.toString());
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
  });

  afterAll(async () => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  });

  it('applies every schema once when three migrators race, and is a no-op afterwards', async () => {
    const runs = await Promise.all([
      runMigrate(url.toString()),
      runMigrate(url.toString()),
      runMigrate(url.toString()),
    ]);
    for (const r of runs) expect(r).toMatchObject({ code: 0 });
    const applied = runs.flatMap((r) => r.out.split('\n').filter((l) => l.includes('applied')));
    expect(applied).toHaveLength(3); // one line per schema, from whichever migrator got the lock first
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    try {
      for (const schema of ['gateway', 'referral', 'diagnosis']) {
        const { rows } = await c.query(`SELECT name FROM "${schema}".migrations`);
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
      }
    } finally {
      await c.end();
    }
    const again = await runMigrate(url.toString());
    expect(again.out).toMatch(/gateway: up to date/);
  });
});
