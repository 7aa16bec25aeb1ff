import { Pool } from 'pg';
import { call, LoadResult, runLoad } from '../lib/load';
import { alternatingRounds, ratioOf, roundsSettings, SMOKE } from '../lib/rounds';
import { demoPassword } from '../lib/secrets';
import { requireRunningSystem } from '../lib/system';
import { startBarePipeline } from './bare-pipeline';
import { startStackFloor } from './stack-floor';

/**
 * bench/referrals — run against the started system (README: Benchmarks):
 *  (a) create → hold → accept through the gateway at BENCH_CONNECTIONS connections, beside the
 *      bare HTTP→NATS→PostgreSQL pipeline started in this process and the stack floor (Nest
 *      edge → our bus → Nest service → one TypeORM INSERT, in two child processes; see
 *      stack-floor.ts), BENCH_SECONDS a side over BENCH_ROUNDS rounds in rotating order; each
 *      round's figures and the median ratios;
 *  (b) 500 concurrent holds on 50 single-place slots: exactly 50 win, the rest get 409,
 *      and the database shows no over-booking.
 * Prints one JSON document.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3000';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cmc';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SETTINGS = roundsSettings(10);
const CONNECTIONS = SMOKE ? 4 : Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_MS = SETTINGS.seconds * 1000;
const WARMUP_MS = SMOKE ? 500 : Number(process.env.BENCH_WARMUP_SECONDS ?? 3) * 1000;
const api = (path: string) => `${BASE}/api/v1${path}`;

async function token(username: string): Promise<string> {
  const res = await call(
    api('/auth/token'),
    { method: 'POST', body: { username, password: demoPassword() } },
    [200],
  );
  return res.body.accessToken;
}

/** A local date (Asia/Shanghai) some days ahead, different on every run so runs never collide. */
function benchDay(): string {
  const ahead = 30 + Math.floor(Math.random() * 300);
  return new Date(Date.now() + 8 * 3600_000 + ahead * 86_400_000).toISOString().slice(0, 10);
}

/** (a): the flow beside both references, started here and stopped whatever happens. */
async function throughputRounds(flow: (ms: number) => Promise<LoadResult>, body: object) {
  const bare = await startBarePipeline(NATS_URL, DATABASE_URL, `bench.bare.${process.pid}`);
  let floor: Awaited<ReturnType<typeof startStackFloor>> | undefined;
  try {
    floor = await startStackFloor(NATS_URL, DATABASE_URL);
    const posting = (url: string) => (ms: number) =>
      runLoad(CONNECTIONS, ms, async (timed) => {
        await timed(() => call(url, { method: 'POST', body }, [201]));
      });
    const barePipeline = posting(bare.url);
    const stackFloor = posting(floor.url);
    // Untimed warm-up of every side (JIT, pools, caches), then the rounds in rotating order.
    await flow(WARMUP_MS);
    await barePipeline(WARMUP_MS);
    await stackFloor(WARMUP_MS);
    const perSecond = (s: Record<string, LoadResult>, a: string, b: string) =>
      ratioOf(s[a].requestsPerSecond, s[b].requestsPerSecond);
    return await alternatingRounds<LoadResult>(
      SETTINGS,
      {
        gateway: () => flow(DURATION_MS),
        barePipeline: () => barePipeline(DURATION_MS),
        stackFloor: () => stackFloor(DURATION_MS),
      },
      [
        { name: 'gateway/barePipeline', value: (s) => perSecond(s, 'gateway', 'barePipeline') },
        { name: 'gateway/stackFloor', value: (s) => perSecond(s, 'gateway', 'stackFloor') },
        {
          name: 'stackFloor/barePipeline',
          value: (s) => perSecond(s, 'stackFloor', 'barePipeline'),
        },
      ],
    );
  } finally {
    await Promise.all([bare.stop(), floor?.stop()]);
  }
}

