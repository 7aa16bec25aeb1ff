import { Pool } from 'pg';
import { call, runLoad } from '../lib/load';
import { demoPassword } from '../lib/secrets';
import { requireRunningSystem } from '../lib/system';
import { startBarePipeline } from './bare-pipeline';

/**
 * bench/referrals — run against the started system (README: Benchmarks):
 *  (a) create → hold → accept through the gateway at 64 connections, beside the bare
 *      HTTP→NATS→PostgreSQL pipeline in the same run; reports the ratio;
 *  (b) 500 concurrent holds on 50 single-place slots: exactly 50 win, the rest get 409,
 *      and the database shows no over-booking.
 * Prints one JSON document.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3000';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cmc';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 15) * 1000;
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
  const gateway = await runLoad(CONNECTIONS, DURATION_MS, async (timed) => {
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
  const bare = await startBarePipeline(NATS_URL, DATABASE_URL, `bench.bare.${process.pid}`);
  const baseline = await runLoad(CONNECTIONS, DURATION_MS, async (timed) => {
    await timed(() => call(bare.url, { method: 'POST', body: referral }, [201]));
  });
  await bare.stop();

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

  const ratio =
    baseline.requestsPerSecond > 0 ? gateway.requestsPerSecond / baseline.requestsPerSecond : 0;
  const result = {
    benchmark: 'referrals',
    at: new Date().toISOString(),
    connections: CONNECTIONS,
    secondsPerRun: DURATION_MS / 1000,
    throughput: {
      gateway: {
        ...gateway,
        requestsPerIteration: 3,
        flow: 'POST /referrals → POST /referrals/:id/hold → POST /referrals/:id/accept',
      },
      barePipeline: { ...baseline, flow: 'HTTP → NATS request/reply → PostgreSQL INSERT' },
      ratio: Math.round(ratio * 1000) / 1000,
      target: { minRatio: 1 / 3, maxP99Ms: 100 },
      meetsTarget: ratio >= 1 / 3 && gateway.latencyMs.p99 < 100,
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
