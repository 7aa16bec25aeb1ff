import * as iconv from 'iconv-lite';
import { demoWorld } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { adt, orm, readingFlow, residentId, sexOf } from '../support/hl7-fixtures';
import { ackFields, Hl7Receiver, mllp, parseHl7, sendHl7, sendRaw } from '../support/hl7-peer';
import { isolatedRun } from '../support/isolated-run';
import { freePort, login, startSystem, System } from '../support/system';

/**
 * Issue 15 item 4: a HIS speaks HL7 v2 over MLLP. Driven by simple-hl7 (client, parser and
 * receiver independent of ours): ADT registers patients, ORM orders exams, malformed messages
 * get AE/AR naming segment and field, and a final report goes back as ORU^R01, later if the
 * receiver is down.
 */
describe('HL7 v2 over MLLP (simple-hl7, e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let admin: Api;
  let clinic: Api;
  let port: number;
  let receiver: Hl7Receiver;
  let clientId: string;

  const findPatient = async (id: string) =>
    (
      (await clinic.post('/api/v1/patients/search', { residentId: id })).body as {
        id: string;
        name: string;
      }[]
    )[0];

  beforeAll(async () => {
    isolation = await isolatedRun('hl7');
    port = await freePort();
    receiver = new Hl7Receiver(await freePort());
    sys = await startSystem({
      HL7_PORT: String(port),
      HL7_TIMEOUT_SECONDS: '3',
      HL7_RETRY_SCHEDULE: '1s,1s,2s,2s,3s,3s,5s,5s',
      HL7_SWEEP_MS: '500',
    });
    w = await demoWorld(sys);
    admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    clinic = w.as['pj.doctor'];
    const created = await admin.post('/api/v1/admin/hl7-clients', {
      institutionId: w.pingjin,
      name: '屏锦 HIS',
      sendingApplication: 'PJ_HIS',
      sendingFacility: 'PJ',
      defaultCenterId: w.imaging,
      outboundHost: '127.0.0.1',
      outboundPort: receiver.port,
      receivingApplication: 'PJ_HIS',
      receivingFacility: 'PJ',
    });
    expect(created.status).toBe(201);
    clientId = created.body.id;
  });
  afterAll(async () => {
    receiver?.stop();
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('registers HL7 clients through the admin API only, once per MSH-3/MSH-4', async () => {
    const again = await admin.post('/api/v1/admin/hl7-clients', {
      institutionId: w.fulu,
      name: 'dup',
      sendingApplication: 'PJ_HIS',
      sendingFacility: 'PJ',
      defaultCenterId: w.imaging,
    });
    expect(again.status).toBe(409);
    const notCenter = await admin.post('/api/v1/admin/hl7-clients', {
      institutionId: w.fulu,
      name: 'x',
      sendingApplication: 'FL_HIS',
      sendingFacility: 'FL',
      defaultCenterId: w.ward,
    });
    expect(notCenter.status).toBe(400);
    expect((await clinic.get('/api/v1/admin/hl7-clients')).status).toBe(403);
    const listed = await admin.get('/api/v1/admin/hl7-clients');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: clientId, sendingApplication: 'PJ_HIS' }),
    ]);
  });

  it('ADT^A04 in UTF-8 registers the patient and A08 updates the name; ACK AA echoes MSH-10', async () => {
    const id = residentId();
    const ack = ackFields(
      await sendHl7(port, adt('A04', id, '张^三丰', { control: 'CTRL-A04-1' })),
    );
    expect(ack).toMatchObject({ code: 'AA', controlId: 'CTRL-A04-1' });
    expect(await findPatient(id)).toMatchObject({
      name: '张三丰',
      sex: sexOf(id) === 'M' ? 'male' : 'female',
    });
    expect(ackFields(await sendHl7(port, adt('A08', id, '张^三峰'))).code).toBe('AA');
    expect((await findPatient(id)).name).toBe('张三峰');
    const [audit] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE actor_kind = 'hl7_client' AND actor_id = $1 AND resource_type = 'Patient'`,
      [clientId],
    );
    expect(audit.n).toBeGreaterThanOrEqual(2);
  });

  it('decodes GB 18030 by MSH-18 and answers in it', async () => {
    const id = residentId();
    const bytes = iconv.encode(
      adt('A04', id, '欧阳^娜娜', { msh18: 'GB 18030-2000', control: 'GB1' }),
      'gb18030',
    );
    const { reply } = await sendRaw(port, mllp(bytes));
    const ack = parseHl7(iconv.decode(reply.subarray(1, reply.length - 2), 'gb18030'));
    expect(ackFields(ack)).toMatchObject({ code: 'AA', controlId: 'GB1' });
    expect((await findPatient(id)).name).toBe('欧阳娜娜');
  });

  it('answers malformed messages with AE/AR naming the segment and field', async () => {
    const id = residentId();
    const badCheck = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(ackFields(await sendHl7(port, adt('A04', badCheck, '王^五')))).toMatchObject({
      code: 'AE',
      errSegment: 'PID',
      errField: '3',
      errCode: '102',
    });
    expect(ackFields(await sendHl7(port, adt('A04', id, '')))).toMatchObject({
      code: 'AE',
      errSegment: 'PID',
      errField: '5',
    });
    expect(
      ackFields(await sendHl7(port, adt('A04', id, '王^五', { app: 'NOBODY' }))),
    ).toMatchObject({
      code: 'AR',
      errSegment: 'MSH',
      errField: '3',
    });
    const siu = adt('A04', id, '王^五').replace('ADT^A04^ADT_A01', 'SIU^S12');
    expect(ackFields(await sendHl7(port, siu))).toMatchObject({
      code: 'AR',
      errSegment: 'MSH',
      errField: '9',
    });
    const noControlId = adt('A04', id, '王^五', { control: '' });
    expect(ackFields(await sendHl7(port, noControlId))).toMatchObject({
      code: 'AR',
      errField: '10',
    });
    expect(await findPatient(id)).toBeUndefined();
  });

  it('ORM^O01 orders an exam for the client’s institution; a resend is the same order; CA cancels it', async () => {
    const id = residentId();
    const ack = ackFields(await sendHl7(port, orm(id, 'PO-77', 'ACC77')));
    expect(ack.code).toBe('AA');
    const orders = async () =>
      (
        (await clinic.get('/api/v1/exam-orders?accessionNumber=ACC77')).body as {
          items: Record<string, unknown>[];
        }
      ).items;
    expect(await orders()).toEqual([
      expect.objectContaining({
        accessionNumber: 'ACC77',
        placerOrderNumber: 'PO-77',
        modality: 'CT',
        priority: 'STAT',
        requestedProcedure: '头颅CT平扫',
        centerId: w.imaging,
        institutionId: w.pingjin,
        status: 'SCHEDULED',
      }),
    ]);
    expect(ackFields(await sendHl7(port, orm(id, 'PO-77', 'ACC77'))).code).toBe('AA');
    expect(await orders()).toHaveLength(1);
    expect(ackFields(await sendHl7(port, orm(id, 'PO-77', 'ACC77', 'CA'))).code).toBe('AA');
    expect((await orders())[0]).toMatchObject({ status: 'CANCELLED' });
    expect(ackFields(await sendHl7(port, orm(id, 'PO-NONE', 'ACC78', 'CA')))).toMatchObject({
      code: 'AE',
      errSegment: 'ORC',
      errField: '2',
    });
  });

  const reading = () => readingFlow(sys, w, clinic);
  const finalReport = (
    patientId: string,
    findings: string,
    impression: string,
    critical?: string,
  ) => reading().finalReport(patientId, findings, impression, critical);
  const oruFor = (name: string) =>
    receiver.received.find((m) => m.getSegment('PID')?.getComponent(5, 1) === name);

  it('sends an ORU^R01 when the report is final, with the findings and impression', async () => {
    receiver.start();
    const id = residentId();
    expect(ackFields(await sendHl7(port, adt('A04', id, '赵^六'))).code).toBe('AA');
    const patient = await findPatient(id);
    await finalReport(patient.id, '脑实质密度均匀，脑室系统未见扩张', '颅脑CT平扫未见明显异常');
    const oru = await eventually('ORU received', async () => oruFor('赵六'), 30_000);
    expect(oru.header.getComponent(7, 1)).toBe('ORU');
    expect(oru.header.getComponent(7, 2)).toBe('R01');
    // PID-3 repeats (resident ID, then our patient id): first repetition, first component.
    expect(oru.getSegment('PID')?.getField(3, 1).split('^')[0]).toBe(id);
    expect(oru.getSegment('OBR')?.getField(25)).toBe('F');
    const obx = oru.getSegments('OBX');
    expect(obx.map((s) => s.getField(5))).toEqual([
      '脑实质密度均匀，脑室系统未见扩张',
      '颅脑CT平扫未见明显异常',
    ]);
    const log = await admin.get(`/api/v1/admin/hl7-clients/${clientId}/deliveries`);
    expect(log.body.items[0]).toMatchObject({
      eventType: 'report.finalized',
      status: 'DELIVERED',
      lastAckCode: 'AA',
    });
  });

  it('closes the loop: an HL7 order’s study is queued by accession and its ORU names the order', async () => {
    const id = residentId();
    await reading().clearQueue();
    // Scheduled now (no ORC-7 start), as an order performed the same day.
    const order = orm(id, 'PO-LOOP', 'ACCLOOP1').replace('20270102090000', '');
    expect(ackFields(await sendHl7(port, order)).code).toBe('AA');
    const studyId = await reading().upload('ACCLOOP1');
    await reading().readAndApprove(studyId, '肝实质回声均匀', '肝脏未见异常');
    const oru = await eventually('ORU for the order', async () =>
      receiver.received.find((m) => m.getSegment('OBR')?.getField(18) === 'ACCLOOP1'),
    );
    expect(oru.getSegment('OBR')?.getField(2)).toBe('PO-LOOP');
    expect(oru.getSegment('OBR')?.getComponent(4, 2)).toBe('头颅CT平扫');
    expect(oru.getSegments('OBX').map((o) => o.getField(5))).toEqual([
      '肝实质回声均匀',
      '肝脏未见异常',
    ]);
  });

  it('keeps the ORU for a receiver that is down and sends it when it is back', async () => {
    receiver.stop();
    const id = residentId();
    expect(ackFields(await sendHl7(port, adt('A04', id, '钱^七'))).code).toBe('AA');
    const patient = await findPatient(id);
    const studyId = await finalReport(patient.id, '双肺纹理清晰', '胸部未见异常');
    const failed = await eventually('a failed attempt recorded', async () => {
      const items = (
        await admin.get(`/api/v1/admin/hl7-clients/${clientId}/deliveries?status=FAILED`)
      ).body.items as { studyId: string; attempts: number; lastError: string }[];
      return items.find((i) => i.studyId === studyId && i.attempts >= 1);
    });
    expect(failed.lastError).toMatch(/ECONNREFUSED|closed|ACK/);
    receiver.start();
    const oru = await eventually(
      'ORU received after the receiver came back',
      async () => oruFor('钱七'),
      30_000,
    );
    expect(oru.getSegments('OBX').map((s) => s.getField(5))).toEqual([
      '双肺纹理清晰',
      '胸部未见异常',
    ]);
  });

  it('sends a critical finding at once, flagged AA, before the final report', async () => {
    const id = residentId();
    expect(ackFields(await sendHl7(port, adt('A04', id, '孙^八'))).code).toBe('AA');
    const patient = await findPatient(id);
    await finalReport(patient.id, '右侧颞叶高密度影', '脑出血', '急性脑出血，量约30ml');
    const both = await eventually('critical and final ORU', async () => {
      const mine = receiver.received.filter(
        (m) => m.getSegment('PID')?.getComponent(5, 1) === '孙八',
      );
      return mine.length >= 2 && mine;
    });
    // One client's results arrive in the order they happened: the critical one first.
    const [critical, final] = both;
    expect(critical.getSegments('OBX').map((o) => [o.getField(5), o.getField(8)])).toEqual([
      ['急性脑出血，量约30ml', 'AA'],
    ]);
    expect(final.getSegment('OBR')?.getField(25)).toBe('F');
    expect(final.getSegments('OBX').map((o) => o.getField(5))).toEqual([
      '右侧颞叶高密度影',
      '脑出血',
    ]);
  });

  it('never logs a resident ID or a patient name', () => {
    const logs = sys.gateway.output.join('');
    for (const name of ['张三丰', '欧阳娜娜', '赵六', '钱七', '孙八'])
      expect(logs).not.toContain(name);
    expect(logs).not.toMatch(/500228199001\d{5}[\dX]/);
  });
});
