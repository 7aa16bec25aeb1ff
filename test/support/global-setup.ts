import { randomBytes } from 'node:crypto';
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
  // Secrets of this run only: nothing in the source is a usable key or password.
  process.env.JWT_SECRET = randomBytes(48).toString('base64url');
  process.env.PII_KEY = randomBytes(32).toString('hex');
  process.env.BUS_SIGNING_KEY = randomBytes(48).toString('base64url');
  process.env.DEMO_PASSWORD = `Demo-${randomBytes(9)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
  process.env.DEMO_API_KEY = `cmc_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  process.env.CMC_TEST_PID_DIR = mkdtempSync(path.join(tmpdir(), `cmc-test-${runId}-`));
}
