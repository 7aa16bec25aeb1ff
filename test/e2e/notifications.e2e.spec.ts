import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { envelopeOf, OutboxRow } from '../../libs/shared/src/events/outbox-relay';
import { ctInstance, demoWorld, residentId, uploadAs } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  at: number;
}
type Notice = { id: string; sequence: number; type: string; urgency: string; title: string };

/** Every stream a test opened, closed after it whatever happened. */
const opened: (() => void)[] = [];

/** A fetch-based SSE client, as the console will use one: the token in a header, never in a URL. */
async function openStream(url: string, token: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/v1/notifications/stream`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const frames: Frame[] = [];
  opened.push(() => abort.abort());
  if (res.status === 200)
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame: Frame = { at: Date.now() };
          for (const line of buffer.slice(0, end).split('\n')) {
            const m = /^(id|event|data): ?(.*)$/.exec(line);
            if (m) frame[m[1] as 'id'] = m[2];
          }
          buffer = buffer.slice(end + 2);
          if (frame.event) frames.push(frame);
        }
      }
    })().catch(() => undefined);
  const notices = () =>
    frames.filter((f) => f.event === 'notification').map((f) => JSON.parse(f.data!) as Notice);
  return {
    res,
    frames,
    notices,
    close: () => abort.abort(),
    waitFor: (pred: (n: Notice) => boolean, ms = 10_000) =>
      eventually('a notice on the stream', async () => notices().find(pred), ms),
    ready: () => eventually('ready', async () => frames.find((f) => f.event === 'ready'), 10_000),
  };
}

/** Issue 12, item 13: notices from real flows, per person, read marks, live and resumed streams. */
describe('notifications (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let patientId: string;
  const as = (u: string) => w.as[u as keyof typeof w.as];
  const listOf = async (u: string, query = '') =>
    (await as(u).get(`/api/v1/notifications${query}`)).body.items as Notice[];
  const noticeFor = (u: string, type: string, resourceId: string) =>
    eventually(`${type} for ${u}`, async () =>
      (await listOf(u)).find((n) => n.type === type && JSON.stringify(n).includes(resourceId)),
    );
  const greenChannel = async () =>
    (
      await as('pj.doctor').post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: w.lead,
        toDepartmentId: w.ward,
        patientId,
        diagnoses: ['I21.0'],
        reason: 'STEMI',
        greenChannel: 'CHEST_PAIN',
      })
    ).body.id as string;
  let n = 0;
  const readStudy = async () => {
    const up = await uploadAs(sys, as('pj.doctor').token, ctInstance(`1.2.9.77.${++n}`));
    await sql(`UPDATE diagnosis.studies SET status = 'RETURNED' WHERE status = 'QUEUED'`);
    await as('pj.doctor').post(`/api/v1/studies/${up.body.studyId}/reading-request`, {
      centerId: w.imaging,
      priority: 'STAT',
      clinicalHistory: '胸痛',
      question: '夹层？',
      patientId,
    });
    expect((await as('rm.reader').post('/api/v1/worklist/claim', {})).status).toBe(200);
    return up.body.studyId as string;
  };

  beforeAll(async () => {
    isolation = await isolatedRun('notifications');
    const fast = { SWEEP_INTERVAL_MS: '400' };
    sys = await startSystem(
      { NOTIFICATION_STREAMS_PER_USER: '3', NOTIFICATION_HEARTBEAT_MS: '300' },
      fast,
      fast,
    );
    w = await demoWorld(sys);
    patientId = (
      await as('pj.doctor').post('/api/v1/patients', {
        residentId: residentId('19600101', 31),
        name: '孙八',
      })
    ).body.id;
    await as('rm.coord').post('/api/v1/capacity/beds', {
      departmentId: w.ward,
      beds: ['N1', 'N2', 'N3', 'N4'].map((x, i) => ({
        number: x,
        pool: i ? 'GENERAL' : 'REFERRAL',
      })),
    });
  });
  afterEach(() => opened.splice(0).forEach((close) => close()));
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('pushes a green-channel arrival live to the receiving side only, stored before it is pushed', async () => {
    const [lead, sender, other] = await Promise.all(
      ['rm.coord', 'pj.coord', 'zy.coord'].map((u) => openStream(sys.url, as(u).token)),
    );
    await Promise.all([lead.ready(), sender.ready(), other.ready()]);
    const posted = Date.now();
    const referralId = await greenChannel();
    const live = await lead.waitFor((x) => x.type === 'referral.green_channel');
    const receivedAt = lead.frames.find((f) => f.data?.includes(live.id))!.at;
    expect(receivedAt - posted).toBeLessThan(2500);
    const [row] = await sql<{ created_at: Date; seq: string }>(
      `SELECT created_at, seq FROM gateway.notifications WHERE id = $1`,
      [live.id],
    );
    expect(Number(row.seq)).toBe(live.sequence);
    expect(row.created_at.getTime()).toBeLessThanOrEqual(receivedAt);
    expect(live).toMatchObject({ urgency: 'CRITICAL', title: '绿色通道：胸痛患者即将到达' });
    expect(live).toMatchObject({ resource: { type: 'referral', id: referralId } });
    const rmDoctor = new Api(sys.url, await login(sys.url, 'rm.doctor')); // the lead's clinicians too
    await eventually('the clinician told', async () =>
      (await rmDoctor.get('/api/v1/notifications')).body.items.find(
        (x: Notice) => x.id === live.id,
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect([sender.notices(), other.notices()]).toEqual([[], []]);
    expect(await listOf('pj.coord')).toEqual([]);
    expect(await listOf('zy.coord')).toEqual([]);
    const count = (await as('rm.coord').get('/api/v1/notifications/unread-count')).body;
    expect(count).toEqual({ unread: 1, byUrgency: { CRITICAL: 1, HIGH: 0, NORMAL: 0 } });
    [lead, sender, other].forEach((s) => s.close());
  });

  it('tells the clinic of a critical finding, then its clinicians and the community admins when it escalates', async () => {
    const studyId = await readStudy();
    const raised = (
      await as('rm.reader').post(`/api/v1/studies/${studyId}/critical`, { description: '气胸' })
    ).body;
    await noticeFor('pj.doctor', 'critical.raised', raised.id);
    await sql(
      `UPDATE diagnosis.critical_findings SET ack_deadline = now() - interval '1 second' WHERE id = $1`,
      [raised.id],
    );
    await noticeFor('pj.doctor', 'critical.escalated', raised.id);
    await noticeFor('rm.admin', 'critical.escalated', raised.id);
    const types = async (u: string) => (await listOf(u)).map((x) => x.type);
    expect(await types('rm.admin')).not.toContain('critical.raised');
    expect(await types('bj.doctor')).toEqual([]); // another township of the same community
    const zyAdmin = new Api(sys.url, await login(sys.url, 'zy.admin')); // the other 医联体
    expect((await zyAdmin.get('/api/v1/notifications')).body.items).toEqual([]);
  });

  it('tells the clinic when a study is sent back', async () => {
    const studyId = await readStudy();
    await as('rm.reader').post(`/api/v1/studies/${studyId}/send-back`, { reason: '运动伪影' });
    const notice = await noticeFor('pj.doctor', 'study.returned', studyId);
    expect(notice).toMatchObject({ urgency: 'NORMAL', link: `/studies/${studyId}` });
  });

  it('tells the receiving coordinators of an escalated referral, and both sides of an overdue follow-up', async () => {
    await as('rm.admin').patch('/api/v1/referral-policy', {
      responseEscalationMinutes: 0.01,
      followUpDays: 0.00002,
      followUpGraceDays: 0,
    });
    const up = (
      await as('pj.coord').post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: w.lead,
        patientId,
        diagnoses: ['I20.0'],
        reason: '心绞痛',
      })
    ).body.id;
    expect((await noticeFor('rm.coord', 'referral.escalated', up)).urgency).toBe('HIGH');
    // The sweep would escalate the next referral too, racing its acceptance (409).
    await as('rm.admin').patch('/api/v1/referral-policy', { responseEscalationMinutes: 120 });
    const created = await as('rm.coord').post('/api/v1/referrals', {
      direction: 'DOWN',
      toInstitutionId: w.pingjin,
      patientId,
      diagnoses: ['E11.9'],
      reason: '稳定期',
    });
    const down = created.body.id;
    const accepted = await as('pj.coord').post(`/api/v1/referrals/${down}/accept`);
    expect([created.status, accepted.status, accepted.body.detail]).toEqual([201, 200, undefined]);
    await noticeFor('pj.coord', 'follow_up.overdue', down);
    await noticeFor('rm.coord', 'follow_up.overdue', down);
    await as('rm.admin').patch('/api/v1/referral-policy', {
      followUpDays: 7,
      followUpGraceDays: 3,
    });
  });

  it('marks one and all read, and refuses bad input and other people’s notices, changing nothing', async () => {
    const readState = () => sql(`SELECT * FROM gateway.notification_reads ORDER BY read_at`);
    const marks = () => sql(`SELECT * FROM gateway.notification_read_marks`);
    const before = [await readState(), await marks()];
    const mine = (await listOf('pj.doctor'))[0];
    const refusals = [
      await as('pj.doctor').post('/api/v1/notifications/not-a-uuid/read'),
      await as('pj.doctor').post(`/api/v1/notifications/${randomUUID()}/read`),
      await as('bj.doctor').post(`/api/v1/notifications/${mine.id}/read`),
      await as('rm.coord').get(`/api/v1/notifications/${mine.id}`),
      await as('pj.doctor').post('/api/v1/notifications/read-all', { through: 10 ** 12 }),
      await as('pj.doctor').post('/api/v1/notifications/read-all', { through: 'all' }),
      await as('pj.doctor').get('/api/v1/notifications?limit=0'),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 404, 404, 404, 400, 400, 400]);
    for (const r of refusals) expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect([await readState(), await marks()]).toEqual(before);
    const unread = async () =>
      (await as('pj.doctor').get('/api/v1/notifications/unread-count')).body;
    const start = (await unread()).unread;
    expect(start).toBeGreaterThanOrEqual(3);
    const read = await as('pj.doctor').post(`/api/v1/notifications/${mine.id}/read`);
    expect(read.body).toMatchObject({ id: mine.id, read: true, readAt: expect.any(String) });
    expect((await unread()).unread).toBe(start - 1);
    expect((await listOf('pj.doctor', '?unread=true')).map((x) => x.id)).not.toContain(mine.id);
    expect((await unread()).unread).toBe(start - 1); // the same again changes nothing
    const all = await as('pj.doctor').post('/api/v1/notifications/read-all', {});
    expect(all.body).toMatchObject({ marked: start - 1, unread: 0 });
    expect((await listOf('rm.coord', '?unread=true')).length).toBeGreaterThan(0); // per user
  });

  it('replays what a reconnecting client missed, in order, after Last-Event-ID', async () => {
    const first = await openStream(sys.url, as('rm.coord').token);
    const cursor = (await first.ready()).id!;
    first.close();
    const missed = [await greenChannel(), await greenChannel()];
    await noticeFor('rm.coord', 'referral.green_channel', missed[1]);
    const again = await openStream(sys.url, as('rm.coord').token, { 'last-event-id': cursor });
    await again.ready();
    const got = again.notices();
    expect(got.map((x) => JSON.stringify(x).includes(missed[0]))).toEqual([true, false]);
    expect(got[0].sequence).toBeLessThan(got[1].sequence);
    expect(again.frames.map((f) => f.event)).toEqual(['notification', 'notification', 'ready']);
    again.close();
    for (const bad of ['abc', '-1', '1'.repeat(16), '999999999999'])
      expect(
        (await openStream(sys.url, as('rm.coord').token, { 'last-event-id': bad })).res.status,
      ).toBe(400);
    const plain = await fetch(`${sys.url}/api/v1/notifications/stream`, {
      headers: { authorization: `Bearer ${as('rm.coord').token}` },
    });
    expect([plain.status, plain.headers.get('content-type')]).toEqual([
      406,
      expect.stringMatching(/problem/),
    ]);
    expect((await fetch(`${sys.url}/api/v1/notifications/stream`)).status).toBe(401);
  });

  it('turns an event into one notice even when it is delivered again', async () => {
    const referralId = await greenChannel();
    const notice = await noticeFor('rm.coord', 'referral.green_channel', referralId);
    const [row] = await sql<OutboxRow>(
      `SELECT * FROM referral.outbox WHERE aggregate_id = $1 AND type = 'referral.green_channel'`,
      [referralId],
    );
    const envelope = envelopeOf(row);
    const stream = await openStream(sys.url, as('rm.coord').token, {
      'last-event-id': String(notice.sequence),
    });
    await stream.ready();
    const { BUS_PREFIX, NATS_URL } = testEnv();
    const nc = await connect({ servers: NATS_URL });
    const js = jetstream(nc);
    const publish = () =>
      js.publish(`${BUS_PREFIX}.evt.referral.green_channel`, JSON.stringify(envelope), {
        msgID: randomUUID(), // past JetStream's de-duplication: a true redelivery
      });
    const jsm = await jetstreamManager(nc);
    const consumed = () =>
      eventually('redelivery consumed', async () => {
        const info = await jsm.consumers.info(
          `${BUS_PREFIX.toUpperCase()}_EVENTS`,
          'gateway-notifications',
        );
        return info.num_pending === 0 && info.num_ack_pending === 0;
      });
    await publish(); // the inbox row is there: acknowledged, not applied
    await consumed();
    await sql(
      `DELETE FROM gateway.inbox WHERE consumer = 'gateway-notifications' AND event_id = $1`,
      [envelope.id],
    );
    await publish(); // no inbox row: applied again, and the unique event id holds
    await consumed();
    expect(
      await sql(
        `SELECT count(*)::int n FROM gateway.inbox WHERE consumer = 'gateway-notifications' AND event_id = $1`,
        [envelope.id],
      ),
    ).toEqual([{ n: 1 }]);
    await nc.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(
      await sql(`SELECT count(*)::int n FROM gateway.notifications WHERE event_id = $1`, [
        envelope.id,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(stream.notices()).toEqual([]);
    stream.close();
  });

  it('bounds streams per user and frees a place when a client goes away', async () => {
    const token = as('bj.doctor').token;
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await openStream(sys.url, token));
    await Promise.all(open.map((s) => s.ready()));
    const refused = await openStream(sys.url, token);
    expect([refused.res.status, refused.res.headers.get('retry-after')]).toEqual([429, '30']);
    const other = await openStream(sys.url, as('pj.doctor').token);
    expect(other.res.status).toBe(200); // other users are unaffected
    open.pop()!.close();
    const gauge = async () =>
      Number(
        /^notification_streams_open\S* (\d+)/m.exec(
          await (await fetch(`${sys.url}/metrics`)).text(),
        )![1],
      );
    const reopened = await eventually('a place freed', async () => {
      const s = await openStream(sys.url, token);
      return s.res.status === 200 && s;
    });
    expect(await gauge()).toBeGreaterThanOrEqual(4);
    [...open, reopened, other].forEach((s) => s.close());
    await eventually('streams closed', async () => (await gauge()) === 0);
  });
});
