import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { ActorSigner, HEADER_ACTOR_TOKEN } from '../../libs/shared/src/bus/actor-token';
import { decodeJson, encodeJson } from '../../libs/shared/src/bus/wire';
import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';
import { demoWorld } from './fixtures';

type Reply = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('secbusin');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/**
 * Issue 16's new bus inputs, sent straight to the bus with a correctly signed actor, as a
 * compromised or buggy sender would: the batched registration and the worklist's wildcard
 * matches. The gateway never sends these shapes, so only the owning service's own checks
 * stand between them and the database.
 */
describe('security: the diagnosis service refuses malformed batches and match patterns', () => {
  let sys: System;
  let nc: NatsConnection;
  let clinician: Record<string, unknown>;
  const signer = () => new ActorSigner(process.env.BUS_SIGNING_KEY!, 'cmc-gateway', 30);

  async function send(name: string, payload: unknown, actor = clinician): Promise<Reply> {
    const to = `${testEnv().BUS_PREFIX}.${name}`;
    const data = encodeJson(payload);
    const h = headers();
    h.set(HEADER_ACTOR_TOKEN, await signer().sign(actor as never, randomUUID(), to, data));
    return decodeJson((await nc.request(to, data, { headers: h, timeout: 10_000 })).data) as Reply;
  }

  const refused = (reply: Reply, code: string, why: RegExp) => {
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe(code);
    expect(reply.error?.message).toMatch(why);
  };

  const studyUid = `1.2.826.0.1.3680043.10.9.${Date.now()}`;
  /** A well-formed item: what the gateway sends for one stored CT instance. */
  const item = (n: number) => ({
    blob: { key: `ab/${randomUUID()}`, size: 1024, sha256: 'a'.repeat(64) },
    header: {
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid: `${studyUid}.1.${n}`,
      studyInstanceUid: studyUid,
      seriesInstanceUid: `${studyUid}.1`,
      modality: 'CT',
      studyDate: '20261203',
      accessionNumber: null,
    },
  });
  const filed = async () =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM diagnosis.instances i JOIN diagnosis.studies s ON s.id = i.study_id
          WHERE s.study_instance_uid = $1`,
        [studyUid],
      )
    )[0].n;

  beforeAll(async () => {
    sys = await startSystem();
    await demoWorld(sys);
    const [row] = await sql<{ id: string; institution_id: string; community_id: string }>(
      `SELECT u.id, u.institution_id, i.community_id FROM gateway.users u
         JOIN gateway.institutions i ON i.id = u.institution_id WHERE username = 'pj.doctor'`,
    );
    clinician = {
      kind: 'user',
      id: row.id,
      name: '屏锦中心卫生院 医生',
      institutionId: row.institution_id,
      communityId: row.community_id,
      roles: ['clinician'],
      scopes: [],
      centerIds: [],
    };
    nc = await connect({ servers: testEnv().NATS_URL });
  });
  afterAll(async () => {
    await nc?.close();
    await sys?.stop();
  });

  it('refuses a batch of 101 items, or of none, and files nothing of it', async () => {
    const many = Array.from({ length: 101 }, (_, n) => item(n));
    refused(
      await send('diagnosis.instances.register-many', { items: many }),
      'VALIDATION_FAILED',
      /100/,
    );
    refused(
      await send('diagnosis.instances.register-many', { items: [] }),
      'VALIDATION_FAILED',
      /items/,
    );
    expect(await filed()).toBe(0);
  });

  it('refuses a batch whose one bad blob key would point outside the store', async () => {
    const bad = { ...item(2), blob: { ...item(2).blob, key: '../../etc/passwd' } };
    refused(
      await send('diagnosis.instances.register-many', { items: [item(1), bad] }),
      'VALIDATION_FAILED',
      /key/,
    );
    expect(await filed()).toBe(0);
  });

  it('refuses a signed actor who may not upload, whatever the batch', async () => {
    const coordinator = { ...clinician, roles: ['referral_coordinator'] };
    refused(
      await send('diagnosis.instances.register-many', { items: [item(3)] }, coordinator),
      'FORBIDDEN',
      /upload/,
    );
    const engine = { ...clinician, kind: 'api_client', roles: [], scopes: ['fhir:read'] };
    refused(
      await send('diagnosis.instances.register-many', { items: [item(4)] }, engine),
      'FORBIDDEN',
      /upload/,
    );
    expect(await filed()).toBe(0);
  });

  it('files a well-formed batch from a clinician (the control)', async () => {
    const reply = await send('diagnosis.instances.register-many', { items: [item(5), item(6)] });
    expect(reply.ok).toBe(true);
    const results = (reply.data as { results: { ok: boolean }[] }).results;
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await filed()).toBe(2);
  });

  it.each([
    ['a NUL byte', 'patientIdMatches', 'P\u0000*'],
    ['a line feed', 'accessionNumberMatches', 'A\n*'],
    ['65 characters', 'modalityMatches', 'C'.repeat(65)],
    ['an empty pattern', 'patientIdMatches', ''],
  ])('refuses a worklist match with %s', async (_what, field, pattern) => {
    refused(
      await send('diagnosis.orders.list', { [field]: pattern }),
      'VALIDATION_FAILED',
      new RegExp(field),
    );
  });

  it('answers a worklist match of 64 characters with wildcards (the control)', async () => {
    const reply = await send('diagnosis.orders.list', {
      patientIdMatches: `*${'?'.repeat(62)}*`,
      modalityMatches: 'C?',
    });
    expect(reply.ok).toBe(true);
    expect(Array.isArray((reply.data as { items: unknown[] }).items)).toBe(true);
  });
});
