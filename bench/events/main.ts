import { connect, NatsConnection } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import {
  createAppDataSource,
  deleteStreams,
  ensureStreams,
  OutboxRelay,
  outboxTablesSql,
  streamNames,
  writeOutbox,
} from '@app/shared';
import { percentiles, round } from '../lib/load';
import { alternatingRounds, ratioOf, roundsSettings, SMOKE } from '../lib/rounds';

/**
 * bench/events — how long an event waits between its transaction's commit and JetStream:
 * the relay as it was (a 200 ms poll) beside the relay as it is (woken right after the commit,
 * ADR 0016, with a 1 s safety-net poll), in the same run, against this machine's PostgreSQL and
 * NATS. Each side writes BENCH_EVENTS events (enough for BENCH_SECONDS) one transaction at a
 * time, BENCH_GAP_MS apart, over BENCH_ROUNDS rounds in rotating order.
 * Prints one JSON document.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cmc';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SETTINGS = roundsSettings(10);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 25);
/** Enough events to fill BENCH_SECONDS at one per BENCH_GAP_MS, unless BENCH_EVENTS says. */
const EVENTS = SMOKE
  ? 20
  : Number(process.env.BENCH_EVENTS ?? Math.ceil((SETTINGS.seconds * 1000) / GAP_MS));
const log = pino({ level: 'silent' });

async function side(
  ds: DataSource,
  nc: NatsConnection,
  schema: string,
  prefix: string,
  relayOptions: { pollMs: number; wakeOnCommit: boolean },
) {
  const relay = new OutboxRelay(ds, nc, { schema, prefix, ...relayOptions }, log);
  const arrived = new Map<string, number>();
  const sub = nc.subscribe(streamNames(prefix).eventSubject('study.received'), {
    callback: (_err, msg) => {
      arrived.set((msg.json() as { id: string }).id, performance.now());
    },
  });
  relay.start();
  await new Promise((r) => setTimeout(r, 500)); // the first poll past
  const committed = new Map<string, number>();
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const studyId = randomUUID();
    const id = await ds.transaction((m) =>
      writeOutbox(m, schema, {
        type: 'study.received',
        aggregateType: 'study',
        aggregateId: studyId,
        payload: { studyId },
      }),
    );
    committed.set(id, performance.now());
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const deadline = Date.now() + 10_000;
  while (arrived.size < EVENTS && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const seconds = round((performance.now() - started) / 1000);
  await relay.stop();
  sub.unsubscribe();
  const latencies = [...committed].flatMap(([id, t]) =>
    arrived.has(id) ? [arrived.get(id)! - t] : [],
  );
  return {
    relay: relayOptions.wakeOnCommit
      ? 'woken after commit + 1 s poll'
      : `${relayOptions.pollMs} ms poll`,
    events: EVENTS,
    arrived: latencies.length,
    seconds,
    commitToJetStreamMs: percentiles(latencies),
  };
}

async function main(): Promise<void> {
  const run = randomBytes(4).toString('hex');
  const schema = `bench_events_${run}`;
  const prefix = `benchev${run}`;
  const ds = createAppDataSource({
    url: DATABASE_URL,
    schema,
    migrations: [],
    applicationName: 'bench-events',
  });
  await ds.initialize();
  const nc = await connect({ servers: NATS_URL });
  try {
    await ds.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of outboxTablesSql(schema)) await ds.query(sql);
    await ensureStreams(nc, prefix);
    type Side = Awaited<ReturnType<typeof side>>;
    const rounds = await alternatingRounds<Side>(
      SETTINGS,
      {
        reference: () => side(ds, nc, schema, prefix, { pollMs: 200, wakeOnCommit: false }),
        project: () => side(ds, nc, schema, prefix, { pollMs: 1000, wakeOnCommit: true }),
      },
      (['p50', 'p99'] as const).map((q) => ({
        name: `reference${q}/project${q}`,
        value: (x: Record<string, Side>) =>
          ratioOf(x.reference.commitToJetStreamMs[q], x.project.commitToJetStreamMs[q]),
      })),
    );
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'events',
          machine: { node: process.version },
          smoke: SMOKE,
          settings: { ...SETTINGS, eventsPerSide: EVENTS, gapMs: GAP_MS },
          ...rounds,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await deleteStreams(nc, prefix);
    await nc.close();
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
