import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { assertTestDatabase, databaseNameOf } from '../../libs/shared/src/database/data-source';
import { deleteStreams } from '../../libs/shared/src/events/stream';

/** Leaves nothing behind: the run's database, JetStream streams and Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const pidDir = process.env.CMC_TEST_PID_DIR;
  if (pidDir && existsSync(pidDir)) {
    for (const pid of readdirSync(pidDir)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(pidDir, { recursive: true, force: true });
  }
  const url = process.env.CMC_TEST_DATABASE_URL;
  const prefix = process.env.CMC_TEST_BUS_PREFIX;
  const redisPrefix = process.env.CMC_TEST_REDIS_PREFIX;
  if (url) {
    assertTestDatabase(url);
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${databaseNameOf(url)}" WITH (FORCE)`);
    await client.end();
  }
  if (prefix) {
    rmSync(path.join(tmpdir(), `cmc-blobs-${prefix}`), { recursive: true, force: true });
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    await deleteStreams(nc, prefix);
    await nc.close();
  }
  if (redisPrefix) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}
