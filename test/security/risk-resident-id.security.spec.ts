import request from 'supertest';
import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';
import { ctInstance, demoWorld, residentId, uploadAs } from './fixtures';

/** The first sequence number from `from` whose GB 11643 check character is X (or is not). */
function idEndingIn(birth: string, x: boolean, from: number): string {
  for (let seq = from; seq < 1000; seq++) {
    const id = residentId(birth, seq);
    if (id.endsWith('X') === x) return id;
  }
  throw new Error('no such resident ID');
}

/**
 * Issue 13 item 14: resident IDs (GB 11643, 18 characters, the check character X in either case)
 * appear in clear nowhere but the request that carries them: not in any log line of any service
 * (at debug level), any outbox payload of any schema, or any audit row. A walk registers
 * patients (X, x and a digit), finds them by ID (REST and FHIR), refers, uploads a DICOM whose
 * PatientID is the resident ID, requests a reading, reports and raises a critical finding; an
 * invalid ID is refused. Then everything is searched, case-insensitively, for each ID and for
 * its first 17 characters.
 */
describe('risk: resident IDs in clear in no log, outbox payload or audit row', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  const upperX = idEndingIn('19620818', true, 150);
  const lowerX = idEndingIn('19710101', true, 150).toLowerCase();
  const digit = idEndingIn('19830412', false, 150);
  /** Its check character is wrong: refused, and its 17 digits must not be echoed either. */
  const wrong = `${digit.slice(0, 17)}${digit.endsWith('0') ? '1' : '0'}`;
  const ids = [upperX, lowerX, digit, wrong];

  beforeAll(async () => {
    isolation = await isolatedRun('riskresidentid');
    sys = await startSystem({ LOG_LEVEL: 'debug' }, { LOG_LEVEL: 'debug' }, { LOG_LEVEL: 'debug' });
    w = await demoWorld(sys);
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('walks the whole workflow with resident IDs', async () => {
    const doctor = w.as['pj.doctor'];
    const patients: string[] = [];
    for (const [i, id] of [upperX, lowerX, digit].entries()) {
      const res = await doctor.post('/api/v1/patients', {
        residentId: id,
        name: `身份证患者${i}`,
        phone: `1391234015${i}`,
      });
      expect([id, res.status]).toEqual([id, 201]);
      expect(JSON.stringify(res.body).toLowerCase()).not.toContain(id.toLowerCase());
      patients.push(res.body.id);
      // The same person again, in the other case: found, not registered twice.
      const again = await doctor.post('/api/v1/patients', {
        residentId: id === lowerX ? id.toUpperCase() : id,
        name: `身份证患者${i}`,
      });
      expect([id, again.status, again.body.id]).toEqual([id, 200, res.body.id]);
    }
    const refused = await doctor.post('/api/v1/patients', { residentId: wrong, name: '错号' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).not.toContain(wrong.slice(0, 17));
    const found = await doctor.post('/api/v1/patients/search', { residentId: lowerX });
    expect(found.status).toBe(200);
    expect(found.body.map((p: { id: string }) => p.id)).toEqual([patients[1]]);
    const fhir = await request(sys.url)
      .get(
        `/fhir/Patient?identifier=${encodeURIComponent(`https://cmc.example.org/fhir/sid/cn-resident-id|${upperX}`)}`,
      )
      .set('Authorization', `Bearer ${doctor.token}`);
    expect(fhir.status).toBe(200);
    expect(fhir.body.total ?? fhir.body.entry?.length).toBe(1);

    const referral = await w.as['pj.coord'].post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: w.lead,
      patientId: patients[0],
      diagnoses: ['I20.0'],
      reason: '胸痛待查',
    });
    expect(referral.status).toBe(201);

    const uid = `1.2.826.0.1.3680043.10.143.${process.pid}`;
    const up = await uploadAs(
      sys,
      doctor.token,
      ctInstance(uid, [
        { tag: 0x00100010, vr: 'PN', value: 'Test^Patient' },
        { tag: 0x00100020, vr: 'LO', value: upperX },
      ]),
    );
    expect(up.status).toBe(201);
    const asked = await doctor.post(`/api/v1/studies/${up.body.studyId}/reading-request`, {
      centerId: w.imaging,
      priority: 'STAT',
      clinicalHistory: '胸痛',
      question: '夹层？',
      patientId: patients[0],
    });
    expect(asked.status).toBe(201);
    const claimed = await w.as['rm.senior'].post(`/api/v1/studies/${up.body.studyId}/claim`);
    expect(claimed.status).toBe(200);
    const draft = await w.as['rm.senior'].post(`/api/v1/studies/${up.body.studyId}/report/draft`, {
      findings: '主动脉增宽',
      impression: '考虑主动脉夹层',
    });
    expect(draft.status).toBeLessThan(300);
    const critical = await w.as['rm.senior'].post(`/api/v1/studies/${up.body.studyId}/critical`, {
      description: '主动脉夹层',
    });
    expect(critical.status).toBe(201);
    const signed = await w.as['rm.senior'].post(`/api/v1/studies/${up.body.studyId}/report/sign`, {
      findings: '主动脉增宽',
      impression: '考虑主动脉夹层',
    });
    expect(signed.status).toBeLessThan(300);
    const ack = await doctor.post(`/api/v1/critical-findings/${critical.body.id}/acknowledge`, {
      note: '已通知患者',
    });
    expect(ack.status).toBeLessThan(300);
    // The patient's studies and the study itself, read back (audited reads).
    expect((await doctor.get(`/api/v1/patients/${patients[0]}/studies`)).status).toBe(200);
    expect((await doctor.get(`/api/v1/studies/${up.body.studyId}`)).status).toBe(200);
  });

  it('finds none of them, in any case, in any log line, outbox payload or audit row', async () => {
    await new Promise((r) => setTimeout(r, 1000)); // the relays publish, the pipes drain
    const logs: Record<string, string> = {
      gateway: sys.gateway.output.join(''),
      referral: sys.referral.output.join(''),
      diagnosis: sys.diagnosis.output.join(''),
    };
    // Not passing on silence: the services logged the walk (the referral service at debug).
    for (const [service, text] of Object.entries(logs))
      expect([service, text.trim().split('\n').length >= 2]).toEqual([service, true]);

    const outboxes = await sql<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`,
    );
    expect(outboxes.map((o) => o.schema)).toEqual(
      expect.arrayContaining(['diagnosis', 'gateway', 'referral']),
    );
    const payloads: Record<string, string> = {};
    for (const { schema } of outboxes) {
      const rows = await sql<{ row: string }>(
        `SELECT row_to_json(o)::text AS row FROM "${schema}".outbox o`,
      );
      payloads[`${schema}.outbox`] = rows.map((r) => r.row).join('\n');
    }
    // The walk's events are there (study, referral, critical finding): not passing on empty tables.
    const allEvents = Object.values(payloads).join('\n');
    for (const type of ['study.queued', 'critical.raised', 'referral.submitted'])
      expect([type, allEvents.includes(`"${type}"`)]).toEqual([type, true]);

    const audits = await sql<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_name LIKE '%audit%' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    expect(audits.map((a) => `${a.schema}.${a.name}`)).toContain('gateway.audit_log');
    const auditRows: Record<string, string> = {};
    for (const { schema, name } of audits) {
      const rows = await sql<{ row: string }>(
        `SELECT row_to_json(a)::text AS row FROM "${schema}"."${name}" a`,
      );
      auditRows[`${schema}.${name}`] = rows.map((r) => r.row).join('\n');
    }
    expect(auditRows['gateway.audit_log'].split('\n').length).toBeGreaterThan(5);

    const places = { ...logs, ...payloads, ...auditRows };
    const needles = ids.flatMap((id) => [id.toLowerCase(), id.slice(0, 17)]);
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(places)) {
      const haystack = text.toLowerCase();
      for (const needle of needles) {
        const at = haystack.indexOf(needle);
        if (at >= 0) leaks.push(`${where}: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
