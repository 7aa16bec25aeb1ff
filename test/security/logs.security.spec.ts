import { maskResidentId, PiiVault } from '../../libs/shared/src/pii/resident-id';
import { sql } from '../support/api';
import { startSystem, System } from '../support/system';
import { ctInstance, demoWorld, residentId, uploadAs } from './fixtures';
import { registerPatient, upReferral } from '../support/referrals';
import { isolatedRun } from '../support/isolated-run';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('seclogs');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/**
 * Security review finding 3: a database error used to put the statement's parameters (name,
 * phone, birth date, masked ID, match hash, ciphertext) into the error log. Here a trigger in
 * this run's database fails the write of a patient (gateway), a referral (referral service) and
 * a reading request (diagnosis service); then every log line of every service is searched.
 */
describe('security #3: no patient data in logs, database errors included', () => {
  let sys: System;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  const person = {
    residentId: residentId('19720314', 21),
    name: '泄露测试甲',
    phone: '13912340021',
  };
  const reason = '保密病情描述乙-referral';
  const history = '保密病史丙-reading';

  beforeAll(async () => {
    sys = await startSystem();
    w = await demoWorld(sys);
    const fail = (schema: string, table: string, column: string, marker: string) => [
      `CREATE OR REPLACE FUNCTION ${schema}.fail_${table}() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN IF NEW.${column} LIKE '%${marker}%' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`,
      `CREATE TRIGGER fail_${table} BEFORE INSERT OR UPDATE ON ${schema}.${table}
         FOR EACH ROW EXECUTE FUNCTION ${schema}.fail_${table}()`,
    ];
    for (const statement of [
      ...fail('gateway', 'patients', 'name', '泄露'),
      ...fail('referral', 'referrals', 'reason', '保密病情'),
      ...fail('diagnosis', 'studies', 'clinical_history', '保密病史'),
    ])
      await sql(statement);
  });
  afterAll(async () => {
    for (const [schema, table] of [
      ['gateway', 'patients'],
      ['referral', 'referrals'],
      ['diagnosis', 'studies'],
    ])
      await sql(`DROP TRIGGER IF EXISTS fail_${table} ON ${schema}.${table}`);
    await sys?.stop();
  });

  it('logs each failure without its parameters, on every service', async () => {
    const registered = await w.as['pj.doctor'].post('/api/v1/patients', person);
    expect(registered.status).toBe(500);
    expect(registered.body.detail).toBe('An unexpected error occurred');

    const patientId = await registerPatient(w.as['pj.doctor'], '19720314', 22, '普通患者');
    const referral = await w.as['pj.coord'].post(
      '/api/v1/referrals',
      upReferral(w.lead, patientId, reason, { clinicalSummary: `${reason} 摘要` }),
    );
    expect(referral.status).toBe(500);

    const uid = `1.2.826.0.1.3680043.10.78.${process.pid}`;
    const study = (await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(uid))).body.studyId;
    const reading = await w.as['pj.doctor'].post(`/api/v1/studies/${study}/reading-request`, {
      centerId: w.imaging,
      clinicalHistory: history,
      question: `${history} 问题`,
      patientId,
    });
    expect(reading.status).toBe(500);

    await new Promise((r) => setTimeout(r, 500)); // let the last lines reach the pipes
    const logs = {
      gateway: sys.gateway.output.join(''),
      referral: sys.referral.output.join(''),
      diagnosis: sys.diagnosis.output.join(''),
    };
    // The failures were logged (so this test is not passing on silence)…
    for (const [service, text] of Object.entries(logs)) {
      const failures = text.split('\n').filter((l) => l.includes('injected fault'));
      expect([service, failures.length > 0]).toEqual([service, true]);
      for (const line of failures) expect(JSON.parse(line).err.sqlState).toBe('P0001');
    }
    // …and nothing that identifies the patient or describes their condition was.
    const vault = new PiiVault(process.env.PII_KEY!);
    const secrets = [
      person.residentId,
      maskResidentId(person.residentId),
      vault.matchHash(person.residentId),
      person.name,
      person.phone,
      '1972-03-14',
      reason,
      history,
    ];
    const all = Object.values(logs).join('\n');
    for (const secret of secrets) expect([secret, all.includes(secret)]).toEqual([secret, false]);
    expect(all).not.toMatch(/v1\.[A-Za-z0-9+/=]{16}\.[A-Za-z0-9+/=]{22,}\./); // a PII ciphertext
    expect(all).not.toMatch(/"parameters"/);
  });
});
