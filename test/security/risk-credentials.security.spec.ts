import { createHmac } from 'node:crypto';
import request from 'supertest';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';
import { ctInstance, demoWorld, residentId } from './fixtures';

/** A JWT for pj.doctor signed with this run's real secret (HS256, as the gateway signs). */
async function tokenWith(claims: { iat: number; exp?: number; iss?: string }, secret?: string) {
  const [user] = await sql<{ id: string }>(
    `SELECT id FROM gateway.users WHERE username = 'pj.doctor'`,
  );
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = part({ alg: 'HS256', typ: 'JWT' });
  const body = part({ sub: user.id, name: '屏锦中心卫生院 医生', iss: 'cmc-gateway', ...claims });
  const sig = createHmac('sha256', secret ?? process.env.JWT_SECRET!)
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${sig}`;
}

/**
 * Issue 13 item 14: an expired JWT (signed with the real secret), a revoked API key and a rotated
 * key's old value are refused with 401 on every kind of route — REST reads and writes, the upload,
 * FHIR and DICOMweb — and nothing they asked for is written.
 */
describe('risk: expired tokens, revoked and rotated keys', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let admin: Api;
  let seq = 200;

  beforeAll(async () => {
    isolation = await isolatedRun('riskcredentials');
    sys = await startSystem({ API_KEY_CACHE_SECONDS: '1', ACTOR_CACHE_SECONDS: '1' });
    w = await demoWorld(sys);
    admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  const counts = async () =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM gateway.patients)::int AS patients,
                (SELECT count(*) FROM referral.referrals)::int AS referrals,
                (SELECT count(*) FROM diagnosis.studies)::int AS studies`,
      )
    )[0];

  type Auth = [header: string, value: string];
  /** One call of each kind of route; each returns its status and content type. */
  const calls = (auth: Auth) => {
    const uid = `1.2.826.0.1.3680043.10.144.${process.pid}.${++seq}`;
    const r = (t: request.Test) => t.set(...auth);
    return {
      me: () => r(request(sys.url).get('/api/v1/me')),
      register: () =>
        r(request(sys.url).post('/api/v1/patients')).send({
          residentId: residentId('19760606', seq),
          name: '过期凭据',
        }),
      refer: () =>
        r(request(sys.url).post('/api/v1/referrals')).send({
          direction: 'UP',
          toInstitutionId: w.lead,
          patientId: '6f2b1c1e-0000-4000-8000-000000000001',
          diagnoses: ['I20.0'],
          reason: '过期凭据',
        }),
      upload: () =>
        r(request(sys.url).post('/api/v1/studies/instances'))
          .set('Content-Type', 'application/dicom')
          .send(ctInstance(uid)),
      fhir: () => r(request(sys.url).get('/fhir/Organization')),
      qido: () => r(request(sys.url).get('/dicomweb/studies')),
    };
  };

  const expectRefusedEverywhere = async (what: string, auth: Auth) => {
    const before = await counts();
    for (const [route, call] of Object.entries(calls(auth))) {
      const res = await call();
      expect([what, route, res.status]).toEqual([what, route, 401]);
      expect([what, route, res.headers['content-type']]).toEqual([
        what,
        route,
        expect.stringMatching(/(problem|fhir)\+json/),
      ]);
    }
    expect([what, await counts()]).toEqual([what, before]);
  };

  it('the control: a fresh token and a live key are let in on every route kind', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await tokenWith({ iat: now, exp: now + 600 });
    const c = calls(['Authorization', `Bearer ${fresh}`]);
    expect((await c.me()).status).toBe(200);
    expect((await c.register()).status).toBe(201);
    expect((await c.upload()).status).toBe(201);
    expect((await c.fhir()).status).toBe(200);
  });

  it('a token that worked stops at its exp, although the gateway remembers it verified', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Five seconds: long enough for a loaded machine to use it twice before it expires.
    const shortLived = await tokenWith({ iat: now, exp: now + 5 });
    const me = () =>
      request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${shortLived}`);
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(200); // the second use finds it already verified
    await new Promise((r) => setTimeout(r, (now + 5) * 1000 - Date.now() + 50));
    const late = await me();
    expect([late.status, late.body.detail]).toEqual([401, expect.stringMatching(/expired/)]);
    await expectRefusedEverywhere('expired after use', ['Authorization', `Bearer ${shortLived}`]);
  });

  it('an expired JWT is 401 everywhere, whether it expired a second or a day ago', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [label, claims] of [
      ['a second ago', { iat: now - 3600, exp: now - 1 }],
      ['a day ago', { iat: now - 90_000, exp: now - 86_400 }],
    ] as const) {
      const token = await tokenWith(claims);
      await expectRefusedEverywhere(`expired ${label}`, ['Authorization', `Bearer ${token}`]);
      const me = await request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expect(me.headers['www-authenticate']).toMatch(/invalid_token/);
      expect(me.body.detail).toMatch(/expired/);
    }
    // Neither a token without exp, nor one signed with another secret, nor one of another issuer.
    const noExp = await tokenWith({ iat: now });
    const otherSecret = await tokenWith({ iat: now, exp: now + 600 }, 'not-the-secret');
    const otherIssuer = await tokenWith({ iat: now, exp: now + 600, iss: 'someone-else' });
    for (const [label, token] of [
      ['no exp', noExp],
      ['other secret', otherSecret],
      ['other issuer', otherIssuer],
    ])
      await expectRefusedEverywhere(label, ['Authorization', `Bearer ${token}`]);
  });

  const newClient = async () => {
    const res = await admin.post('/api/v1/api-clients', {
      name: `凭据测试 ${++seq}`,
      institutionId: w.pingjin,
      scopes: [
        'patients:write',
        'patients:read',
        'referrals:write',
        'studies:write',
        'fhir:read',
        'dicomweb:read',
      ],
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; apiKey: string };
  };

  it('a revoked key is 401 everywhere, and writes nothing', async () => {
    const client = await newClient();
    const c = calls(['X-API-Key', client.apiKey]);
    expect((await c.register()).status).toBe(201);
    expect((await c.fhir()).status).toBe(200);
    const revoked = await admin.post(`/api/v1/api-clients/${client.id}/revoke`);
    expect(revoked.status).toBe(200);
    await eventually(
      'revocation seen',
      async () => (await calls(['X-API-Key', client.apiKey]).me()).status === 401,
      5000,
    );
    await expectRefusedEverywhere('revoked', ['X-API-Key', client.apiKey]);
  });

  it('a rotated key’s old value is 401 everywhere once its grace ends; the new one works', async () => {
    const client = await newClient();
    const rotated = await admin.post(`/api/v1/api-clients/${client.id}/rotate`, {
      graceSeconds: 0,
    });
    expect(rotated.status).toBe(200);
    await eventually(
      'old key refused',
      async () => (await calls(['X-API-Key', client.apiKey]).me()).status === 401,
      5000,
    );
    await expectRefusedEverywhere('rotated old key', ['X-API-Key', client.apiKey]);
    const fresh = calls(['X-API-Key', rotated.body.apiKey]);
    expect((await fresh.register()).status).toBe(201);
    expect((await fresh.me()).status).toBe(200);
  });
});
