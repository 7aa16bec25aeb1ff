import { createHmac } from 'node:crypto';
import request from 'supertest';
import { sql } from '../support/api';
import { DEMO_API_KEY, login, startSystem, System } from '../support/system';
import { isolatedRun } from '../support/isolated-run';

/** A token for a real user, signed with this run's secret, that expired a minute ago. */
async function expiredToken(): Promise<string> {
  const [user] = await sql<{ id: string }>(
    `SELECT id FROM gateway.users WHERE username = 'pj.doctor'`,
  );
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = part({ alg: 'HS256', typ: 'JWT' });
  const body = part({ sub: user.id, iat: now - 3600, exp: now - 60, iss: 'cmc-gateway' });
  const sig = createHmac('sha256', process.env.JWT_SECRET!)
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${sig}`;
}

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('newcomererrors');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/**
 * Issue 13 item 6: the errors a newcomer meets say what to do. A wrong or missing content type
 * is 415; malformed JSON carries a correlation id; a 401 challenges and tells an expired token
 * from an invalid one; a bad datetime names the form (and %2B); /me answers API clients too.
 */
describe('errors a newcomer meets (e2e)', () => {
  let sys: System;
  let token: string;

  beforeAll(async () => {
    sys = await startSystem();
    token = await login(sys.url, 'pj.doctor');
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const post = (body: string, type?: string) => {
    const r = request(sys.url)
      .post('/api/v1/patients/search')
      .set('Authorization', `Bearer ${token}`);
    return (type ? r.set('Content-Type', type) : r).send(body);
  };

  it('answers 415 naming JSON for a body of another type, or of no stated type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await post('{"residentId":"x"}', type);
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toContain('Content-Type: application/json');
      expect(res.body.detail).toContain(type);
      expect(res.body.correlationId).toEqual(res.headers['x-correlation-id']);
    }
    const untyped = await request(sys.url)
      .post('/api/v1/patients/search')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', '')
      .send(Buffer.from('{"residentId":"x"}'));
    expect(untyped.status).toBe(415);
    // A step that takes no body still needs no Content-Type.
    const me = await request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
  });

  it('gives malformed JSON a correlation id like every other error', async () => {
    const res = await post('{"residentId": ', 'application/json').set(
      'X-Correlation-Id',
      'newcomer-0001',
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      detail: expect.stringContaining('JSON'),
      correlationId: 'newcomer-0001',
    });
    expect(res.headers['x-correlation-id']).toBe('newcomer-0001');
  });

  it('challenges on 401 and tells an expired token from an invalid one', async () => {
    const none = await request(sys.url).get('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="cmc"');
    const expired = await request(sys.url)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${await expiredToken()}`);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/has expired: sign in again/);
    expect(expired.headers['www-authenticate']).toContain(
      'error_description="The access token expired"',
    );
    const forged = await request(sys.url)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body.detail).toMatch(/is invalid/);
    expect(forged.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('says which datetime form it wants, and that "+" must be URL-encoded', async () => {
    const res = await request(sys.url)
      .get(
        '/api/v1/referrals/indicators?from=2026-12-01T00:00:00+08:00&to=2026-12-02T00:00:00%2B08:00',
      )
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('%2B');
    expect(JSON.stringify(res.body)).toContain('2027-01-01T08:00:00+08:00');
  });

  it('answers /me for an API client', async () => {
    const res = await request(sys.url).get('/api/v1/me').set('X-API-Key', DEMO_API_KEY);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'api_client',
      scopes: expect.arrayContaining(['fhir:read']),
    });
  });
});