async function main(): Promise<void> {
  await requireRunningSystem();
  const [sender, receiver] = await Promise.all([token('pj.coord'), token('rm.coord')]);
  const institutions = (await call(api('/institutions'), { token: sender })).body;
  const lead = institutions.find((i: { type: string }) => i.type === 'LEAD_HOSPITAL').id;
  const departments = (await call(api(`/institutions/${lead}/departments`), { token: receiver }))
    .body;
  const cardiology = departments.find((d: { code: string }) => d.code === 'CARD').id;
  const residentId = '500228198506151239';
  const patient = (
    await call(api('/patients'), {
      method: 'POST',
      token: sender,
      body: { residentId, name: '压测患者' },
    })
  ).body;
  const referral = {
    direction: 'UP',
    toInstitutionId: lead,
    patientId: patient.id,
    diagnoses: ['I20.0'],
    reason: 'benchmark',
    urgency: 'ROUTINE',
  };
  const day = benchDay();
  const publish = async (time: string, referralCapacity: number, generalCapacity: number) => {
    const res = await call(api('/capacity/slots'), {
      method: 'POST',
      token: receiver,
      body: {
        departmentId: cardiology,
        slots: [
          {
            startsAt: `${day}T${time}:00+08:00`,
            endsAt: `${day}T${time}:59+08:00`,
            capacity: referralCapacity,
            pool: 'REFERRAL',
          },
          {
            startsAt: `${day}T${time}:00+08:00`,
            endsAt: `${day}T${time}:59+08:00`,
            capacity: generalCapacity,
            pool: 'GENERAL',
          },
        ],
      },
    });
    return res.body.slots.find((s: { pool: string }) => s.pool === 'REFERRAL').id as string;
  };

  // (a) throughput: enough REFERRAL places (40 slots of 500) that holds never run out.
  const bigSlots: string[] = [];
  for (let i = 0; i < 40; i++)
    bigSlots.push(await publish(`07:${String(i).padStart(2, '0')}`, 500, 1000));
  let next = 0;
  const flow = (ms: number) =>
    runLoad(CONNECTIONS, ms, async (timed) => {
      const bigSlot = bigSlots[next++ % bigSlots.length];
      const created = await timed(() =>
        call(api('/referrals'), { method: 'POST', token: sender, body: referral }, [201]),
      );
      await timed(() =>
        call(
          api(`/referrals/${created.body.id}/hold`),
          { method: 'POST', token: sender, body: { kind: 'SLOT', slotId: bigSlot } },
          [200],
        ),
      );
      await timed(() =>
        call(
          api(`/referrals/${created.body.id}/accept`),
          { method: 'POST', token: receiver, body: {} },
          [200],
        ),
      );
    });
  const rounds = await throughputRounds(flow, referral);

  // (b) contention: 500 referrals race for 50 slots of one place each.
  const slots: string[] = [];
  for (let i = 0; i < 50; i++)
    slots.push(
      await publish(
        `${String(10 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`,
        1,
        2,
      ),
    );
  const referrals: string[] = [];
  for (let i = 0; i < 500; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(api('/referrals'), { method: 'POST', token: sender, body: referral }, [201]),
      ),
    );
    referrals.push(...batch.map((r) => r.body.id));
  }
  const statuses = await Promise.all(
    referrals.map((id, i) =>
      call(
        api(`/referrals/${id}/hold`),
        { method: 'POST', token: sender, body: { kind: 'SLOT', slotId: slots[i % 50] } },
        [200, 409],
      ).then((r) => r.status),
    ),
  );
  const db = new Pool({ connectionString: DATABASE_URL, max: 2 });
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE held + booked > capacity)::int AS overbooked, sum(held + booked)::int AS taken,
            (SELECT count(*)::int FROM referral.reservations WHERE slot_id = ANY($1) AND status IN ('HELD', 'BOOKED')) AS active
       FROM referral.slots WHERE id = ANY($1)`,
    [slots],
  );
  await db.end();

  const ratio = rounds.medianRatios['gateway/barePipeline'];
  const p99s = rounds.rounds.map((r) => r.sides.gateway.latencyMs.p99);
  const medianP99 = [...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)];
  const errors = rounds.rounds.reduce(
    (n, r) => n + Object.values(r.sides).reduce((m, side) => m + side.errors, 0),
    0,
  );
  const result = {
    benchmark: 'referrals',
    at: new Date().toISOString(),
    smoke: SMOKE,
    settings: { ...SETTINGS, connections: CONNECTIONS, warmupSecondsEachSide: WARMUP_MS / 1000 },
    throughput: {
      gateway: {
        requestsPerIteration: 3,
        flow: 'POST /referrals → POST /referrals/:id/hold → POST /referrals/:id/accept',
      },
      barePipeline: { flow: 'HTTP → NATS request/reply → PostgreSQL INSERT' },
      stackFloor: {
        flow: 'Nest/Express → BusClient (signed actor) → Nest microservice (BusTransport, replay guard) → TypeORM INSERT',
      },
      ...rounds,
      medianGatewayP99Ms: medianP99,
      errors,
      target: { minRatio: 0.5, maxP99Ms: 100 },
      met: ratio >= 0.5 && medianP99 < 100 && errors === 0,
    },
    contention: {
      holds: statuses.length,
      slots: 50,
      succeeded: statuses.filter((s) => s === 200).length,
      conflicts: statuses.filter((s) => s === 409).length,
      overbookedSlots: rows[0].overbooked,
      placesTaken: rows[0].taken,
      activeReservations: rows[0].active,
      correct:
        statuses.filter((s) => s === 200).length === 50 &&
        rows[0].overbooked === 0 &&
        rows[0].taken === 50,
    },
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error('benchmark failed:', error);
  process.exit(1);
});
