import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { streamNames } from '../../libs/shared/src/events/stream';
import { ctInstance, residentId } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { uploadAs } from '../support/uploads';
import { login, RunningApp, startApp, stopApp } from '../support/system';
import { testEnv } from '../support/test-env';
import { OVERBOOKED_SLOTS, SLOTS_OUT_OF_STEP } from '../support/capacity';

const SECONDS = Number(process.env.DRILL_SECONDS ?? 12);

interface Tally {
  referrals: string[];
  accepted: string[];
  instances: string[];
  requested: string[];
  claims: number;
  statuses: Record<string, number>;
}

/**
 * Issue 9, "two replicas": two of every service and two gateways on one PostgreSQL, NATS and
 * Redis, load through both gateways, and one replica of each service SIGKILLed mid-way. Every
 * 2xx must be there afterwards, no slot over-booked, every event published once and handled once,
 * and the time sweeps (hold expiry, lease expiry) must not fire twice.
 */
describe('two replicas of everything, one of each service killed under load', () => {
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  const apps: RunningApp[] = [];
  let gateways: string[];
  const tally: Tally = {
    referrals: [],
    accepted: [],
    instances: [],
    requested: [],
    claims: 0,
    statuses: {},
  };
  let killed: string[] = [];

  beforeAll(async () => {
    isolation = await isolatedRun('replicas');
    // Short bus timeout: a request caught by a killed replica fails in 3 s, not 10.
    const fast = { SWEEP_INTERVAL_MS: '500', BUS_TIMEOUT_MS: '3000' };
    for (const name of ['referral', 'referral', 'remote-diagnosis', 'remote-diagnosis'] as const)
      apps.push(await startApp(name, fast));
    for (let i = 0; i < 2; i++)
      apps.push(await startApp('gateway', { ...fast, DEMO_DATA: 'true' }));
    gateways = apps.filter((a) => a.name === 'gateway').map((a) => `http://127.0.0.1:${a.port}`);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => stopApp(a)));
    await isolation?.cleanup();
  });

  it(`keeps every answered request through ${SECONDS} s of load with a replica of each service killed`, async () => {
    const [a] = gateways;
    const tokens = Object.fromEntries(
      await Promise.all(
        ['pj.coord', 'pj.doctor', 'rm.coord', 'rm.admin', 'rm.reader'].map(async (u) => [
          u,
          await login(a, u),
        ]),
      ),
    ) as Record<string, string>;
    const api = (user: string, i: number) => new Api(gateways[i % 2], tokens[user]);
    const lead = (await api('pj.coord', 0).get('/api/v1/institutions?type=LEAD_HOSPITAL')).body[0]
      .id as string;
    const departments = (await api('rm.coord', 1).get(`/api/v1/institutions/${lead}/departments`))
      .body as { id: string; code: string }[];
    const cardiology = departments.find((d) => d.code === 'CARD')!.id;
    const imaging = departments.find((d) => d.code === 'IMG')!.id;
    await eventually('both services know the directory', async () => {
      const [r] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM referral.dir_departments WHERE id = $1)::int +
                (SELECT count(*) FROM diagnosis.dir_departments WHERE id = $1)::int AS n`,
        [imaging],
      );
      return r.n === 2;
    });
    // Holds of 3 s and reading leases of 3 s, so both sweeps have work while replicas die.
    expect(
      (
        await api('rm.admin', 0).patch('/api/v1/referral-policy', {
          holdMinutes: 0.05,
          holdUntilResponseDue: false,
        })
      ).status,
    ).toBe(200);
    await sql(
      `INSERT INTO diagnosis.center_settings (center_id, lease_minutes) VALUES ($1, 0.05)
       ON CONFLICT (center_id) DO UPDATE SET lease_minutes = 0.05`,
      [imaging],
    );
    const day = new Date(Date.now() + 8 * 3600_000 + 6 * 86_400_000).toISOString().slice(0, 10);
    const slots = [];
    for (let h = 0; h < 20; h++) {
      const at = (m: number) =>
        `${day}T${String(8 + Math.floor((h * 20 + m) / 60)).padStart(2, '0')}:${String((h * 20 + m) % 60).padStart(2, '0')}:00+08:00`;
      for (const pool of ['REFERRAL', 'GENERAL'])
        slots.push({ startsAt: at(0), endsAt: at(20), capacity: 1, pool });
    }
    const published = await api('rm.coord', 0).post('/api/v1/capacity/slots', {
      departmentId: cardiology,
      slots,
    });
    expect(published.status).toBe(201);
    const slotIds = (published.body.slots as { id: string; pool: string }[])
      .filter((s) => s.pool === 'REFERRAL')
      .map((s) => s.id);
    const patients: string[] = [];
    for (let i = 0; i < 4; i++)
      patients.push(
        (
          await api('pj.doctor', i).post('/api/v1/patients', {
            residentId: residentId('19580808', 80 + i),
            name: `副本${i}`,
          })
        ).body.id,
      );

    const count = (status: number) => (tally.statuses[status] = (tally.statuses[status] ?? 0) + 1);
    const deadline = Date.now() + SECONDS * 1000;
    let n = 0;
    const workers = [
      // referrals holding slots, half of them accepted at once (booked)
      async (i: number) => {
        const res = await api('pj.coord', i).post('/api/v1/referrals', {
          direction: 'UP',
          toInstitutionId: lead,
          patientId: patients[i % patients.length],
          diagnoses: ['I20.0'],
          reason: '副本演练',
          hold: { kind: 'SLOT', slotId: slotIds[i % slotIds.length] },
        });
        count(res.status);
        if (res.status !== 201) return;
        tally.referrals.push(res.body.id);
        if (i % 2) return;
        const accepted = await api('rm.coord', i + 1).post(
          `/api/v1/referrals/${res.body.id}/accept`,
          {},
        );
        count(accepted.status);
        if (accepted.status === 200) tally.accepted.push(res.body.id);
      },
      // uploads with reading requests
      async (i: number) => {
        const up = await uploadAs(
          gateways[i % 2],
          tokens['pj.doctor'],
          ctInstance(`1.2.826.0.1.3680043.10.83.${process.pid}.${++n}`),
        );
        count(up.status);
        if (up.status !== 201) return;
        tally.instances.push(up.body.instanceId);
        const rr = await api('pj.doctor', i + 1).post(
          `/api/v1/studies/${up.body.studyId}/reading-request`,
          { centerId: imaging, clinicalHistory: '演练', question: '演练' },
        );
        count(rr.status);
        if (rr.status === 201) tally.requested.push(up.body.studyId);
      },
      // a reader claiming and walking away: the lease sweep gives the study back
      async (i: number) => {
        const claim = await api('rm.reader', i).post('/api/v1/worklist/claim', {});
        count(claim.status);
        if (claim.body?.study) tally.claims++;
      },
    ];
    const kill = (async () => {
      await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 3));
      for (const name of ['referral', 'remote-diagnosis']) {
        const victim = apps.find((x) => x.name === name)!;
        await stopApp(victim, 'SIGKILL');
        killed.push(`${name} pid ${victim.child.pid}`);
      }
    })();
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = w; Date.now() < deadline; i += 6) {
          try {
            await workers[w % workers.length](i);
          } catch {
            count(0); // a connection error, not an answer
          }
        }
      }),
    );
    await kill;
    killed = [...killed];

    // Let the survivors' sweeps expire holds and leases, and the relays drain the outboxes.
    await eventually(
      'every outbox row published',
      async () => {
        const [r] = await sql<{ n: number }>(
          `SELECT (SELECT count(*) FROM gateway.outbox WHERE published_at IS NULL) +
                  (SELECT count(*) FROM referral.outbox WHERE published_at IS NULL) +
                  (SELECT count(*) FROM diagnosis.outbox WHERE published_at IS NULL) AS n`,
        );
        return Number(r.n) === 0;
      },
      30_000,
    );
    await new Promise((r) => setTimeout(r, 5000));

    console.log(
      `replica drill: killed ${killed.join(', ')}; answers ${JSON.stringify(tally.statuses)}; ` +
        `2xx kept: ${tally.referrals.length} referrals (${tally.accepted.length} accepted), ` +
        `${tally.instances.length} instances, ${tally.requested.length} reading requests, ${tally.claims} claims`,
    );
    expect(killed).toHaveLength(2);
    expect(tally.referrals.length).toBeGreaterThan(5);
    expect(tally.instances.length).toBeGreaterThan(5);

    // 1. Every 2xx is there.
    const found = async (query: string, ids: string[]) =>
      (await sql<{ id: string }>(query, [ids])).map((r) => r.id).sort();
    expect(
      await found(`SELECT id FROM referral.referrals WHERE id = ANY($1)`, tally.referrals),
    ).toEqual([...tally.referrals].sort());
    expect(
      await found(`SELECT id FROM diagnosis.instances WHERE id = ANY($1)`, tally.instances),
    ).toEqual([...tally.instances].sort());
    const accepted = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM referral.transitions WHERE to_status = 'ACCEPTED' AND referral_id = ANY($1)`,
      [tally.accepted],
    );
    expect(accepted[0].n).toBe(tally.accepted.length);
    expect(
      await sql(`SELECT id FROM diagnosis.studies WHERE id = ANY($1) AND requested_at IS NULL`, [
        tally.requested,
      ]),
    ).toEqual([]);

    // 2. No slot over-booked, and the counters agree with the reservations.
    expect(await sql(OVERBOOKED_SLOTS)).toEqual([]);
    expect(await sql(SLOTS_OUT_OF_STEP)).toEqual([]);

    // 3. Each event published once (two relays per schema raced) and handled once.
    const [{ total }] = await sql<{ total: number }>(
      `SELECT ((SELECT count(*) FROM gateway.outbox) + (SELECT count(*) FROM referral.outbox) +
               (SELECT count(*) FROM diagnosis.outbox))::int AS total`,
    );
    const nc = await connect({ servers: testEnv().NATS_URL });
    const info = await (
      await jetstreamManager(nc)
    ).streams.info(streamNames(testEnv().BUS_PREFIX).events);
    await nc.close();
    expect(info.state.messages).toBe(total);
    const [{ directory }] = await sql<{ directory: number }>(
      `SELECT count(DISTINCT (type, aggregate_id, payload::text))::int AS directory FROM gateway.outbox WHERE type LIKE 'directory.%'`,
    );
    for (const [schema, consumer] of [
      ['referral', 'referral-directory'],
      ['diagnosis', 'diagnosis-directory'],
    ]) {
      const [{ handled }] = await sql<{ handled: number }>(
        `SELECT count(*)::int AS handled FROM ${schema}.inbox WHERE consumer = $1`,
        [consumer],
      );
      const [{ events }] = await sql<{ events: number }>(
        `SELECT count(*)::int AS events FROM gateway.outbox WHERE type LIKE 'directory.%'`,
      );
      expect([consumer, handled]).toEqual([consumer, events]);
      expect(directory).toBeGreaterThan(0);
    }

    // 4. The sweeps did not fire twice: one release per expired hold, one requeue per lease.
    expect(
      await sql(
        `SELECT payload->>'reservationId' AS r FROM referral.outbox WHERE type = 'reservation.released'
          GROUP BY 1 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    expect(
      await sql(
        `SELECT referral_id, to_status FROM referral.transitions GROUP BY 1, 2 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    const [expired] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM referral.reservations WHERE release_reason = 'expired'`,
    );
    expect(expired.n).toBeGreaterThan(0);
    const leases = await sql<{ study: string; claimed: number; released: number }>(
      `SELECT aggregate_id AS study,
              count(*) FILTER (WHERE type = 'study.claimed')::int AS claimed,
              count(*) FILTER (WHERE type = 'study.released')::int AS released
         FROM diagnosis.outbox WHERE type IN ('study.claimed', 'study.released') GROUP BY 1`,
    );
    expect(leases.filter((l) => l.released > l.claimed)).toEqual([]);
    expect(leases.some((l) => l.released > 0)).toBe(true);
  });
});
