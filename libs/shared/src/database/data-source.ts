import { DataSource, MixedList, EntitySchema } from 'typeorm';

export interface AppDataSourceOptions {
  url: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName: string;
}

/** One schema per app; the schema is the app's, and nothing else writes into it. */
export function createAppDataSource(opts: AppDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities ?? [],
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: opts.applicationName,
    extra: { max: opts.poolSize ?? 10 },
  });
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several replicas starting
 * at once apply each migration exactly once; the others wait, then find nothing to do.
 */
export async function migrateWithLock(ds: DataSource, schema: string): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`cmc-migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`cmc-migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Tests wipe what they touch: refuse any database that is not plainly a test database. */
export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!/test/i.test(name)) {
    throw new Error(
      `Refusing to run tests against database "${name}": its name must contain "test"`,
    );
  }
}

interface Queryable {
  query(sql: string, args?: unknown[]): Promise<unknown>;
}

/**
 * TypeORM answers UPDATE/DELETE … RETURNING with `[rows, affected]` but SELECT/INSERT with
 * `rows`; this always gives the rows, so a guard like `UPDATE … WHERE held < capacity
 * RETURNING id` can be tested with `.length`.
 */
export async function rowsOf<T = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  args: unknown[] = [],
): Promise<T[]> {
  const result = await db.query(sql, args);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
