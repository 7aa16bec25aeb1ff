import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { isolatedRun } from '../support/isolated-run';
import { freePort, startSystem, System } from '../support/system';
import { ctInstance, demoWorld, uploadAs } from './fixtures';
import { registerPatient, upReferral } from '../support/referrals';

const ROOT = path.resolve(__dirname, '../..');
const NATS_SERVER = '/usr/sbin/nats-server';

/** Permission errors the server reports to a client, collected as they come. */
async function clientAs(url: string, user?: string, pass?: string) {
  const nc = await connect({
    servers: url,
    ...(user ? { user, pass, inboxPrefix: `_INBOX_${user}` } : {}),
  });
  const errors: string[] = [];
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
  })();
  return { nc, errors };
}

const settle = () => new Promise((r) => setTimeout(r, 400));

/**
 * Issue 9: NATS authenticated where we configure it. This runs a real nats-server with the very
 * file compose and k8s run (k8s/base/nats.conf), then the whole platform against it, one NATS
 * user per service, and checks what each user may and may not do.
 */
describe('security: NATS with per-service users and subject permissions (k8s/base/nats.conf)', () => {
  let nats: ChildProcess;
  let url: string;
  let store: string;
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  // nats-server parses a $VARIABLE's value as config: one that starts with a digit is taken for
  // a number and the server exits (what failed CI once: hex passwords, one in ten runs or so).
  // scripts/generate-secrets.js makes NATS passwords start with a letter; so does this.
  const passwords = {
    gateway: `n${randomBytes(12).toString('hex')}`,
    referral: `n${randomBytes(12).toString('hex')}`,
    diagnosis: `n${randomBytes(12).toString('hex')}`,
  };
  const clients: NatsConnection[] = [];

  beforeAll(async () => {
    isolation = await isolatedRun('natsauth');
    const port = await freePort();
    url = `nats://127.0.0.1:${port}`;
    store = mkdtempSync(path.join(tmpdir(), 'cmc-nats-'));
    // The deployed file as it is, but for where a test machine may listen and store.
    const conf = readFileSync(path.join(ROOT, 'k8s/base/nats.conf'), 'utf8')
      .replace(/^port: 4222$/m, `listen: 127.0.0.1:${port}`)
      .replace(/^http_port: 8222$/m, '')
      .replace(/store_dir: \/data/, `store_dir: ${JSON.stringify(store)}`);
    expect(conf).toContain(store); // the replacements found what they replace
    writeFileSync(path.join(store, 'nats.conf'), conf);
    nats = spawn(NATS_SERVER, ['-c', path.join(store, 'nats.conf')], {
      env: {
        ...process.env,
        NATS_GATEWAY_PASSWORD: passwords.gateway,
        NATS_REFERRAL_PASSWORD: passwords.referral,
        NATS_DIAGNOSIS_PASSWORD: passwords.diagnosis,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const serverLog: string[] = [];
    nats.stdout?.on('data', (d: Buffer) => serverLog.push(d.toString()));
    nats.stderr?.on('data', (d: Buffer) => serverLog.push(d.toString()));
    // JetStream's store setup may take seconds on a loaded CI machine: wait for the server to
    // accept a login, and fail loudly (with its log) rather than start the platform against nothing.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await (await connect({ servers: url, user: 'gateway', pass: passwords.gateway })).close();
        break;
      } catch (err) {
        if (nats.exitCode !== null || Date.now() > deadline)
          throw new Error(`nats-server did not come up:\n${serverLog.join('')}`, { cause: err });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const as = (user: keyof typeof passwords) => ({
      BUS_PREFIX: 'cmc', // the prefix the permissions are written for
      NATS_URL: url,
      NATS_USER: user,
      NATS_PASSWORD: passwords[user],
    });
    sys = await startSystem(as('gateway'), as('referral'), as('diagnosis'));
  });
  afterAll(async () => {
    for (const nc of clients) await nc.close().catch(() => undefined);
    await sys?.stop();
    nats?.kill('SIGTERM');
    rmSync(store, { recursive: true, force: true });
    await isolation?.cleanup();
  });

  it('runs the platform end to end with those users: commands, replies, events, a service calling another', async () => {
    const w = await demoWorld(sys); // directory events reached both services' replicas
    const patientId = await registerPatient(w.as['pj.doctor'], '19700707', 71, '权限测试');
    const referral = await w.as['pj.coord'].post(
      '/api/v1/referrals',
      upReferral(w.lead, patientId, '胸痛'),
    );
    expect(referral.status).toBe(201);
    const up = await uploadAs(
      sys,
      w.as['pj.doctor'].token,
      ctInstance(`1.2.826.0.1.3680043.10.82.${process.pid}`),
    );
    expect(up.status).toBe(201);
    expect(
      (
        await w.as['pj.doctor'].post(`/api/v1/studies/${up.body.studyId}/reading-request`, {
          centerId: w.imaging,
          priority: 'STAT',
          clinicalHistory: '胸痛',
          question: '夹层？',
          patientId,
        })
      ).status,
    ).toBe(201);
    expect((await w.as['rm.reader'].post('/api/v1/worklist/claim', {})).body.study.id).toBe(
      up.body.studyId,
    );
    const finding = await w.as['rm.reader'].post(`/api/v1/studies/${up.body.studyId}/critical`, {
      description: '主动脉夹层',
    });
    expect(finding.status).toBe(201);
    // remote-diagnosis → referral.create, as the diagnosis user, signed as the diagnosis service.
    const green = await w.as['pj.doctor'].post(
      `/api/v1/critical-findings/${finding.body.id}/green-channel-referral`,
      {
        toInstitutionId: w.lead,
        greenChannel: 'CHEST_PAIN',
        diagnoses: ['I71.0'],
        reason: '危急值',
      },
    );
    expect(green.status).toBe(201);
    expect(green.body.status).toBe('ACCEPTED');
  });

  it('refuses an anonymous client and a wrong password at connect', async () => {
    await expect(connect({ servers: url })).rejects.toThrow(/Authorization/i);
    await expect(connect({ servers: url, user: 'referral', pass: 'wrong' })).rejects.toThrow(
      /Authorization/i,
    );
  });

  it('lets no service listen to another’s commands or read another’s replies', async () => {
    const { nc, errors } = await clientAs(url, 'referral', passwords.referral);
    clients.push(nc);
    nc.subscribe('cmc.diagnosis.>');
    nc.subscribe('_INBOX_gateway.>');
    await settle();
    expect(errors.join('\n')).toMatch(
      /Permissions Violation for Subscription to "cmc\.diagnosis\.>"/,
    );
    expect(errors.join('\n')).toMatch(
      /Permissions Violation for Subscription to "_INBOX_gateway\.>"/,
    );
  });

  it('lets no service forge directory events or ask for other services’ data', async () => {
    const referral = await clientAs(url, 'referral', passwords.referral);
    const diagnosis = await clientAs(url, 'diagnosis', passwords.diagnosis);
    clients.push(referral.nc, diagnosis.nc);
    referral.nc.publish('cmc.evt.directory.institution.upserted', new Uint8Array([123, 125]));
    diagnosis.nc.publish('cmc.referral.get', new Uint8Array([123, 125]));
    await settle();
    expect(referral.errors.join('\n')).toMatch(
      /Permissions Violation for Publish to "cmc\.evt\.directory/,
    );
    expect(diagnosis.errors.join('\n')).toMatch(
      /Permissions Violation for Publish to "cmc\.referral\.get"/,
    );
  });
});
