import { fork, ChildProcess } from 'node:child_process';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import {
  createAppDataSource,
  ensureStreams,
  outboxTablesSql,
  streamNames,
  writeOutbox,
} from '../../libs/shared/src';
import { jetstream } from '@nats-io/jetstream';
import { encodeJson } from '../../libs/shared/src/bus/wire';
import { eventually } from '../support/api';
import { testEnv } from '../support/test-env';

const DRILL = path.resolve(__dirname, '../support/outbox-drill.js');
const N = 1500;

/**
 * The "nothing lost, nothing twice" drill: the relay and the consumer are real processes
 * that we SIGKILL mid-stream and restart; every event must take effect exactly once.
 */
describe('outbox → JetStream → consumer under crashes', () => {
  const env = testEnv();
  const schema = `drill_${env.BUS_PREFIX}`;
  const prefix = `${env.BUS_PREFIX}drill`;
  let ds: DataSource;
  let nc: NatsConnection;
  const children: ChildProcess[] = [];

  const spawnDrill = (mode: 'relay' | 'consume', extra: Record<string, string> = {}) => {
    const child = fork(DRILL, [mode], {
      env: {
        ...process.env,
        DRILL_DB: env.DATABASE_URL,
        DRILL_SCHEMA: schema,
        DRILL_PREFIX: prefix,
        DRILL_DURABLE: 'drill',
        ...extra,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise<ChildProcess>((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`drill ${mode} exited ${code}`)));
    });
  };
  const kill = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  const scalar = async (sql: string): Promise<number> => Number((await ds.query(sql))[0].v);

  beforeAll(async () => {
    ds = createAppDataSource({
      url: env.DATABASE_URL,
      schema,
      migrations: [],
      applicationName: 'drill-test',
    });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of outboxTablesSql(schema)) await ds.query(sql);
    await ds.query(
      `CREATE TABLE "${schema}".effects (n integer PRIMARY KEY, applied integer NOT NULL DEFAULT 0)`,
    );
    await ds.query(
      `CREATE TABLE "${schema}".attempts (n integer PRIMARY KEY, attempts integer NOT NULL)`,
    );
    nc = await connect({ servers: env.NATS_URL });
    await ensureStreams(nc, prefix);
    // Business rows and their events commit together, in batches of 100 per transaction.
    for (let start = 0; start < N; start += 100) {
      await ds.transaction(async (m) => {
        for (let n = start; n < start + 100; n++) {
          await m.query(`INSERT INTO "${schema}".effects (n) VALUES ($1)`, [n]);
          await writeOutbox(m, schema, {
            type: 'test.tick',
            aggregateType: 'tick',
            aggregateId: String(n),
            payload: { n },
          });
        }
      });
    }
  });

  afterAll(async () => {
    await Promise.all(children.map(kill));
    const jsm = await jetstreamManager(nc);
    for (const name of [streamNames(prefix).events, streamNames(prefix).deadLetters])
      await jsm.streams.delete(name).catch(() => undefined);
    await nc.close();
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('refuses to write an event outside a transaction', async () => {
    await expect(
      writeOutbox(ds.manager, schema, {
        type: 'test.tick',
        aggregateType: 'tick',
        aggregateId: 'x',
        payload: { n: -1 },
      }),
    ).rejects.toThrow(/inside a transaction/);
  });

  it('handles every event exactly once in effect across relay and consumer kills', async () => {
    // Small, paced batches (5 events, 10 ms apart: 300 batches, seconds in all): the relay is
    // still publishing when it is killed, which the assertion below checks.
    const relay = await spawnDrill('relay', { DRILL_BATCH: '5', DRILL_PACE_MS: '10' });
    const consumer = await spawnDrill('consume', { DRILL_DELAY_MS: '2', DRILL_FAIL_FIRST: '2' });
    const published = () =>
      scalar(`SELECT count(*) v FROM "${schema}".outbox WHERE published_at IS NOT NULL`);

    await eventually('some events published', async () => (await published()) >= 300, 60_000);
    await kill(relay);
    // Killed mid-stream, as the consumer below: some events published, not all of them.
    const publishedAtKill = await published();
    expect(publishedAtKill).toBeGreaterThanOrEqual(300);
    expect(publishedAtKill).toBeLessThan(N);
    await eventually(
      'some events applied',
      async () =>
        (await scalar(`SELECT count(*) v FROM "${schema}".effects WHERE applied > 0`)) >= 150,
      60_000,
    );
    await kill(consumer);
    const appliedAtKill = await scalar(
      `SELECT count(*) v FROM "${schema}".effects WHERE applied > 0`,
    );
    expect(appliedAtKill).toBeLessThan(N);

    // Restarted processes pick up where the killed ones left off (afterAll stops them).
    await spawnDrill('relay');
    await spawnDrill('consume', { DRILL_DELAY_MS: '0', DRILL_FAIL_FIRST: '2' });
    await eventually(
      'all events applied',
      async () =>
        (await scalar(`SELECT count(*) v FROM "${schema}".effects WHERE applied > 0`)) === N,
      120_000,
    );

    // Force the duplicates a crash can cause: republish 200 rows (the relay "forgot" it sent
    // them) and push one copy past JetStream's dedupe with a new message id.
    await ds.query(
      `UPDATE "${schema}".outbox SET published_at = NULL WHERE seq IN (SELECT seq FROM "${schema}".outbox ORDER BY seq LIMIT 200)`,
    );
    await eventually(
      'republished',
      async () =>
        (await scalar(`SELECT count(*) v FROM "${schema}".outbox WHERE published_at IS NULL`)) ===
        0,
      60_000,
    );
    const [row] = await ds.query(
      `SELECT id, occurred_at FROM "${schema}".outbox ORDER BY seq LIMIT 1`,
    );
    await jetstream(nc).publish(
      streamNames(prefix).eventSubject('test.tick'),
      encodeJson({
        id: row.id,
        type: 'test.tick',
        occurredAt: new Date().toISOString(),
        aggregateType: 'tick',
        aggregateId: '0',
        communityId: null,
        correlationId: null,
        payload: { n: 0 },
      }),
      { msgID: `forced-duplicate-${row.id}` },
    );
    const jsm = await jetstreamManager(nc);
    await eventually(
      'consumer drained',
      async () => {
        const info = await jsm.consumers.info(streamNames(prefix).events, 'drill');
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      60_000,
    );

    const stream = await jsm.streams.info(streamNames(prefix).events);
    expect(stream.state.messages).toBe(N + 1); // the 200 republished were deduplicated by event id
    expect(await scalar(`SELECT count(*) v FROM "${schema}".effects WHERE applied <> 1`)).toBe(0);
    expect(await scalar(`SELECT count(*) v FROM "${schema}".inbox`)).toBe(N);
    // Events that failed twice were retried (with backoff) and applied once.
    expect(
      await scalar(`SELECT count(*) v FROM "${schema}".attempts WHERE attempts >= 3`),
    ).toBeGreaterThan(0);
  });

  it('moves an event that keeps failing to the dead-letter stream', async () => {
    await ds.transaction((m) =>
      writeOutbox(m, schema, {
        type: 'test.tick',
        aggregateType: 'tick',
        aggregateId: 'poison',
        payload: { n: -7, poison: true },
      }),
    );
    const jsm = await jetstreamManager(nc);
    await eventually(
      'dead letter',
      async () => (await jsm.streams.info(streamNames(prefix).deadLetters)).state.messages === 1,
      30_000,
    );
    const msg = await jsm.streams.getMessage(streamNames(prefix).deadLetters, { seq: 1 });
    const record = msg!.json<{
      consumer: string;
      reason: string;
      envelope: { payload: { n: number } };
    }>();
    expect(record).toMatchObject({ consumer: 'drill', envelope: { payload: { n: -7 } } });
    expect(record.reason).toContain('poison');
    expect(
      await scalar(`SELECT count(*) v FROM "${schema}".inbox WHERE event_type = 'test.tick'`),
    ).toBe(N);
  });
});
