import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { assertTestDatabase } from '../../libs/shared/src/database/data-source';
import { newRunId } from './test-env';

/** Creates this run's database; the name always contains "test" and tests check it again. */
export default async function globalSetup(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const runId = newRunId();
  const dbName = `cmc_test_${runId}`;
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();
  const url = new URL(base.toString());
  url.pathname = `/${dbName}`;
  assertTestDatabase(url.toString());
  process.env.CMC_TEST_DATABASE_URL = url.toString();
  process.env.CMC_TEST_BUS_PREFIX = `t${runId}`;
  process.env.CMC_TEST_REDIS_PREFIX = `cmctest:${runId}`;
  process.env.NODE_ENV = 'test';
  process.env.CMC_TEST_PID_DIR = mkdtempSync(path.join(tmpdir(), `cmc-test-${runId}-`));
}
