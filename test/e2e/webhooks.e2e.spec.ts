import { Redis } from 'ioredis';
import request from 'supertest';
import { demoWorld, residentId } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';
import { WebhookReceiver } from '../support/webhook-receiver';

const LIFE = ['referral.submitted', 'referral.accepted', 'referral.arrived', 'referral.completed'];

/**
 * G3: signed webhooks to a receiver on 127.0.0.1 that verifies every delivery with the
 * `standardwebhooks` reference implementation, with a shortened retry schedule.
 */
describe('webhooks (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  const rx = new WebhookReceiver();
  let admin: Api;
  let otherAdmin: Api;
  let pjCoord: Api;
  let rmCoord: Api;
  let lead: string;
  let patientId: string;
  let engine: { id: string; apiKey: string }; // 屏锦's HIS: webhooks:manage
  let fuluEngine: { id: string; apiKey: string }; // 福禄's HIS: never party to 屏锦's referrals
  let plain: { id: string; apiKey: string }; // 屏锦 again, without webhooks:manage

  const asKey = (key: string) => ({
    get: (path: string) => request(sys.url).get(path).set('X-API-Key', key),
    post: (path: string, body: object = {}) =>
      request(sys.url).post(path).set('X-API-Key', key).send(body),
    patch: (path: string, body: object) =>
      request(sys.url).patch(path).set('X-API-Key', key).send(body),
    delete: (path: string) => request(sys.url).delete(path).set('X-API-Key', key),
  });
  const client = async (name: string, institutionId: string, scopes: string[]) =>
    (await admin.post('/api/v1/api-clients', { name, institutionId, scopes }))
      .body as typeof engine;
  const register = async (key: string, path: string, eventTypes = LIFE) => {
    const res = await asKey(key).post('/api/v1/webhooks/endpoints', {
      url: rx.url(path),
      eventTypes,
      description: path,
    });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    rx.secrets.set(path, [res.body.secret]);
    return res.body as { id: string; secret: string };
  };
  /** Submitted, accepted, arrived, completed: four events in order. */
  const referralLife = async (): Promise<string> => {
    const r = await pjCoord.post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: lead,
      patientId,
      diagnoses: ['I20.0'],
      reason: '不稳定型心绞痛',
      urgency: 'ROUTINE',
    });
    expect(r.status).toBe(201);
    for (const [step, body] of [
      ['accept', { reason: '同意' }],
      ['check-in', {}],
      ['complete', { summary: '回基层随访' }],
    ] as const)
      expect((await rmCoord.post(`/api/v1/referrals/${r.body.id}/${step}`, body)).status).toBe(200);
    return r.body.id;
  };
  const typesFor = (path: string, referralId: string) =>
    rx
      .unique(path)
      .filter((r) => r.data.referralId === referralId)
      .map((r) => r.type);
  const deliveries = async (key: string, endpointId: string, query = '') =>
    (await asKey(key).get(`/api/v1/webhooks/endpoints/${endpointId}/deliveries${query}`)).body;

  beforeAll(async () => {
    await rx.start();
    isolation = await isolatedRun('webhooks');
    sys = await startSystem({
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '300ms,500ms,700ms,1s,1s,1s,2s,2s,2s,2s,2s,2s',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_SWEEP_MS: '500',
    });
    const w = await demoWorld(sys);
    [admin, pjCoord, rmCoord, lead] = [
      w.as['rm.admin'],
      w.as['pj.coord'],
      w.as['rm.coord'],
      w.lead,
    ];
    otherAdmin = new Api(sys.url, await login(sys.url, 'zy.admin'));
    // These referrals hold no place; the community accepts them with a reason (issue 12 item 8).
    await admin.patch('/api/v1/referral-policy', { acceptWithoutPlace: true });
    patientId = (
      await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19700101', 7),
        name: '钱七',
      })
    ).body.id;
    const read = ['referrals:read', 'studies:read'];
    engine = await client('屏锦 HIS', w.pingjin, [...read, 'webhooks:manage']);
    fuluEngine = await client('福禄 HIS', w.fulu, [...read, 'webhooks:manage']);
    plain = await client('屏锦 报表', w.pingjin, read);
  });
  afterAll(async () => {
    await sys?.stop();
    await rx.stop();
    await isolation?.cleanup();
  });

  it('refuses loopback, private, metadata and non-HTTP destinations not on the allow list', async () => {
    for (const url of [
      'http://127.0.0.2:8080/hook',
      'http://[::1]:8080/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'ftp://127.0.0.1/hook',
      'http://user:pw@127.0.0.1/hook',
    ]) {
      const res = await asKey(engine.apiKey).post('/api/v1/webhooks/endpoints', {
        url,
        eventTypes: LIFE,
      });
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.errors[0].path).toBe('url');
    }
    const loopback = await asKey(engine.apiKey).post('/api/v1/webhooks/endpoints', {
      url: 'http://127.0.0.2:8080/hook',
      eventTypes: LIFE,
    });
    expect(loopback.body.detail).toMatch(/loopback.*WEBHOOK_ALLOWED_HOSTS/);
    expect(await sql(`SELECT id FROM gateway.webhook_endpoints`)).toEqual([]);
  });

  it('delivers every event once in effect, in order per referral, after the receiver was down', async () => {
    const main = await register(engine.apiKey, '/main');
    const fulu = await register(fuluEngine.apiKey, '/fulu');
    rx.modes.set('/main', 'fail');
    const first = await referralLife();
    await eventually('a 500 answered', async () => (rx.hits.get('/main') ?? 0) >= 2);
    rx.modes.set('/main', 'reset'); // then it closes connections without answering
    const second = await referralLife();
    await eventually('retries while down', async () => {
      const items = (await deliveries(engine.apiKey, main.id)).items;
      // Only the oldest undelivered event of each referral is tried; the rest wait their turn.
      const tried = items.filter((d: { attempts: number }) => d.attempts >= 2);
      return items.length === 8 && tried.length === 2;
    });
    const failed = (await deliveries(engine.apiKey, main.id, '?status=FAILED')).items;
    expect(failed.length).toBeGreaterThan(0);
    rx.modes.set('/main', 'ok');
    await eventually(
      'all delivered',
      async () => typesFor('/main', first).length === 4 && typesFor('/main', second).length === 4,
      30_000,
    );
    expect(typesFor('/main', first)).toEqual(LIFE);
    expect(typesFor('/main', second)).toEqual(LIFE);
    expect(rx.unverified.filter((u) => u.startsWith('/main'))).toEqual([]);
    const log = await deliveries(engine.apiKey, main.id, '?status=DELIVERED');
    expect(log.total).toBe(8);
    expect(log.items[0]).toMatchObject({ lastStatusCode: 204, lastLatencyMs: expect.any(Number) });
    const attemptLog = [];
    for (const d of failed)
      attemptLog.push(
        ...(await asKey(engine.apiKey).get(`/api/v1/webhooks/deliveries/${d.id}`)).body.attemptLog,
      );
    expect(attemptLog).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ statusCode: 500, error: 'HTTP 500' }),
        expect.objectContaining({ statusCode: null, error: expect.stringContaining('ECONNRESET') }),
      ]),
    );
    // 福禄 is party to neither referral: its endpoint got nothing of them.
    expect(rx.received.filter((r) => r.path === '/fulu')).toEqual([]);
    expect((await deliveries(fuluEngine.apiKey, fulu.id)).total).toBe(0);
  });

  it('keeps a slow receiver from delaying another endpoint', async () => {
    await register(engine.apiKey, '/slow');
    rx.modes.set('/slow', 'slow');
    const started = Date.now();
    const id = await referralLife();
    await eventually('fast endpoint served', async () => typesFor('/main', id).length === 4);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(rx.hits.get('/slow')).toBeGreaterThan(0);
  });

  it('disables an endpoint answering 410 and never follows a redirect', async () => {
    const gone = await register(engine.apiKey, '/gone');
    const moved = await register(engine.apiKey, '/redirect');
    rx.modes.set('/gone', 'gone');
    rx.modes.set('/redirect', 'redirect');
    await referralLife();
    const endpoint = await eventually('disabled', async () => {
      const e = (await asKey(engine.apiKey).get(`/api/v1/webhooks/endpoints/${gone.id}`)).body;
      return !e.active && e;
    });
    expect(endpoint.disabledReason).toContain('410');
    await eventually('redirect attempted', async () => (rx.hits.get('/redirect') ?? 0) >= 2);
    const items = (await deliveries(engine.apiKey, moved.id)).items;
    expect(items.some((d: { lastStatusCode: number }) => d.lastStatusCode === 302)).toBe(true);
    expect(items.every((d: { status: string }) => d.status !== 'DELIVERED')).toBe(true);
    expect(rx.hits.get('/redirect-target')).toBeUndefined();
    await asKey(engine.apiKey).delete(`/api/v1/webhooks/endpoints/${moved.id}`);
  });

  it('replays one delivery, and everything since a time, with the same webhook-id', async () => {
    const [main] = (await asKey(engine.apiKey).get('/api/v1/webhooks/endpoints')).body.items.filter(
      (e: { url: string }) => e.url.endsWith('/main'),
    );
    const since = new Date().toISOString();
    const id = await referralLife();
    await eventually('delivered', async () => typesFor('/main', id).length === 4);
    const [delivery] = (await deliveries(engine.apiKey, main.id, '?limit=1')).items;
    const count = (webhookId: string) =>
      rx.received.filter((r) => r.webhookId === webhookId).length;
    const before = count(delivery.id);
    const replayed = await asKey(engine.apiKey).post(
      `/api/v1/webhooks/deliveries/${delivery.id}/replay`,
    );
    expect(replayed.status).toBe(200);
    await eventually('replayed once', async () => count(delivery.id) === before + 1);
    const total = rx.received.filter((r) => r.path === '/main').length;
    const all = await asKey(engine.apiKey).post(`/api/v1/webhooks/endpoints/${main.id}/replay`, {
      since,
    });
    expect(all.body.replayed).toBe(4);
    await eventually(
      'replayed since',
      async () => rx.received.filter((r) => r.path === '/main').length === total + 4,
    );
    const again = rx.received.slice(-4).filter((r) => r.data.referralId === id);
    expect(again.map((r) => r.type)).toEqual(LIFE);
  });

  it('signs with both secrets during a rotation, each verifiable', async () => {
    const [main] = (await asKey(engine.apiKey).get('/api/v1/webhooks/endpoints')).body.items.filter(
      (e: { url: string }) => e.url.endsWith('/main'),
    );
    const rotated = await asKey(engine.apiKey).post(
      `/api/v1/webhooks/endpoints/${main.id}/rotate-secret`,
      { overlapSeconds: 3600 },
    );
    expect(rotated.status).toBe(200);
    // The receiver now checks every delivery against the old and the new secret.
    rx.secrets.set('/main', [...rx.secrets.get('/main')!, rotated.body.secret]);
    const id = await referralLife();
    await eventually('delivered', async () => typesFor('/main', id).length === 4);
    expect(rx.unique('/main').filter((r) => r.data.referralId === id)[0].signatures).toBe(2);
    expect(rx.unverified.filter((u) => u.startsWith('/main'))).toEqual([]);
  });

  it('loses nothing when Redis is flushed', async () => {
    rx.modes.set('/main', 'fail');
    const id = await referralLife();
    await eventually(
      'attempted',
      async () =>
        (
          await sql(
            `SELECT 1 FROM gateway.webhook_deliveries WHERE body LIKE $1 AND attempts >= 2`,
            [`%${id}%`],
          )
        ).length > 0,
    );
    const redis = new Redis(testEnv().REDIS_URL);
    try {
      // The flush must delete something: the dispatcher's queue keys, at least.
      const keys = await redis.keys(`${testEnv().REDIS_PREFIX}:*`);
      expect(keys.filter((k) => k.includes(':bull:')).length).toBeGreaterThan(0);
      expect(await redis.del(...keys)).toBe(keys.length);
      expect(await redis.keys(`${testEnv().REDIS_PREFIX}:bull:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
    rx.modes.set('/main', 'ok');
    await eventually('delivered after the flush', async () => typesFor('/main', id).length === 4);
    expect(typesFor('/main', id)).toEqual(LIFE);
  });

  it('gives another community, another client and a client without webhooks:manage nothing', async () => {
    const [main] = (await admin.get(`/api/v1/webhooks/endpoints?clientId=${engine.id}`)).body.items;
    expect(main.url).toContain('/main'); // the community admin manages the client's endpoints
    const [delivery] = (await deliveries(engine.apiKey, main.id, '?limit=1')).items;
    const paths = [
      `/api/v1/webhooks/endpoints/${main.id}`,
      `/api/v1/webhooks/endpoints/${main.id}/deliveries`,
      `/api/v1/webhooks/deliveries/${delivery.id}`,
    ];
    for (const path of paths) {
      expect((await otherAdmin.get(path)).status).toBe(404);
      expect((await asKey(fuluEngine.apiKey).get(path)).status).toBe(404);
      expect((await asKey(plain.apiKey).get(path)).status).toBe(403);
      expect((await pjCoord.get(path)).status).toBe(403);
    }
    expect(
      (await otherAdmin.post(`/api/v1/webhooks/deliveries/${delivery.id}/replay`)).status,
    ).toBe(404);
    expect(
      (
        await asKey(fuluEngine.apiKey).post(
          `/api/v1/webhooks/endpoints/${main.id}/rotate-secret`,
          {},
        )
      ).status,
    ).toBe(404);
    const theirs = (await otherAdmin.get('/api/v1/webhooks/endpoints')).body.items;
    expect(theirs).toEqual([]);
    const foreign = await otherAdmin.post('/api/v1/webhooks/endpoints', {
      clientId: engine.id,
      url: rx.url('/x'),
      eventTypes: LIFE,
    });
    expect(foreign.status).toBe(404);
    const [row] = await sql<{ url: string }>(
      `SELECT url FROM gateway.webhook_endpoints WHERE id = $1`,
      [main.id],
    );
    expect(row.url).toContain('/main');
    const noScope = await asKey(fuluEngine.apiKey).post('/api/v1/webhooks/endpoints', {
      url: rx.url('/fulu2'),
      eventTypes: ['referral.accepted', 'report.finalized'],
    });
    expect(noScope.status).toBe(201); // it holds both read scopes
    const narrowed = await admin.patch(`/api/v1/api-clients/${fuluEngine.id}`, {
      scopes: ['webhooks:manage'],
    });
    expect(narrowed.status).toBe(200);
    await eventually('scope gone', async () => {
      const res = await asKey(fuluEngine.apiKey).post('/api/v1/webhooks/endpoints', {
        url: rx.url('/fulu3'),
        eventTypes: ['report.finalized'],
      });
      return res.status === 403 && res.body.detail.includes('studies:read');
    });
  });
});
