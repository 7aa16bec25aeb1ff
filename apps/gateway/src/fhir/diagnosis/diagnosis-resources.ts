import type { CriticalRecord, FinalReport } from '@app/shared';
import { SYSTEMS } from '../fhir-systems';

const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';

/**
 * A study's current final report. The id is the study's: a study has one report, amended in
 * versions (meta.versionId); status is "amended" once a final report was corrected.
 */
export function toDiagnosticReport(r: FinalReport): fhir4.DiagnosticReport {
  const ecg = r.modality === 'ECG';
  const text = `检查所见：\n${r.findings}\n\n诊断意见：\n${r.impression}`;
  const interpreter = { reference: `PractitionerRole/${r.authorId}`, display: r.authorName };
  return {
    resourceType: 'DiagnosticReport',
    id: r.studyId,
    meta: { versionId: String(r.version), lastUpdated: r.issuedAt },
    status: r.amended ? 'amended' : 'final',
    category: [{ coding: [{ system: V2_0074, code: ecg ? 'EC' : 'RAD' }] }],
    code: {
      ...(r.modality ? { coding: [{ system: SYSTEMS.dicomModality, code: r.modality }] } : {}),
      text: ecg ? '心电图诊断报告' : '影像诊断报告',
    },
    ...(r.patientId ? { subject: { reference: `Patient/${r.patientId}` } } : {}),
    effectiveDateTime: r.examinedAt,
    issued: r.issuedAt,
    performer: [{ reference: `Organization/${r.institutionId}` }],
    resultsInterpreter: r.approvedByName
      ? [interpreter, { display: `${r.approvedByName}（审核）` }]
      : [interpreter],
    imagingStudy: [{ reference: `ImagingStudy/${r.studyId}` }],
    conclusion: r.impression,
    presentedForm: [
      {
        contentType: 'text/plain; charset=utf-8',
        language: 'zh-CN',
        title: r.amended ? `诊断报告（更正：${r.amendReason ?? ''}）` : '诊断报告',
        data: Buffer.from(text, 'utf8').toString('base64'),
      },
    ],
  };
}

/**
 * A critical finding (危急值) as a Flag: active until a clinician acknowledges it. Flag, not
 * Communication: engines show flags on the patient banner, which is what a critical finding
 * needs until someone acts on it (docs/integration.md).
 */
export function toFlag(f: CriticalRecord): fhir4.Flag {
  const extension: fhir4.Extension[] = [
    { url: SYSTEMS.flagStudyExtension, valueReference: { reference: `ImagingStudy/${f.studyId}` } },
  ];
  if (f.escalatedAt)
    extension.push({ url: SYSTEMS.flagEscalatedExtension, valueDateTime: f.escalatedAt });
  return {
    resourceType: 'Flag',
    id: f.id,
    extension,
    status: f.acknowledgedAt ? 'inactive' : 'active',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical' },
        ],
        text: '危急值',
      },
    ],
    code: { text: f.description },
    subject: f.patientId
      ? { reference: `Patient/${f.patientId}` }
      : { reference: `Organization/${f.institutionId}` },
    period: { start: f.raisedAt, ...(f.acknowledgedAt ? { end: f.acknowledgedAt } : {}) },
    author: { display: f.raisedByName },
  };
}
