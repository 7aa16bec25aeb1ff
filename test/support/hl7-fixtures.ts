import { residentIdCheckChar } from '../../libs/shared/src/pii/resident-id';
import type { demoWorld } from '../security/fixtures';
import { Api, sql } from './api';
import { ctInstance } from './dicom-builders';
import type { System } from './system';
import { uploadAs } from './uploads';

/** HL7 messages as the HL7 tests' HIS sends them, each with fresh ids. */
let seq = 0;
export const nextSeq = () => ++seq;
export function residentId(): string {
  const first17 = `500228199001${String(10 + (++seq % 18)).padStart(2, '0')}${String(100 + ((process.pid + seq) % 800)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}
export const birthOf = (id: string) => id.slice(6, 14);
export const sexOf = (id: string) => (Number(id[16]) % 2 ? 'M' : 'F');

export function adt(
  event: string,
  id: string,
  name: string,
  opts: { app?: string; msh18?: string; control?: string } = {},
) {
  return [
    `MSH|^~\\&|${opts.app ?? 'PJ_HIS'}|PJ|CMC|CMC|20270101083000||ADT^${event}^ADT_A01|${opts.control ?? `ADT${++seq}`}|P|2.5.1|||||CHN|${opts.msh18 ?? 'UNICODE UTF-8'}`,
    `EVN|${event}|20270101083000`,
    `PID|1||${id}^^^CHN^NNCHN||${name}||${birthOf(id)}|${sexOf(id)}|||||^PRN^CP^^^^^^^^^13900001111`,
  ].join('\r');
}

export function orm(id: string, placer: string, accession: string, control = 'NW') {
  return [
    `MSH|^~\\&|PJ_HIS|PJ|CMC|CMC|20270101083000||ORM^O01^ORM_O01|ORM${++seq}|P|2.5.1|||||CHN|UNICODE UTF-8`,
    `PID|1||${id}^^^CHN^NNCHN||李^四||${birthOf(id)}|${sexOf(id)}`,
    `ORC|${control}|${placer}|||||^^^20270102090000^^S`,
    `OBR|1|${placer}||CT-HEAD^头颅CT平扫^L|||||||||头痛三天|||||${accession}||||||CT|||||||头痛待查`,
  ].join('\r');
}

/**
 * A study read to a final report at the lead hospital's imaging center, as in the reading
 * e2e: uploaded by the clinic (or arrived for an order), claimed, drafted, signed, approved.
 */
export function readingFlow(sys: System, w: Awaited<ReturnType<typeof demoWorld>>, clinic: Api) {
  const reader = w.as['rm.reader'];
  const senior = w.as['rm.senior'];
  /** Earlier tests' queued studies are put aside, so the claim takes this one. */
  const clearQueue = () =>
    sql(
      `UPDATE diagnosis.studies SET status = 'RETURNED', returned_reason = 'test reset' WHERE status = 'QUEUED'`,
    );
  const upload = async (accession?: string) => {
    const uid = `1.2.826.0.1.3680043.10.15.${process.pid}.${nextSeq()}`;
    const over = accession ? [{ tag: 0x00080050, vr: 'SH', value: accession }] : [];
    const up = await uploadAs(sys, clinic.token, ctInstance(uid, over));
    expect(up.status).toBe(201);
    return up.body.studyId as string;
  };
  const readAndApprove = async (
    studyId: string,
    findings: string,
    impression: string,
    critical?: string,
  ) => {
    expect((await reader.post('/api/v1/worklist/claim', {})).body.study.id).toBe(studyId);
    if (critical) {
      const raised = await reader.post(`/api/v1/studies/${studyId}/critical`, {
        description: critical,
      });
      expect(raised.status).toBe(201);
    }
    await reader.post(`/api/v1/studies/${studyId}/report/draft`, { findings, impression });
    expect((await reader.post(`/api/v1/studies/${studyId}/report/sign`)).status).toBeLessThan(300);
    expect((await senior.post(`/api/v1/studies/${studyId}/report/approve`)).status).toBeLessThan(
      300,
    );
    return studyId;
  };
  const finalReport = async (
    patientId: string,
    findings: string,
    impression: string,
    critical?: string,
  ) => {
    const studyId = await upload();
    await clearQueue();
    const requested = await clinic.post(`/api/v1/studies/${studyId}/reading-request`, {
      centerId: w.imaging,
      priority: 'ROUTINE',
      clinicalHistory: '头痛',
      question: '颅内病变？',
      patientId,
    });
    expect(requested.status).toBeLessThan(300);
    return readAndApprove(studyId, findings, impression, critical);
  };
  return { clearQueue, upload, readAndApprove, finalReport };
}
