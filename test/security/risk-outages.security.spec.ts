import { createServer, connect as tcpConnect, Server, Socket } from 'node:net';
import request from 'supertest';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { freePort, login, startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';
import { demoWorld, localDay, residentId } from './fixtures';
import { slotOn } from '../support/capacity';

/**
 * A TCP proxy this test controls. `reset` closes every connection and refuses new ones (Redis or
 * NATS down); `blackhole` keeps connections open but passes nothing either way (a network that
 * drops packets); `restore` goes back to forwarding.
 */
class Link {
  private server!: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  mode: 'up' | 'reset' | 'blackhole' = 'up';
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = createServer((client) => {
      if (this.mode === 'reset') return void client.destroy();
      const upstream = tcpConnect(Number(this.target.port), this.target.hostname);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const forward = (from: Socket, to: Socket) =>
        from.on('data', (d) => {
          if (this.mode === 'up') to.write(d);
        });
      forward(client, upstream);
      forward(upstream, client);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    return this;
  }
  url(scheme: string): string {
    return `${scheme}://127.0.0.1:${this.port}${this.target.pathname === '/' ? '' : this.target.pathname}`;
  }
  cut(mode: 'reset' | 'blackhole'): void {
    this.mode = mode;
    if (mode === 'reset') for (const pair of this.pairs) pair.forEach((s) => s.destroy());
  }
  /** After a blackhole the connections carry half-sent frames: they are closed, as TCP would. */
  restore(): void {
    if (this.mode === 'blackhole') for (const pair of this.pairs) pair.forEach((s) => s.destroy());
    this.mode = 'up';
  }
  async stop(): Promise<void> {
    for (const pair of this.pairs) pair.forEach((s) => s.destroy());
    await new Promise((r) => this.server?.close(r));
  }
}

/** A request with a deadline of its own: an answer that does not come in time is a hang. */
async function timed(req: request.Test, ms = 8000) {
  const t0 = Date.now();
  const res = await req.timeout(ms).catch((e: Error) => {
    throw new Error(`no answer in ${ms} ms (${e.message}): the request hangs`);
  });
  return { res, ms: Date.now() - t0 };
}

/**
 * Issue 13 item 14: Redis and NATS outages and recovery, through proxies the test cuts. While a
 * dependency is down, every answer comes promptly and is either the work done (the rate limiter
 * and sign-in throttle fail open by design) or 503 problem+json, never a 500 and never a hang;
 * readiness says 503. After it comes back the system recovers by itself and nothing accepted
 * while it was down is lost.
 */
describe('risk: Redis and NATS outages and recovery', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let redis: Link;
  let gatewayNats: Link;
  let referralNats: Link;
  let rmAdmin: Api;
  let seq = 300;

  beforeAll(async () => {
    isolation = await isolatedRun('riskoutages');
    const env = testEnv();
    redis = await new Link(new URL(env.REDIS_URL)).start();
    gatewayNats = await new Link(new URL(env.NATS_URL)).start();
    referralNats = await new Link(new URL(env.NATS_URL)).start();
    sys = await startSystem(
      {
        REDIS_URL: redis.url('redis'),
        NATS_URL: gatewayNats.url('nats'),
        BUS_TIMEOUT_MS: '3000',
        // The real limit, so the limiter's answer (its headers) shows whether it is working.
        RATE_LIMIT_PER_MINUTE: '100000',
      },
      { NATS_URL: referralNats.url('nats'), SWEEP_INTERVAL_MS: '400' },
    );
    w = await demoWorld(sys);
    rmAdmin = new Api(sys.url, await login(sys.url, 'rm.admin'));
  });
  afterAll(async () => {
    await sys?.stop();
    await Promise.all([redis, gatewayNats, referralNats].map((l) => l?.stop()));
    await isolation?.cleanup();
  });

  const ready = () => request(sys.url).get('/health/ready');
  const register = () =>
    w.as['pj.doctor'].post('/api/v1/patients', {
      residentId: residentId('19690909', ++seq),
      name: `断连患者${seq}`,
    });
  /** Answered promptly, and either done or 503 problem+json: never 500. */
  const expectDoneOr503 = (what: string, res: request.Response, done: number) => {
    expect([what, [done, 503].includes(res.status)]).toEqual([what, true]);
    if (res.status === 503)
      expect([what, res.headers['content-type']]).toEqual([
        what,
        expect.stringMatching(/problem\+json/),
      ]);
  };

  // A blackholed Redis answers nothing and resets nothing: only the client's command timeout
  // keeps /health/ready and every rate-limited request from waiting on it without end.
  describe.each(['reset', 'blackhole'] as const)('Redis %s for the gateway', (mode) => {
    it('answers promptly without Redis, says not ready, and recovers', async () => {
      const limited = await w.as['pj.doctor'].get('/api/v1/institutions');
      expect(limited.headers['ratelimit-limit']).toBe('100000');
      redis.cut(mode);
      try {
        await eventually(
          'not ready',
          async () => (await timed(ready())).res.status === 503,
          15_000,
        );
        const accepted: string[] = [];
        for (let i = 0; i < 3; i++) {
          const read = await timed(
            request(sys.url)
              .get('/api/v1/institutions')
              .set('Authorization', `Bearer ${w.as['pj.doctor'].token}`),
          );
          expectDoneOr503(`read ${i}`, read.res, 200);
          expect(read.ms).toBeLessThan(5000);
          const write = await timed(
            request(sys.url)
              .post('/api/v1/patients')
              .set('Authorization', `Bearer ${w.as['pj.doctor'].token}`)
              .send({ residentId: residentId('19690909', ++seq), name: `断连患者${seq}` }),
          );
          expectDoneOr503(`write ${i}`, write.res, 201);
          expect(write.ms).toBeLessThan(5000);
          if (write.res.status === 201) accepted.push(write.res.body.id);
          // The bus does not need Redis: a referral service call still works or says 503.
          const bus = await timed(
            request(sys.url)
              .get('/api/v1/referrals')
              .set('Authorization', `Bearer ${w.as['pj.coord'].token}`),
          );
          expectDoneOr503(`bus ${i}`, bus.res, 200);
          const signIn = await timed(
            request(sys.url)
              .post('/api/v1/auth/token')
              .send({ username: 'pj.doctor', password: 'wrong-password' }),
          );
          expect([`sign-in ${i}`, [401, 503].includes(signIn.res.status)]).toEqual([
            `sign-in ${i}`,
            true,
          ]);
        }
        // What was accepted during the outage is stored.
        if (accepted.length)
          expect(
            (
              await sql<{ n: number }>(
                `SELECT count(*)::int AS n FROM gateway.patients WHERE id = ANY($1)`,
                [accepted],
              )
            )[0].n,
          ).toBe(accepted.length);
      } finally {
        redis.restore();
      }
      await eventually('ready again', async () => (await ready()).status === 200, 20_000);
      await eventually(
        'the rate limiter counts again',
        async () =>
          (await w.as['pj.doctor'].get('/api/v1/institutions')).headers['ratelimit-limit'] ===
          '100000',
        20_000,
      );
      expect((await register()).status).toBe(201);
    });
  });

  describe.each(['reset', 'blackhole'] as const)('NATS %s for the gateway', (mode) => {
    it('bus routes answer 503 promptly, local work goes on, and all recovers', async () => {
      expect((await w.as['pj.coord'].get('/api/v1/referrals')).status).toBe(200);
      gatewayNats.cut(mode);
      let accepted: string | undefined;
      try {
        await eventually(
          'not ready',
          async () => (await timed(ready())).res.status === 503,
          15_000,
        );
        const bus = await timed(
          request(sys.url)
            .get('/api/v1/referrals')
            .set('Authorization', `Bearer ${w.as['pj.coord'].token}`),
        );
        expect(bus.res.status).toBe(503);
        expect(bus.res.headers['content-type']).toMatch(/problem\+json/);
        expect(bus.ms).toBeLessThan(3000 + 2000); // BUS_TIMEOUT_MS and a margin
        const write = await timed(
          request(sys.url)
            .post('/api/v1/referrals')
            .set('Authorization', `Bearer ${w.as['pj.coord'].token}`)
            .send({
              direction: 'UP',
              toInstitutionId: w.lead,
              patientId: (await register()).body.id,
              diagnoses: ['I20.0'],
              reason: '断连转诊',
            }),
        );
        expect(write.res.status).toBe(503);
        // The gateway's own data does not need the bus.
        const local = await register();
        expect(local.status).toBe(201);
        accepted = local.body.id;
      } finally {
        gatewayNats.restore();
      }
      await eventually('ready again', async () => (await ready()).status === 200, 30_000);
      await eventually(
        'the bus answers again',
        async () => (await w.as['pj.coord'].get('/api/v1/referrals')).status === 200,
        30_000,
      );
      const after = await w.as['pj.coord'].post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: w.lead,
        patientId: accepted,
        diagnoses: ['I20.0'],
        reason: '恢复后转诊',
      });
      expect(after.status).toBe(201);
      // The refused referral was not half-made: only the one after recovery exists.
      expect(
        await sql(`SELECT reason FROM referral.referrals WHERE reason LIKE '%断连转诊%'`),
      ).toEqual([]);
    });
  });

  it('the referral service without NATS: 503 at the edge, its own events kept and sent after', async () => {
    const coord = w.as['rm.coord'];
    const day = localDay(6);
    const slots = await coord.post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: [slotOn(day, '08:00', '08:30', 1, 'REFERRAL')],
    });
    expect(slots.status).toBe(201);
    const slotId = slots.body.slots[0].id;
    const r = await w.as['pj.coord'].post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: w.lead,
      patientId: (await register()).body.id,
      diagnoses: ['I20.0'],
      reason: '断连期间到期',
      hold: { kind: 'SLOT', slotId },
    });
    expect(r.status).toBe(201);
    await eventually(
      'the referral’s events published',
      async () =>
        (
          await sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM referral.outbox WHERE aggregate_id = $1 AND published_at IS NULL`,
            [r.body.id],
          )
        )[0].n === 0,
    );
    referralNats.cut('reset');
    try {
      // The hold runs out while the service is cut off: its own sweep (BullMQ, Redis) releases it.
      await sql(
        `UPDATE referral.reservations SET expires_at = now() - interval '1 second' WHERE referral_id = $1`,
        [r.body.id],
      );
      await eventually(
        'the hold released by the sweep',
        async () =>
          (
            await sql<{ status: string }>(
              `SELECT status FROM referral.reservations WHERE referral_id = $1`,
              [r.body.id],
            )
          )[0].status === 'RELEASED',
      );
      const [pending] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM referral.outbox WHERE aggregate_id = $1 AND type = 'reservation.released' AND published_at IS NULL`,
        [r.body.id],
      );
      expect(pending.n).toBe(1);
      // The edge answers at once: nobody is subscribed for the referral service.
      const edge = await timed(
        request(sys.url)
          .get(`/api/v1/referrals/${r.body.id}`)
          .set('Authorization', `Bearer ${coord.token}`),
      );
      expect(edge.res.status).toBe(503);
      expect(edge.res.headers['content-type']).toMatch(/problem\+json/);
      expect(edge.ms).toBeLessThan(5000);
      // The diagnosis service is not affected.
      expect((await w.as['rm.reader'].get('/api/v1/worklist')).status).toBe(200);
    } finally {
      referralNats.restore();
    }
    await eventually(
      'the kept event published',
      async () =>
        (
          await sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM referral.outbox WHERE aggregate_id = $1 AND type = 'reservation.released' AND published_at IS NOT NULL`,
            [r.body.id],
          )
        )[0].n === 1,
      30_000,
    );
    await eventually(
      'the referral service answers again',
      async () => (await coord.get(`/api/v1/referrals/${r.body.id}`)).status === 200,
      30_000,
    );
    const detail = (await coord.get(`/api/v1/referrals/${r.body.id}`)).body;
    expect([null, 'RELEASED']).toContain(detail.reservation?.status ?? null);
    expect(await sql(`SELECT held, booked FROM referral.slots WHERE id = $1`, [slotId])).toEqual([
      { held: 0, booked: 0 },
    ]);
    expect((await rmAdmin.post('/api/v1/referral-sweep')).status).toBe(200);
  });
});
