import { spawnSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';

/**
 * Issue 13 item 2: a production installation starts from an empty database. `npm run
 * create-admin` (the built dist/scripts/create-admin.js) creates the first community, its lead
 * hospital and its admin, once; the admin then signs in and sets up the rest.
 */
const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'Qijiang-Admin-2026';

function node(script: string, args: string[], env: Record<string, string> = {}) {
  const { DEMO_PASSWORD: _p, DEMO_API_KEY: _k, ...rest } = process.env;
  const out = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts', script), ...args], {
    env: { ...rest, DATABASE_URL: testEnv().DATABASE_URL, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const FLAGS = [
  '--community-code=QJ-YGT',
  '--community-name',
  '綦江区医共体',
  '--region=重庆市綦江区',
  '--population=800000',
  '--district-code=500110',
  '--district-name=綦江区',
  '--district-population=1000000',
  '--lead-code=QJ-RMYY',
  '--lead-name=綦江区人民医院',
  '--admin-username=qj.admin',
  '--admin-name=医共体管理员',
];

describe('npm run create-admin on an empty production database (e2e)', () => {
  let sys: System | undefined;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;

  beforeAll(async () => {
    isolation = await isolatedRun('createadmin');
    const migrated = node('migrate.js', []);
    expect(migrated.stderr).toBe('');
    expect(migrated.status).toBe(0);
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('refuses without a password, with a weak one, or with a bad flag', () => {
    const none = node('create-admin.js', FLAGS, { ADMIN_PASSWORD: '' });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/ADMIN_PASSWORD/);
    const weak = node('create-admin.js', FLAGS, { ADMIN_PASSWORD: 'password' });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/password: at least 12 characters/);
    const bad = node('create-admin.js', [...FLAGS, '--community-code=lower case'], {
      ADMIN_PASSWORD: PASSWORD,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--community-code/);
    const unknown = node('create-admin.js', [...FLAGS, '--colour=red'], {
      ADMIN_PASSWORD: PASSWORD,
    });
    expect(unknown.stderr).toMatch(/unknown argument --colour/);
  });

  it('creates the community, lead hospital and admin once, who then signs in', async () => {
    expect(await sql(`SELECT 1 FROM gateway.communities`)).toHaveLength(0);
    const first = node('create-admin.js', FLAGS, { ADMIN_PASSWORD: PASSWORD });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('"username": "qj.admin"');
    expect(first.stdout).toContain('綦江区人民医院');
    expect(first.stdout).not.toContain(PASSWORD);

    const [row] = await sql<{ n: number; region: string; district: string; lead: string }>(
      `SELECT (SELECT count(*) FROM gateway.communities)::int AS n, c.region, d.code AS district,
              (SELECT type::text FROM gateway.institutions WHERE community_id = c.id) AS lead
         FROM gateway.communities c JOIN gateway.districts d ON d.id = c.district_id`,
    );
    expect(row).toEqual({
      n: 1,
      region: '重庆市綦江区',
      district: '500110',
      lead: 'LEAD_HOSPITAL',
    });
    const [user] = await sql<{ password_hash: string }>(
      `SELECT password_hash FROM gateway.users WHERE username = 'qj.admin'`,
    );
    expect(user.password_hash).toMatch(/^scrypt\$/);

    // Again for the same code: refused, saying why, and nothing added.
    const again = node('create-admin.js', FLAGS, { ADMIN_PASSWORD: PASSWORD });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/community QJ-YGT .* already exists/);
    expect(await sql(`SELECT 1 FROM gateway.users`)).toHaveLength(1);

    // A production system on this database: no demo data, and the admin can set up the rest.
    sys = await startSystem({ NODE_ENV: 'production', DEMO_DATA: 'false' });
    const refused = await request(sys.url)
      .post('/api/v1/auth/token')
      .send({ username: 'rm.admin', password: process.env.DEMO_PASSWORD });
    expect(refused.status).toBe(401);
    const signedIn = await request(sys.url)
      .post('/api/v1/auth/token')
      .send({ username: 'qj.admin', password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.actor.roles).toEqual(['community_admin']);
    const auth = `Bearer ${signedIn.body.accessToken}`;
    const institutions = await request(sys.url)
      .get('/api/v1/institutions')
      .set('Authorization', auth);
    expect(institutions.body.map((i: { code: string }) => i.code)).toEqual(['QJ-RMYY']);
    const township = await request(sys.url)
      .post('/api/v1/admin/institutions')
      .set('Authorization', auth)
      .send({
        code: 'QJ-01',
        name: '三江街道社区卫生服务中心',
        type: 'COMMUNITY_HEALTH_CENTER',
        parentId: institutions.body[0].id,
      });
    expect(township.status).toBe(201);
    await eventually('the services learn the new community', async () => {
      const [r] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM referral.dir_institutions WHERE id = $1)::int +
                (SELECT count(*) FROM diagnosis.dir_communities WHERE code = 'QJ-YGT')::int AS n`,
        [township.body.id],
      );
      return r.n === 2;
    });
    const audit = await sql<{ resource_type: string }>(
      `SELECT resource_type FROM gateway.audit_log ORDER BY id`,
    );
    expect(audit.map((a) => a.resource_type)).toEqual([
      'community',
      'institution',
      'user',
      'institution',
    ]);
  });
});
