import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  createAppDataSource,
  deleteStreams,
  ensureStreams,
  EventConsumer,
  OutboxRelay,
  outboxTablesSql,
  platformMetrics,
  streamNames,
  writeOutbox,
} from '../../libs/shared/src';
import { encodeJson } from '../../libs/shared/src/bus/wire';
import { testEnv } from '../support/test-env';

const log = pino({ level: 'silent' });

/**
 * Issue 9, events: the relay publishes right after a commit (ADR 0016), never for a
 * rollback; it prunes what is old; and the event metrics say what a person needs to know.
 */
describe('outbox relay: publish on commit, prune, metrics', () => {
  const env = testEnv();
  const schema = `relay_${env.BUS_PREFIX}`;
  const prefix = `${env.BUS_PREFIX}relay`;
  let ds: DataSource;
  let nc: NatsConnection;
  let relay: OutboxRelay;

  const event = (studyId = randomUUID()) => ({
    type: 'study.received' as const,
    aggregateType: 'study',
    aggregateId: studyId,
    payload: { studyId },
  });
  const received = (subject: string) => {
    const got: { id: string; at: number }[] = [];
    nc.subscribe(subject, {
      callback: (_e, m) => {
        got.push({ id: (m.json() as { id: string }).id, at: performance.now() });
      },
    });
    return got;
  };

  beforeAll(async () => {
    ds = createAppDataSource({
      url: env.DATABASE_URL,
      schema,
      migrations: [],
      applicationName: 'relay-test',
    });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of outboxTablesSql(schema)) await ds.query(sql);
    nc = await connect({ servers: env.NATS_URL });
    await ensureStreams(nc, prefix);
    // A poll of ten minutes: only the commit wake-up can make an event leave sooner.
    relay = new OutboxRelay(ds, nc, { schema, prefix, pollMs: 600_000, retentionHours: 168 }, log);
    relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await deleteStreams(nc, prefix);
    await nc?.close();
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  it('publishes an event as soon as its transaction commits, long before the next poll', async () => {
    const got = received(streamNames(prefix).eventSubject('study.received'));
    await nc.flush();
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const committed = await ds.transaction(async (m) => {
        const id = await writeOutbox(m, schema, event());
        return { id };
      });
      const t0 = performance.now();
      const deadline = Date.now() + 10_000;
      while (!got.some((g) => g.id === committed.id) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 2));
      const hit = got.find((g) => g.id === committed.id);
      expect(hit).toBeDefined();
      latencies.push(hit!.at - t0);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `commit → JetStream, 20 events: median ${latencies[10].toFixed(1)} ms, max ${latencies[19].toFixed(1)} ms (poll 600 s)`,
    );
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const got = received(streamNames(prefix).eventSubject('study.received'));
    await nc.flush();
    const studyId = randomUUID();
    await expect(
      ds.transaction(async (m) => {
        await writeOutbox(m, schema, event(studyId));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await new Promise((r) => setTimeout(r, 500));
    expect(got).toEqual([]);
    expect(
      await ds.query(`SELECT 1 FROM "${schema}".outbox WHERE aggregate_id = $1`, [studyId]),
    ).toEqual([]);
  });

  it('prunes published events and handled inbox rows past the retention, keeps the rest', async () => {
    const old = randomUUID();
    const fresh = randomUUID();
    const waiting = randomUUID();
    await ds.query(
      `INSERT INTO "${schema}".outbox (id, type, aggregate_type, aggregate_id, payload, published_at) VALUES
         ($1, 'study.received', 'study', 'x', '{}', now() - interval '200 hours'),
         ($2, 'study.received', 'study', 'x', '{}', now() - interval '1 hour'),
         ($3, 'study.received', 'study', 'x', '{}', NULL)`,
      [old, fresh, waiting],
    );
    await ds.query(
      `UPDATE "${schema}".outbox SET occurred_at = now() - interval '300 hours' WHERE id = $1`,
      [waiting],
    );
    await ds.query(
      `INSERT INTO "${schema}".inbox (consumer, event_id, event_type, handled_at) VALUES
         ('c', $1, 't', now() - interval '200 hours'), ('c', $2, 't', now())`,
      [old, fresh],
    );
    await relay.stop(); // so `waiting` stays unpublished for the lag check below
    const pruned = await relay.prune();
    expect(pruned).toEqual({ outbox: 1, inbox: 1 });
    const ids = (await ds.query(`SELECT id FROM "${schema}".outbox`)).map(
      (r: { id: string }) => r.id,
    );
    expect(ids).not.toContain(old);
    expect(ids).toEqual(expect.arrayContaining([fresh, waiting]));
    expect(await ds.query(`SELECT event_id FROM "${schema}".inbox`)).toEqual([{ event_id: fresh }]);
  });

  it('reports outbox lag, dead letters and redeliveries', async () => {
    const registry = new Registry();
    const metrics = platformMetrics(registry, { ds, schema, nc, prefix });
    await jetstream(nc).publish(streamNames(prefix).deadLetterSubject('test'), encodeJson({}), {
      msgID: randomUUID(),
    });
    // A consumer whose handler fails once: its second delivery is a redelivery.
    let calls = 0;
    const consumer = new EventConsumer(
      nc,
      ds,
      {
        durable: 'metrics-test',
        schema,
        prefix,
        filterSubject: streamNames(prefix).eventSubject('metrics.probe'),
        backoffMs: () => 50,
        redeliveries: metrics.redeliveries,
      },
      async () => {
        if (++calls === 1) throw new Error('first attempt fails');
      },
      log,
    );
    await consumer.start();
    await jetstream(nc).publish(
      streamNames(prefix).eventSubject('metrics.probe'),
      encodeJson({
        id: randomUUID(),
        type: 'study.received',
        occurredAt: new Date().toISOString(),
        aggregateType: 'study',
        aggregateId: 'x',
        communityId: null,
        correlationId: null,
        payload: {},
      }),
    );
    const deadline = Date.now() + 15_000;
    while (calls < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.stop();
    const text = await registry.metrics();
    const value = (name: string) =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('cmc_outbox_lag_seconds')).toBeGreaterThan(299 * 3600); // `waiting`, 300 h old
    expect(value('cmc_dlq_messages')).toBe(1);
    expect(value('cmc_event_redeliveries_total')).toBeGreaterThanOrEqual(1);
  });
});
