import { rmSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { assertTestDatabase, databaseNameOf } from '../../libs/shared/src/database/data-source';
import { deleteStreams } from '../../libs/shared/src/events/stream';
import { blobDir } from './system';
import { testEnv } from './test-env';

const KEYS = ['CMC_TEST_DATABASE_URL', 'CMC_TEST_BUS_PREFIX', 'CMC_TEST_REDIS_PREFIX'] as const;

/**
 * A suite whose writes must not reach the other suites (the fuzzer changes the community policy
 * and publishes capacity at random) gets a database, NATS prefix, Redis prefix and blob folder of
 * its own for the rest of the file, and removes them afterwards.
 */
export async function isolatedRun(name: string): Promise<{ cleanup: () => Promise<void> }> {
  if (!/^[a-z0-9]+$/.test(name)) throw new Error('isolated run names are [a-z0-9]+');
  const base = testEnv();
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${databaseNameOf(base.DATABASE_URL)}_${name}`;
  assertTestDatabase(url.toString());
  const admin = new URL(base.DATABASE_URL);
  admin.pathname = '/postgres';
  const run = async (statement: string) => {
    const db = new Client({ connectionString: admin.toString() });
    await db.connect();
    try {
      await db.query(statement);
    } finally {
      await db.end();
    }
  };
  const database = databaseNameOf(url.toString());
  await run(`CREATE DATABASE "${database}"`);
  process.env.CMC_TEST_DATABASE_URL = url.toString();
  process.env.CMC_TEST_BUS_PREFIX = `${base.BUS_PREFIX}${name}`;
  process.env.CMC_TEST_REDIS_PREFIX = `${base.REDIS_PREFIX}:${name}`; // the run's teardown clears it
  const prefix = process.env.CMC_TEST_BUS_PREFIX;
  const blobs = blobDir();
  return {
    cleanup: async () => {
      for (const k of KEYS) process.env[k] = saved[k];
      await run(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      const nc = await connect({ servers: base.NATS_URL });
      await deleteStreams(nc, prefix);
      await nc.close();
      rmSync(blobs, { recursive: true, force: true });
    },
  };
}
