import request from 'supertest';
import { demoWorld } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { DEMO_API_KEY, login, startSystem, System } from '../support/system';
import { isolatedRun } from '../support/isolated-run';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('apiclients');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** O2: community admins manage API clients; keys rotate with a grace period and revoke fast. */
describe('API clients (e2e)', () => {
  let sys: System;
  let admin: Api; // rm.admin, 梁平区人民医院 医共体
  let coord: Api;
  let otherAdmin: Api; // zy.admin, the other 医联体
  let pingjin: string;
  let otherInstitution: string;

  const withKey = (key: string, path = '/api/v1/institutions') =>
    request(sys.url).get(path).set('X-API-Key', key);
  const status = async (key: string, path?: string) => (await withKey(key, path)).status;
  // Everything but last_used_at, which any authenticated call moves.
  const fingerprint = () =>
    sql(
      `SELECT md5(string_agg(concat_ws('|', t.id, t.name, t.key_hash, t.scopes, t.active, t.rate_limit_per_minute,
         t.previous_key_hash, t.previous_key_expires_at, t.revoked_at), ',' ORDER BY t.id)) AS f FROM gateway.api_clients t`,
    );
  const create = async (over: object = {}) => {
    const res = await admin.post('/api/v1/api-clients', {
      name: '屏锦 HIS 接口',
      institutionId: pingjin,
      scopes: ['directory:read', 'referrals:read'],
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; apiKey: string; keyPrefix: string };
  };

  beforeAll(async () => {
    sys = await startSystem();
    const w = await demoWorld(sys);
    admin = w.as['rm.admin'];
    coord = w.as['rm.coord'];
    pingjin = w.pingjin;
    otherAdmin = new Api(sys.url, await login(sys.url, 'zy.admin'));
    otherInstitution = (await otherAdmin.get('/api/v1/institutions')).body[0].id;
  });
  afterAll(async () => sys?.stop());

  it('creates a client whose key works at once, is shown once and stored hashed', async () => {
    const client = await create();
    expect(client.apiKey).toMatch(/^cmc_[0-9a-f]{12}_/);
    expect(await status(client.apiKey)).toBe(200);
    const listed = (await admin.get('/api/v1/api-clients')).body.items;
    const mine = listed.find((c: { id: string }) => c.id === client.id);
    expect(mine).toMatchObject({ name: '屏锦 HIS 接口', active: true, rateLimitPerMinute: null });
    expect(JSON.stringify(listed)).not.toContain(client.apiKey);
    const [row] = await sql<{ key_hash: string }>(
      `SELECT key_hash FROM gateway.api_clients WHERE id = $1`,
      [client.id],
    );
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await sql(
      `SELECT action FROM gateway.audit_log WHERE resource_type = 'api_client' AND resource_id = $1`,
      [client.id],
    );
    expect(audit).toEqual([{ action: 'create' }]);
  });

  it('rotates: both keys work during the grace period, the old one is refused after', async () => {
    const client = await create();
    const rotated = await admin.post(`/api/v1/api-clients/${client.id}/rotate`, {
      graceSeconds: 2,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.apiKey).not.toBe(client.apiKey);
    expect(rotated.body.previousKeyExpiresAt).toEqual(expect.any(String));
    expect(await status(rotated.body.apiKey)).toBe(200);
    expect(await status(client.apiKey)).toBe(200);
    await eventually('old key refused', async () => (await status(client.apiKey)) === 401, 15_000);
    expect(await status(rotated.body.apiKey)).toBe(200);
  });

  it('revokes within seconds, for both keys, and for good', async () => {
    const client = await create();
    const rotated = (await admin.post(`/api/v1/api-clients/${client.id}/rotate`, {})).body;
    expect(await status(client.apiKey)).toBe(200); // cached on this replica: revocation must evict
    const revokedAt = Date.now();
    const revoked = await admin.post(`/api/v1/api-clients/${client.id}/revoke`);
    expect(revoked.body).toMatchObject({ active: false, revokedAt: expect.any(String) });
    await eventually(
      'both keys refused',
      async () => (await status(client.apiKey)) === 401 && (await status(rotated.apiKey)) === 401,
      10_000,
    );
    expect(Date.now() - revokedAt).toBeLessThan(7000);
    const again = await admin.patch(`/api/v1/api-clients/${client.id}`, { active: true });
    expect(again.status).toBe(409);
    expect(await status(rotated.apiKey)).toBe(401);
  });

  it('narrows scopes: a route needing the removed scope answers 403', async () => {
    const client = await create({ scopes: ['directory:read', 'referrals:read'] });
    expect(await status(client.apiKey, '/api/v1/referrals')).toBe(200);
    const narrowed = await admin.patch(`/api/v1/api-clients/${client.id}`, {
      scopes: ['directory:read'],
    });
    expect(narrowed.body.scopes).toEqual(['directory:read']);
    await eventually(
      'scope removed',
      async () => (await status(client.apiKey, '/api/v1/referrals')) === 403,
      10_000,
    );
    const refused = await withKey(client.apiKey, '/api/v1/referrals');
    expect(refused.body.detail).toContain('referrals:read');
    expect(await status(client.apiKey)).toBe(200);
  });

  it('applies a per-client rate limit (429 with Retry-After)', async () => {
    const client = await create({ rateLimitPerMinute: 3 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await withKey(client.apiKey));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(answers[0].headers['ratelimit-limit']).toBe('3');
    expect(limited[0].headers['retry-after']).toMatch(/^\d+$/);
    // The demo client keeps the global limit.
    expect((await withKey(DEMO_API_KEY)).headers['ratelimit-limit']).toBe('100000');
  });

  it('hides another community’s clients (404) and refuses non-admins (403)', async () => {
    const client = await create();
    const before = await fingerprint();
    for (const res of [
      await otherAdmin.get(`/api/v1/api-clients/${client.id}`),
      await otherAdmin.patch(`/api/v1/api-clients/${client.id}`, { name: 'x' }),
      await otherAdmin.post(`/api/v1/api-clients/${client.id}/rotate`, {}),
      await otherAdmin.post(`/api/v1/api-clients/${client.id}/revoke`),
    ]) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(client.keyPrefix);
    }
    const theirs = (await otherAdmin.get('/api/v1/api-clients')).body.items;
    expect(theirs.map((c: { id: string }) => c.id)).not.toContain(client.id);
    const foreign = await admin.post('/api/v1/api-clients', {
      name: 'x',
      institutionId: otherInstitution,
      scopes: ['directory:read'],
    });
    expect(foreign.status).toBe(404);
    expect((await coord.get('/api/v1/api-clients')).status).toBe(403);
    expect((await coord.post(`/api/v1/api-clients/${client.id}/revoke`)).status).toBe(403);
    expect(
      (await request(sys.url).get('/api/v1/api-clients').set('X-API-Key', client.apiKey)).status,
    ).toBe(403);
    expect(await fingerprint()).toEqual(before);
    expect(await status(client.apiKey)).toBe(200);
  });

  it('refuses bad input with 400 problem+json naming the field, and changes nothing', async () => {
    const client = await create();
    const before = await fingerprint();
    const cases: [string, () => Promise<request.Response>, string][] = [
      [
        'scopes',
        () =>
          admin.post('/api/v1/api-clients', {
            name: 'x',
            institutionId: pingjin,
            scopes: ['referral:read'],
          }),
        'scopes',
      ],
      [
        'rate',
        () => admin.patch(`/api/v1/api-clients/${client.id}`, { rateLimitPerMinute: 0 }),
        'rateLimitPerMinute',
      ],
      ['empty', () => admin.patch(`/api/v1/api-clients/${client.id}`, {}), 'at least one'],
      [
        'unknown field',
        () => admin.patch(`/api/v1/api-clients/${client.id}`, { keyHash: 'x' }),
        'keyHash',
      ],
      [
        'grace',
        () => admin.post(`/api/v1/api-clients/${client.id}/rotate`, { graceSeconds: 10 ** 9 }),
        'graceSeconds',
      ],
      ['uuid', () => admin.get('/api/v1/api-clients/not-a-uuid'), 'uuid'],
    ];
    for (const [what, send, mention] of cases) {
      const res = await send();
      expect([what, res.status]).toEqual([what, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain(mention);
    }
    const idempotent = await request(sys.url)
      .post('/api/v1/api-clients')
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Idempotency-Key', 'create-client-0001')
      .send({ name: 'x', institutionId: pingjin, scopes: ['directory:read'] });
    expect(idempotent.status).toBe(400); // a key shown once is never stored for replay
    expect(await fingerprint()).toEqual(before);
  });
});
