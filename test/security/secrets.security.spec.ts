import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { RunningApp, startApp, stopApp } from '../support/system';
import { testEnv } from '../support/test-env';
import { isolatedRun } from '../support/isolated-run';

const ROOT = path.resolve(__dirname, '../..');

/** The gateway as a process with exactly this environment; resolves with its exit and output. */
function gatewayExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/gateway/src/main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A token as anyone holding the source could have made it with the old built-in secret. */
function tokenSignedWith(secret: string, claims: object): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${sig}`;
}

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('secsecrets');
});
afterAll(async () => {
  await isolation?.cleanup();
});

describe('security #2: no usable default secret', () => {
  const baseEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...testEnv(), NODE_ENV: 'development' };
    env.PORT = '1'; // never reached: the configuration check comes first
    return env;
  };

  it('the gateway refuses to start without JWT_SECRET or PII_KEY, naming where to get them', async () => {
    for (const missing of ['JWT_SECRET', 'PII_KEY']) {
      const env = baseEnv();
      delete env[missing];
      const { code, output } = await gatewayExit(env);
      expect(code).not.toBe(0);
      expect(output).toContain(`${missing}: required`);
      expect(output).toContain('.run/secrets.env');
    }
  });

  it('the gateway refuses the values that used to be built in, and placeholders', async () => {
    const published = {
      JWT_SECRET: 'dev-only-jwt-secret-change-me-in-production-0000',
      PII_KEY: '0'.repeat(64),
    };
    for (const [name, value] of Object.entries(published)) {
      const { code, output } = await gatewayExit({ ...baseEnv(), [name]: value });
      expect(code).not.toBe(0);
      expect(output).toContain(`${name}: looks like a placeholder`);
    }
    const { output } = await gatewayExit({ ...baseEnv(), JWT_SECRET: 'REPLACE_ME'.repeat(4) });
    expect(output).toContain('JWT_SECRET: looks like a placeholder');
  });

  it('the source holds none of the secrets it used to ship', () => {
    const tracked = spawnSync(
      'git',
      ['grep', '-lE', '-e', 'dev-only-jwt-secret', '-e', '0{64}', '-e', 'Demo@2026'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    // Only this test (and the refusal list) may name the old values.
    // git grep ran (0: found) and did find this very file: an empty answer proves nothing.
    expect(tracked.status).toBe(0);
    const files = tracked.stdout.split('\n').filter((line) => line !== '');
    expect(files).toContain('test/security/secrets.security.spec.ts');
    expect(files.filter((f) => !f.startsWith('test/security/'))).toEqual([]);
  });

  describe('npm start generates secrets once, keeps them private and reuses them', () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'cmc-secrets-'));
    afterAll(() => rmSync(runDir, { recursive: true, force: true }));
    const ensure = () => {
      const env: NodeJS.ProcessEnv = { ...process.env, CMC_RUN_DIR: runDir };
      for (const k of ['JWT_SECRET', 'PII_KEY', 'DEMO_PASSWORD', 'DEMO_API_KEY']) delete env[k];
      return spawnSync(
        'bash',
        ['-c', `source "${ROOT}/scripts/lib.sh"; ensure_secrets; echo "$JWT_SECRET $PII_KEY"`],
        { env, encoding: 'utf8' },
      );
    };

    it('writes .run/secrets.env with mode 0600 and prints where it is', () => {
      const first = ensure();
      expect(first.status).toBe(0);
      const file = path.join(runDir, 'secrets.env');
      expect(first.stderr).toContain(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const lines = readFileSync(file, 'utf8');
      for (const key of ['JWT_SECRET', 'PII_KEY', 'DEMO_PASSWORD', 'DEMO_API_KEY'])
        expect(lines).toMatch(new RegExp(`^${key}=.+$`, 'm'));
      const [jwt, pii] = first.stdout.trim().split(' ');
      expect(jwt.length).toBeGreaterThanOrEqual(48);
      expect(pii).toMatch(/^[0-9a-f]{64}$/);
      const second = ensure();
      expect(second.stdout).toBe(first.stdout);
      expect(second.stderr).toContain(`secrets: ${file}`);
    });

    it('gives every installation different values', () => {
      const other = mkdtempSync(path.join(tmpdir(), 'cmc-secrets-'));
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, CMC_RUN_DIR: other };
        delete env.JWT_SECRET;
        const out = spawnSync(
          'bash',
          ['-c', `source "${ROOT}/scripts/lib.sh"; ensure_secrets; echo "$JWT_SECRET"`],
          { env, encoding: 'utf8' },
        );
        expect(out.stdout.trim()).not.toBe(ensure().stdout.split(' ')[0]);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });
  });

  describe('a gateway started the way npm start starts it', () => {
    let gateway: RunningApp;
    const runDir = mkdtempSync(path.join(tmpdir(), 'cmc-secrets-'));
    beforeAll(async () => {
      // The variables npm start exports: what ensure_secrets put in .run/secrets.env.
      const env: NodeJS.ProcessEnv = { ...process.env, CMC_RUN_DIR: runDir };
      for (const k of ['JWT_SECRET', 'PII_KEY']) delete env[k];
      const out = spawnSync(
        'bash',
        ['-c', `source "${ROOT}/scripts/lib.sh"; ensure_secrets; echo "$JWT_SECRET $PII_KEY"`],
        { env, encoding: 'utf8' },
      );
      const [jwt, pii] = out.stdout.trim().split(' ');
      // No demo data: its seeding would give the run's demo users this file's password.
      gateway = await startApp('gateway', { JWT_SECRET: jwt, PII_KEY: pii, DEMO_DATA: 'false' });
    });
    afterAll(async () => {
      if (gateway) await stopApp(gateway);
      rmSync(runDir, { recursive: true, force: true });
    });

    it('refuses an admin token minted with the secret that used to be the default', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = tokenSignedWith('dev-only-jwt-secret-change-me-in-production-0000', {
        sub: '00000000-0000-4000-8000-000000000001',
        name: 'mallory',
        inst: '00000000-0000-4000-8000-000000000002',
        comm: '00000000-0000-4000-8000-000000000003',
        roles: ['community_admin'],
        iat: now,
        exp: now + 600,
        iss: 'cmc-gateway',
      });
      const res = await request(`http://127.0.0.1:${gateway.port}`)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
    });
  });
});
