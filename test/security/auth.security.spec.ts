import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { sql } from '../support/api';
import {
  DEMO_API_KEY,
  DEMO_PASSWORD,
  login,
  RunningApp,
  startApp,
  startSystem,
  stopApp,
  System,
} from '../support/system';
import { testEnv } from '../support/test-env';
import { residentId } from './fixtures';
import { isolatedRun } from '../support/isolated-run';

/**
 * A token signed with this run's real secret: valid in every way but the user it names, and
 * claiming (as tokens used to) an institution, a community and the admin role.
 */
async function tokenFor(sub: string): Promise<string> {
  const [inst] = await sql<{ id: string; community_id: string }>(
    `SELECT id, community_id FROM gateway.institutions WHERE type = 'LEAD_HOSPITAL' LIMIT 1`,
  );
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const claims = { sub, name: 'x', inst: inst.id, comm: inst.community_id };
  const body = Buffer.from(
    JSON.stringify({
      ...claims,
      roles: ['community_admin'],
      iat: now,
      exp: now + 600,
      iss: 'cmc-gateway',
    }),
  ).toString('base64url');
  const sig = createHmac('sha256', process.env.JWT_SECRET!)
    .update(`${header}.${body}`)
    .digest('base64url');
  return `${header}.${body}.${sig}`;
}

const signIn = (url: string, username: string, password: string, xff?: string) => {
  const r = request(url).post('/api/v1/auth/token').send({ username, password });
  return xff ? r.set('X-Forwarded-For', xff) : r;
};

