import { Client } from 'pg';
import request from 'supertest';
import { testEnv } from '../support/test-env';
import {
  DEMO_API_KEY,
  DEMO_PASSWORD,
  login,
  startApp,
  stopApp,
  startSystem,
  System,
} from '../support/system';
import { isolatedRun } from '../support/isolated-run';
import { validateOpenApi } from '../support/openapi';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('platform');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** Issue 2's "done when", through the real gateway and services on NATS, PostgreSQL and Redis. */
describe('platform foundation (e2e)', () => {
  let sys: System;
  let pjDoctor: string;
  let bjDoctor: string;
  let rmAdmin: string;

  beforeAll(async () => {
    sys = await startSystem();
    [pjDoctor, bjDoctor, rmAdmin] = await Promise.all([
      login(sys.url, 'pj.doctor'),
      login(sys.url, 'bj.doctor'),
      login(sys.url, 'rm.admin'),
    ]);
  });
  afterAll(async () => sys?.stop());

  async function patientCount(): Promise<number> {
    const db = new Client({ connectionString: testEnv().DATABASE_URL });
    await db.connect();
    try {
      return (await db.query('SELECT count(*)::int AS n FROM gateway.patients')).rows[0].n;
    } finally {
      await db.end();
    }
  }

  describe('health and docs', () => {
    it('is ready with PostgreSQL, Redis and NATS up', async () => {
      const res = await request(sys.url).get('/health/ready').expect(200);
      expect(res.body.checks).toEqual({
        postgres: { status: 'up' },
        redis: { status: 'up' },
        nats: { status: 'up' },
      });
      await request(sys.url).get('/health/live').expect(200);
    });

    it('serves OpenAPI 3 JSON describing the v1 routes and both auth schemes', async () => {
      const res = await request(sys.url).get('/api/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.info.title).toBeTruthy();
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/token',
          '/api/v1/institutions',
          '/api/v1/patients',
          '/api/v1/referrals',
        ]),
      );
      expect(Object.keys(res.body.components.securitySchemes)).toEqual(
        expect.arrayContaining(['bearer', 'apiKey']),
      );
      // Full schema validation by an OpenAPI validator.
      expect(validateOpenApi(res.body)).toEqual({ valid: true });
      const login = res.body.paths['/api/v1/auth/token'].post;
      expect(login.requestBody.content['application/json'].schema.required).toEqual([
        'username',
        'password',
      ]);
    });

    it('exposes Prometheus metrics', async () => {
      const res = await request(sys.url).get('/metrics').expect(200);
      expect(res.text).toContain('http_request_duration_seconds');
      expect(res.headers['content-type']).toMatch(/text\/plain/);
    });
  });

  describe('authentication', () => {
    it('issues a JWT for a demo user', async () => {
      const res = await request(sys.url)
        .post('/api/v1/auth/token')
        .send({ username: 'rm.coord', password: DEMO_PASSWORD })
        .expect(200);
      expect(res.body.tokenType).toBe('Bearer');
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.actor.roles).toEqual(['referral_coordinator']);
    });

    it('refuses a wrong password with the same message as an unknown user', async () => {
      const wrong = await request(sys.url)
        .post('/api/v1/auth/token')
        .send({ username: 'rm.coord', password: 'nope' })
        .expect(401);
      const unknown = await request(sys.url)
        .post('/api/v1/auth/token')
        .send({ username: 'ghost', password: 'nope' })
        .expect(401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
    });

    it('answers 401 problem+json without credentials, with a correlation id', async () => {
      const res = await request(sys.url)
        .get('/api/v1/institutions')
        .set('X-Correlation-Id', 'test-corr-0001')
        .expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        correlationId: 'test-corr-0001',
      });
    });

    it('rejects a tampered or alg=none token', async () => {
      const [, body] = pjDoctor.split('.');
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;
      await request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${none}`).expect(401);
      await request(sys.url)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${pjDoctor}x`)
        .expect(401);
    });

    it('accepts the demo API key and enforces its scopes', async () => {
      const res = await request(sys.url)
        .get('/api/v1/institutions')
        .set('X-API-Key', DEMO_API_KEY)
        .expect(200);
      expect(res.body.length).toBeGreaterThan(10);
      await request(sys.url).get('/api/v1/users').set('X-API-Key', DEMO_API_KEY).expect(403);
      await request(sys.url)
        .get('/api/v1/institutions')
        .set('X-API-Key', `${DEMO_API_KEY.slice(0, -1)}1`)
        .expect(401);
    });
  });

  describe('directory and community scoping', () => {
    it('lists the Liangping 医联体 members from seed 001', async () => {
      const res = await request(sys.url)
        .get('/api/v1/institutions')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(200);
      const names = res.body.map((i: { name: string }) => i.name);
      expect(names).toEqual(
        expect.arrayContaining([
          '梁平区人民医院',
          '屏锦中心卫生院',
          '梁山街道城东卫生院',
          '龙胜乡卫生院',
        ]),
      );
      expect(names).not.toContain('梁平区中医医院');
      // 17 members + lead + one demo village clinic
      expect(res.body).toHaveLength(19);
    });

    it("hides another community's institution (404) and its departments", async () => {
      const other = await request(sys.url)
        .get('/api/v1/institutions')
        .set('Authorization', `Bearer ${bjDoctor}`)
        .expect(200);
      const zyLead = other.body.find((i: { name: string }) => i.name === '梁平区中医医院');
      expect(zyLead).toBeDefined();
      await request(sys.url)
        .get(`/api/v1/institutions/${zyLead.id}`)
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(404);
      await request(sys.url)
        .get(`/api/v1/institutions/${zyLead.id}/departments`)
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(404);
      await request(sys.url)
        .get(`/api/v1/institutions/${zyLead.id}`)
        .set('Authorization', `Bearer ${bjDoctor}`)
        .expect(200);
    });

    it('enforces roles: a clinician cannot list users, a community admin can', async () => {
      const res = await request(sys.url)
        .get('/api/v1/users')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const ok = await request(sys.url)
        .get('/api/v1/users')
        .set('Authorization', `Bearer ${rmAdmin}`)
        .expect(200);
      const usernames = ok.body.map((u: { username: string }) => u.username);
      expect(usernames).toContain('rm.admin'); // the admin's own community is listed…
      expect(usernames).toContain('pj.doctor');
      // …and no one from another community (zy.*, bj.*) is.
      expect(usernames.filter((u: string) => u.startsWith('zy.') || u.startsWith('bj.'))).toEqual(
        [],
      );
    });

    it('rejects a malformed id with 400, not a crash', async () => {
      const res = await request(sys.url)
        .get("/api/v1/institutions/1' OR 1=1")
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('patient index and audit', () => {
    const residentId = '11010519491231002X';

    it('registers a patient once, matches by resident ID, and shows it masked', async () => {
      const first = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .send({ residentId, name: '张三' })
        .expect(201);
      expect(first.body).toMatchObject({
        residentIdMasked: '1101**********002X',
        sex: 'female',
        birthDate: '1949-12-31',
      });
      expect(JSON.stringify(first.body)).not.toContain(residentId);
      const again = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .send({ residentId: residentId.toLowerCase(), name: '张三' })
        .expect(200);
      expect(again.body.id).toBe(first.body.id);
      const found = await request(sys.url)
        .post('/api/v1/patients/search')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .send({ residentId })
        .expect(200);
      expect(found.body.map((p: { id: string }) => p.id)).toEqual([first.body.id]);
      // The other community neither finds nor reads it.
      const elsewhere = await request(sys.url)
        .post('/api/v1/patients/search')
        .set('Authorization', `Bearer ${bjDoctor}`)
        .send({ residentId })
        .expect(200);
      expect(elsewhere.body).toEqual([]);
      await request(sys.url)
        .get(`/api/v1/patients/${first.body.id}`)
        .set('Authorization', `Bearer ${bjDoctor}`)
        .expect(404);
    });

    it.each([
      ['110105194912310021', 'check digit'],
      ['11010519491331002X', 'birth date'],
      ['1101051949123100', '17 digits'],
    ])('refuses resident ID %s (%s) and stores nothing', async (bad, why) => {
      const before = await patientCount();
      const res = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .send({ residentId: bad, name: '李四' })
        .expect(400);
      expect(res.body.detail).toContain(why);
      expect(await patientCount()).toBe(before);
    });

    it('records who read which patient, queryable by the community admin only', async () => {
      const [patient] = (
        await request(sys.url)
          .post('/api/v1/patients/search')
          .set('Authorization', `Bearer ${pjDoctor}`)
          .send({ residentId })
          .expect(200)
      ).body;
      await request(sys.url)
        .get(`/api/v1/patients/${patient.id}`)
        .set('Authorization', `Bearer ${pjDoctor}`)
        .set('User-Agent', 'e2e-agent')
        .expect(200);
      await request(sys.url)
        .get('/api/v1/audit')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(403);
      const audit = await request(sys.url)
        .get(`/api/v1/audit?patientId=${patient.id}`)
        .set('Authorization', `Bearer ${rmAdmin}`)
        .expect(200);
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['create', 'read', 'search']));
      const read = audit.body.items.find(
        (e: { action: string; userAgent: string }) =>
          e.action === 'read' && e.userAgent === 'e2e-agent',
      );
      expect(read).toMatchObject({
        actorName: '屏锦中心卫生院 医生',
        resourceType: 'Patient',
        outcome: 'ok',
      });
      expect(read.ip).toBeTruthy();
      // The other community's admin sees none of it.
      const zyAdmin = await login(sys.url, 'zy.admin');
      const theirs = await request(sys.url)
        .get(`/api/v1/audit?patientId=${patient.id}`)
        .set('Authorization', `Bearer ${zyAdmin}`)
        .expect(200);
      expect(theirs.body.total).toBe(0);
    });

    it('never writes a resident ID in clear to any log', () => {
      const logs = [sys.gateway, sys.referral, sys.diagnosis]
        .map((a) => a.output.join(''))
        .join('\n');
      expect(logs.length).toBeGreaterThan(0);
      expect(logs).not.toContain(residentId);
      expect(logs).not.toContain('110105194912310021');
    });
  });

  describe('edge behaviour', () => {
    it('answers bad JSON and oversized bodies with problem+json', async () => {
      const bad = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .set('content-type', 'application/json')
        .send('{"residentId": ')
        .expect(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
      const big = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ residentId: '1', name: 'x'.repeat(2 * 1024 * 1024) }))
        .expect(413);
      expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
      const unknownField = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .send({ residentId: 42, name: ['x'] })
        .expect(400);
      expect(unknownField.body.errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['residentId', 'name']),
      );
    });

    it('replays a POST with the same Idempotency-Key and refuses the key for another body', async () => {
      const send = (body: object) =>
        request(sys.url)
          .post('/api/v1/patients')
          .set('Authorization', `Bearer ${pjDoctor}`)
          .set('Idempotency-Key', 'e2e-key-000001')
          .send(body);
      const first = await send({ residentId: '110105198001010059', name: '王五' });
      expect(first.status).toBe(201);
      const replay = await send({ residentId: '110105198001010059', name: '王五' });
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      const mismatch = await send({ residentId: '110105198001010059', name: '赵六' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.code).toBe('IDEMPOTENCY_MISMATCH');
    });

    it('rate-limits per caller with 429 and Retry-After', async () => {
      const limited = await startApp('gateway', {
        RATE_LIMIT_PER_MINUTE: '5',
        DEMO_DATA: 'false',
        REDIS_PREFIX: `${testEnv().REDIS_PREFIX}:limited`,
      });
      try {
        const url = `http://127.0.0.1:${limited.port}`;
        // The limiter counts in fixed one-minute windows: eight requests that straddle a new
        // minute start a fresh count (a CI run met that). Start well inside a window.
        const intoMinute = Date.now() % 60_000;
        if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++) {
          statuses.push(
            (await request(url).get('/api/v1/me').set('Authorization', `Bearer ${pjDoctor}`))
              .status,
          );
        }
        expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
        const res = await request(url)
          .get('/api/v1/me')
          .set('Authorization', `Bearer ${pjDoctor}`)
          .expect(429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        // Health stays reachable for probes whatever the rate.
        await request(url).get('/health/live').expect(200);
      } finally {
        await stopApp(limited);
      }
    });
  });

  describe('bus to the services', () => {
    it('reaches the referral and remote-diagnosis services over NATS, scoped to the caller', async () => {
      const r = await request(sys.url)
        .get('/api/v1/referrals')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(200);
      expect(r.body).toMatchObject({
        items: expect.any(Array),
        total: expect.any(Number),
        limit: 50,
        offset: 0,
      });
      const me = (
        await request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${pjDoctor}`)
      ).body;
      for (const item of r.body.items) {
        expect([item.fromInstitutionId, item.toInstitutionId]).toContain(me.institutionId);
      }
      const s = await request(sys.url)
        .get('/api/v1/studies')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(200);
      expect(s.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    });

    it('follows the correlation id from the gateway into the service logs', async () => {
      await request(sys.url)
        .get('/api/v1/referrals')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .set('X-Correlation-Id', 'trace-me-12345678')
        .expect(200);
      await new Promise((r) => setTimeout(r, 100));
      const handled = sys.referral.output
        .join('')
        .split('\n')
        .filter((line) => line.includes('trace-me-12345678'))
        .map((line) => JSON.parse(line));
      expect(handled).toEqual([
        expect.objectContaining({ service: 'referral', subject: 'referral.list', ok: true }),
      ]);
    });

    it('answers 503 within 2 s when the referral service is stopped, and recovers', async () => {
      await stopApp(sys.referral);
      const started = Date.now();
      const res = await request(sys.url)
        .get('/api/v1/referrals')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(503);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      sys.referral = await startApp('referral', { LOG_LEVEL: 'debug' });
      await request(sys.url)
        .get('/api/v1/referrals')
        .set('Authorization', `Bearer ${pjDoctor}`)
        .expect(200);
    });

    it('measures bus calls by subject and reports outbox lag and dead letters on /metrics', async () => {
      const gateway = (await request(sys.url).get('/metrics').expect(200)).text;
      expect(gateway).toMatch(
        /cmc_bus_call_duration_seconds_bucket\{[^}]*subject="referral\.list",outcome="ok"/,
      );
      expect(gateway).toMatch(
        /cmc_bus_call_duration_seconds_count\{[^}]*subject="referral\.list",outcome="SERVICE_UNAVAILABLE"/,
      );
      const service = await (await fetch(`http://127.0.0.1:${sys.referral.port}/metrics`)).text();
      expect(service).toMatch(
        /cmc_bus_handled_duration_seconds_count\{[^}]*subject="referral\.list"/,
      );
      expect(service).toMatch(/^cmc_outbox_lag_seconds(\{[^}]*\})? \d/m);
      expect(service).toMatch(/^cmc_dlq_messages(\{[^}]*\})? \d/m);
      expect(service).toContain('# TYPE cmc_event_redeliveries_total counter');
    });
  });
});
