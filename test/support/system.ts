import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testEnv } from './test-env';

const ROOT = path.resolve(__dirname, '../..');
export type AppName = 'gateway' | 'referral' | 'remote-diagnosis';

/** This run's blob storage (global teardown removes it). */
export function blobDir(): string {
  return path.join(tmpdir(), `cmc-blobs-${testEnv().BUS_PREFIX}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Every child still alive is killed when the test process leaves, whatever failed. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));

export interface RunningApp {
  name: AppName;
  child: ChildProcess;
  output: string[];
  port: number;
}

/**
 * Starts one of the built apps (dist/) as a real process against this run's database,
 * NATS prefix and Redis prefix, and waits until it reports ready.
 */
export async function startApp(
  name: AppName,
  extraEnv: Record<string, string> = {},
): Promise<RunningApp> {
  const port = await freePort();
  const env = {
    ...process.env,
    ...testEnv(),
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    PORT: String(port),
    REFERRAL_HEALTH_PORT: String(name === 'referral' ? port : 0),
    DIAGNOSIS_HEALTH_PORT: String(name === 'remote-diagnosis' ? port : 0),
    RATE_LIMIT_PER_MINUTE: '100000',
    // Suites share this run's Redis prefix and all call from 127.0.0.1; the security suite
    // starts gateways with the real limits to test them.
    AUTH_FAILURES_PER_IP: '100000',
    LOGIN_FAILURES_PER_ACCOUNT: '100000',
    BLOB_DIR: blobDir(),
    CONSOLE_DIST_DIR: path.join(ROOT, 'dist/console'),
    // This machine's free disk is not the tests' business, except where a test makes it so.
    BLOB_MIN_FREE_BYTES: '0',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${name}/src/main.js`)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const app = { name, child, output, port };
  running.add(child);
  // Global teardown kills whatever is still listed here, even if this worker died abruptly.
  if (process.env.CMC_TEST_PID_DIR && child.pid)
    writeFileSync(path.join(process.env.CMC_TEST_PID_DIR, String(child.pid)), name);
  child.once('exit', () => {
    running.delete(child);
    if (process.env.CMC_TEST_PID_DIR)
      rmSync(path.join(process.env.CMC_TEST_PID_DIR, String(child.pid)), { force: true });
  });
  try {
    await waitReady(app);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return app;
}

async function waitReady(app: RunningApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited:\n${app.output.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${app.port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${app.name} not ready in ${timeoutMs} ms:\n${app.output.join('')}`);
}

export async function stopApp(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  // TEST_LOG_DIR keeps every service's output for a post-mortem of a failed run.
  if (process.env.TEST_LOG_DIR) {
    mkdirSync(process.env.TEST_LOG_DIR, { recursive: true });
    writeFileSync(
      path.join(process.env.TEST_LOG_DIR, `${app.name}-${app.child.pid}.log`),
      app.output.join(''),
    );
  }
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise((resolve) => app.child.once('exit', resolve));
  app.child.kill(signal);
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export interface System {
  gateway: RunningApp;
  referral: RunningApp;
  diagnosis: RunningApp;
  url: string;
  stop: () => Promise<void>;
}

export async function startSystem(
  gatewayEnv: Record<string, string> = {},
  referralEnv: Record<string, string> = {},
  diagnosisEnv: Record<string, string> = {},
): Promise<System> {
  // The referral service logs every handled message (debug), so tests can follow a correlation id.
  const started = await Promise.allSettled([
    startApp('referral', { LOG_LEVEL: 'debug', ...referralEnv }),
    startApp('remote-diagnosis', diagnosisEnv),
  ]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(
      started.map((r) => (r.status === 'fulfilled' ? stopApp(r.value) : undefined)),
    );
    throw (failed as PromiseRejectedResult).reason;
  }
  const [referral, diagnosis] = started.map((r) => (r as PromiseFulfilledResult<RunningApp>).value);
  let gateway: RunningApp;
  try {
    gateway = await startApp('gateway', { DEMO_DATA: 'true', ...gatewayEnv });
  } catch (error) {
    await Promise.all([stopApp(referral), stopApp(diagnosis)]);
    throw error;
  }
  const system: System = {
    gateway,
    referral,
    diagnosis,
    url: `http://127.0.0.1:${gateway.port}`,
    // Reads the fields at stop time: a test may have replaced a service with a restarted one.
    stop: async () => {
      await Promise.all(
        [system.gateway, system.referral, system.diagnosis].map((app) => stopApp(app)),
      );
    },
  };
  return system;
}

/** Generated for this run by global setup (test/support/global-setup.ts). */
function runSecret(name: 'DEMO_PASSWORD' | 'DEMO_API_KEY'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} missing: run tests through \`npm test\` (jest globalSetup)`);
  return value;
}
export const DEMO_PASSWORD = runSecret('DEMO_PASSWORD');
export const DEMO_API_KEY = runSecret('DEMO_API_KEY');

export async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