let gateways = 0;
/** One more gateway on the same services, with its own throttle counters and these limits. */
function gatewayWith(env: Record<string, string>): Promise<RunningApp> {
  return startApp('gateway', {
    DEMO_DATA: 'true',
    REDIS_PREFIX: `${testEnv().REDIS_PREFIX}:auth${++gateways}`,
    ...env,
  });
}

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('secauth');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** Security review findings 11, 12, 13 and 19. */
describe('security: who is calling is checked every time, and guessing is throttled', () => {
  let sys: System;
  beforeAll(async () => {
    sys = await startSystem({ ACTOR_CACHE_SECONDS: '1' });
  });
  afterAll(() => sys?.stop());

  describe('#11 tokens are checked against the users table (cached at most 30 s)', () => {
    const waitCache = () => new Promise((r) => setTimeout(r, 1200));

    it('a token naming an unknown user is refused', async () => {
      const res = await request(sys.url)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${await tokenFor(randomUUID())}`);
      expect(res.status).toBe(401);
    });

    it('a disabled user’s token stops working; enabled again, it works again', async () => {
      const token = await login(sys.url, 'rm.doctor');
      const me = () => request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expect((await me()).status).toBe(200);
      await sql(`UPDATE gateway.users SET active = false WHERE username = 'rm.doctor'`);
      try {
        await waitCache();
        expect((await me()).status).toBe(401);
      } finally {
        await sql(`UPDATE gateway.users SET active = true WHERE username = 'rm.doctor'`);
      }
      await waitCache();
      expect((await me()).status).toBe(200);
    });

    it('a changed role takes effect on the token already issued', async () => {
      const token = await login(sys.url, 'pj.coord');
      const patients = () =>
        request(sys.url)
          .post('/api/v1/patients')
          .set('Authorization', `Bearer ${token}`)
          .send({ residentId: residentId('19810101', 41), name: '角色测试' });
      expect((await patients()).status).toBe(201);
      await sql(`UPDATE gateway.users SET roles = '{community_admin}' WHERE username = 'pj.coord'`);
      try {
        await waitCache();
        const me = await request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
        expect(me.body.roles).toEqual(['community_admin']);
        expect((await patients()).status).toBe(403);
      } finally {
        await sql(
          `UPDATE gateway.users SET roles = '{referral_coordinator}' WHERE username = 'pj.coord'`,
        );
      }
    });

    it('a deleted user’s token is refused', async () => {
      const id = randomUUID();
      await sql(
        `INSERT INTO gateway.users (id, username, display_name, password_hash, institution_id, roles)
         SELECT $1, 'temp.doctor', '临时', password_hash, institution_id, roles FROM gateway.users WHERE username = 'pj.doctor'`,
        [id],
      );
      const token = await login(sys.url, 'temp.doctor');
      await sql(`DELETE FROM gateway.users WHERE id = $1`, [id]);
      await waitCache();
      const res = await request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
    });
  });

  describe('#12 sign-in reveals nothing and is throttled per account and per address', () => {
    it('an unknown username costs the same work as a wrong password', async () => {
      // Interleaved, many rounds, medians: a ratio, not a time, so a slow machine is no matter.
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 12; i++) {
        for (const [user, into] of [
          [`nobody.${i}`, unknown],
          ['zy.coord', wrong],
        ] as const) {
          const t0 = performance.now();
          const res = await signIn(sys.url, user, 'not-the-password');
          into.push(performance.now() - t0);
          expect(res.status).toBe(401);
          expect(res.body.detail).toBe('Wrong username or password');
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      // Before: ≈3 ms unknown against ≈35 ms wrong (a ratio near 0.1).
      expect(median(unknown) / median(wrong)).toBeGreaterThan(0.6);
    });

    it('after 3 failures an account answers 429 with Retry-After, even to the right password', async () => {
      const gw = await gatewayWith({
        LOGIN_FAILURES_PER_ACCOUNT: '3',
        AUTH_FAILURES_PER_IP: '1000',
      });
      const url = `http://127.0.0.1:${gw.port}`;
      try {
        for (let i = 0; i < 3; i++)
          expect((await signIn(url, 'pj.doctor', 'guess' + i)).status).toBe(401);
        const locked = await signIn(url, 'pj.doctor', DEMO_PASSWORD);
        expect(locked.status).toBe(429);
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
        expect(locked.headers['content-type']).toMatch(/problem\+json/);
        // Unknown accounts are throttled alike, so the throttle tells no more than the message.
        for (let i = 0; i < 3; i++) await signIn(url, 'ghost.user', 'x');
        expect((await signIn(url, 'ghost.user', 'x')).status).toBe(429);
        // Another account from the same address is unaffected.
        expect((await signIn(url, 'rm.coord', DEMO_PASSWORD)).status).toBe(200);
      } finally {
        await stopApp(gw);
      }
    });

    it('after too many failures from one address, it is refused for every account', async () => {
      const gw = await gatewayWith({
        LOGIN_FAILURES_PER_ACCOUNT: '1000',
        AUTH_FAILURES_PER_IP: '5',
      });
      const url = `http://127.0.0.1:${gw.port}`;
      try {
        for (let i = 0; i < 5; i++) await signIn(url, `spray.${i}`, 'x');
        const res = await signIn(url, 'rm.coord', DEMO_PASSWORD);
        expect(res.status).toBe(429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await stopApp(gw);
      }
    });
  });

  describe('#19 failed tokens and API keys count, and are refused before any lookup', () => {
    it('bad keys and tokens from an address use up its allowance; then even a valid token gets 429', async () => {
      const gw = await gatewayWith({ AUTH_FAILURES_PER_IP: '6' });
      const url = `http://127.0.0.1:${gw.port}`;
      try {
        const valid = await login(url, 'pj.doctor');
        for (let i = 0; i < 3; i++) {
          const key = `cmc_${'a'.repeat(11)}${i}_${'b'.repeat(43)}`;
          expect((await request(url).get('/api/v1/me').set('X-API-Key', key)).status).toBe(401);
          const forged = `${valid.slice(0, -4)}AAAA`;
          const res = await request(url).get('/api/v1/me').set('Authorization', `Bearer ${forged}`);
          expect(res.status).toBe(401);
        }
        const blocked = await request(url)
          .get('/api/v1/me')
          .set('Authorization', `Bearer ${valid}`);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        // The demo key, which would pass, is refused as well: the check comes first.
        expect((await request(url).get('/api/v1/me').set('X-API-Key', DEMO_API_KEY)).status).toBe(
          429,
        );
      } finally {
        await stopApp(gw);
      }
    });
  });

  describe('#13 X-Forwarded-For is believed only from configured proxies', () => {
    const auditIpOf = async (correlationId: string) =>
      (
        await sql<{ ip: string }>(`SELECT ip FROM gateway.audit_log WHERE correlation_id = $1`, [
          correlationId,
        ])
      )[0]?.ip;
    const readPatient = async (url: string, token: string, correlationId: string) => {
      const created = await request(url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Forwarded-For', '203.0.113.9')
        .set('X-Correlation-Id', correlationId)
        .send({ residentId: residentId('19900101', 42), name: '审计测试' });
      expect(created.status).toBeLessThan(300);
    };

    it('by default the audit trail records the real peer, not the header', async () => {
      const token = await login(sys.url, 'pj.doctor');
      await readPatient(sys.url, token, 'xff-default-0001');
      expect(await auditIpOf('xff-default-0001')).toBe('127.0.0.1');
    });

    it('with TRUSTED_PROXIES=loopback the forwarded client is recorded', async () => {
      const gw = await gatewayWith({ TRUSTED_PROXIES: 'loopback' });
      const url = `http://127.0.0.1:${gw.port}`;
      try {
        await readPatient(url, await login(url, 'pj.doctor'), 'xff-trusted-0001');
        expect(await auditIpOf('xff-trusted-0001')).toBe('203.0.113.9');
      } finally {
        await stopApp(gw);
      }
    });
  });
});
