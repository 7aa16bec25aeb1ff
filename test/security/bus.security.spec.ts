import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { ActorSigner, bodyHash, HEADER_ACTOR_TOKEN } from '../../libs/shared/src/bus/actor-token';
import { decodeJson, encodeJson } from '../../libs/shared/src/bus/wire';
import { sql } from '../support/api';
import { startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';
import { demoWorld, residentId } from './fixtures';
import { isolatedRun } from '../support/isolated-run';

type Reply = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('secbus');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/**
 * Issue 9, from the security review: a NATS client with no credentials sent referral.get with a
 * hand-made actor header and got the referral. Every service now verifies a signed actor.
 */
describe('security: the bus refuses unsigned, forged, stale and replayed actors', () => {
  let sys: System;
  let nc: NatsConnection;
  let referralId: string;
  let admin: Record<string, unknown>;
  const subject = () => `${testEnv().BUS_PREFIX}.referral.get`;
  const body = () => encodeJson({ id: referralId });

  async function ask(h: ReturnType<typeof headers>, data = body(), to = subject()) {
    const msg = await nc.request(to, data, { headers: h, timeout: 5000 });
    return decodeJson(msg.data) as Reply;
  }

  beforeAll(async () => {
    sys = await startSystem();
    const w = await demoWorld(sys);
    const patientId = (
      await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19660606', 61),
        name: '总线测试',
      })
    ).body.id;
    referralId = (
      await w.as['pj.coord'].post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: w.lead,
        patientId,
        diagnoses: ['I20.0'],
        reason: '胸痛，保密',
      })
    ).body.id;
    const [row] = await sql<{ id: string; institution_id: string; community_id: string }>(
      `SELECT u.id, u.institution_id, i.community_id FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id WHERE username = 'rm.admin'`,
    );
    admin = {
      kind: 'user',
      id: row.id,
      name: 'mallory',
      institutionId: row.institution_id,
      communityId: row.community_id,
      roles: ['community_admin'],
      scopes: [],
      centerIds: [],
    };
    nc = await connect({ servers: testEnv().NATS_URL }); // an anonymous client, as in the review
  });
  afterAll(async () => {
    await nc?.close();
    await sys?.stop();
  });

  const refused = (reply: Reply, why: RegExp) => {
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe('UNAUTHENTICATED');
    expect(reply.error?.message).toMatch(why);
    expect(JSON.stringify(reply)).not.toContain('胸痛');
  };

  it('a hand-made actor header, as in the review, gets a refusal, not the referral', async () => {
    const h = headers();
    h.set('Cmc-Actor', Buffer.from(JSON.stringify(admin)).toString('base64url'));
    h.set('Cmc-Correlation-Id', 'forged-0001');
    refused(await ask(h), /no signed actor/);
  });

  it('a token signed with another key is refused', async () => {
    const forger = new ActorSigner('x'.repeat(20) + randomUUID(), 'cmc-gateway', 30);
    const h = headers();
    h.set(HEADER_ACTOR_TOKEN, await forger.sign(admin as never, 'forged-0002', subject(), body()));
    refused(await ask(h), /does not verify/);
  });

  it('a stale token is refused, even signed with the right key', async () => {
    const key = new TextEncoder().encode(process.env.BUS_SIGNING_KEY!);
    const old = Math.floor(Date.now() / 1000) - 120;
    const token = await new SignJWT({
      act: admin,
      cid: 'stale-0001',
      subj: subject(),
      bh: bodyHash(body()),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'cmc-actor+jwt' })
      .setIssuer('cmc-gateway')
      .setIssuedAt(old)
      .setJti(randomUUID())
      .sign(key);
    const h = headers();
    h.set(HEADER_ACTOR_TOKEN, token);
    refused(await ask(h), /stale/);
  });

  it('a valid token copied onto another body or subject is refused', async () => {
    const signer = new ActorSigner(process.env.BUS_SIGNING_KEY!, 'cmc-gateway', 30);
    const h = headers();
    h.set(HEADER_ACTOR_TOKEN, await signer.sign(admin as never, 'moved-0001', subject(), body()));
    refused(await ask(h, encodeJson({ id: randomUUID() })), /another body/);
    const other = headers();
    other.set(
      HEADER_ACTOR_TOKEN,
      await signer.sign(
        admin as never,
        'moved-0002',
        `${testEnv().BUS_PREFIX}.referral.list`,
        body(),
      ),
    );
    refused(await ask(other), /another subject/);
  });

  it('a correctly signed actor without the right role is refused by the image index itself', async () => {
    // The gateway lets only clinicians, readers and admins reach DICOMweb and FHIR ImagingStudy;
    // the diagnosis service must refuse a coordinator too, whoever signed the message.
    const signer = new ActorSigner(process.env.BUS_SIGNING_KEY!, 'cmc-gateway', 30);
    const coordinator = { ...admin, roles: ['referral_coordinator'] };
    const prefix = testEnv().BUS_PREFIX;
    for (const [name, payload] of [
      ['diagnosis.dicomweb.search', { level: 'study', limit: 10 }],
      ['diagnosis.dicomweb.locate', { studyInstanceUid: '1.2.3' }],
    ] as const) {
      const to = `${prefix}.${name}`;
      const data = encodeJson(payload);
      const h = headers();
      h.set(HEADER_ACTOR_TOKEN, await signer.sign(coordinator as never, randomUUID(), to, data));
      const reply = await ask(h, data, to);
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe('FORBIDDEN');
    }
  });

  it('a message captured off the bus and sent again is refused as a replay', async () => {
    // A plain (non-queue) subscriber sees every request on the subject, as a sniffer would.
    const captured = new Promise<{ data: Uint8Array; token: string }>((resolve) => {
      const sub = nc.subscribe(subject(), {
        max: 1,
        callback: (_err, msg) =>
          resolve({ data: msg.data, token: msg.headers!.get(HEADER_ACTOR_TOKEN) }),
      });
      void sub;
    });
    await nc.flush();
    const pj = (await demoWorld(sys)).as['pj.coord'];
    expect((await pj.get(`/api/v1/referrals/${referralId}`)).status).toBe(200);
    const { data, token } = await captured;
    const h = headers();
    h.set(HEADER_ACTOR_TOKEN, token);
    refused(await ask(h, data), /replay/);
  });

  it('a correctly signed actor is served (the control)', async () => {
    const signer = new ActorSigner(process.env.BUS_SIGNING_KEY!, 'cmc-gateway', 30);
    const h = headers();
    h.set(HEADER_ACTOR_TOKEN, await signer.sign(admin as never, 'valid-0001', subject(), body()));
    const reply = await ask(h);
    expect(reply.ok).toBe(true);
    expect((reply.data as { id: string }).id).toBe(referralId);
  });
});
