import { components, escapeHl7, segment } from './hl7-message';
import { hl7Now, isoToDtm } from './hl7-time';

export type OruKind = 'final' | 'amended' | 'critical';

export interface OruInput {
  kind: OruKind;
  controlId: string;
  us: { application: string; facility: string };
  to: { application: string; facility: string };
  charset: string;
  patient: {
    id: string;
    residentId: string | null;
    name: string;
    sex: string | null;
    birthDate: string | null;
  };
  order: {
    placerOrderNumber: string | null;
    fillerOrderNumber: string;
    accessionNumber: string | null;
    procedureCode: string | null;
    procedure: string;
    modality: string | null;
  };
  report: {
    findings: string;
    impression: string;
    authorName: string;
    approvedByName: string | null;
    at: string;
    amendReason?: string | null;
  } | null;
  critical?: { description: string; raisedAt: string; raisedByName: string };
}

/** OBR-24 (table 0074) for the DICOM modality the study has. */
const SECTION: Record<string, string> = {
  CT: 'CT',
  DX: 'RX',
  CR: 'RX',
  MR: 'NMR',
  US: 'US',
  ECG: 'EC',
  NM: 'NMS',
};

/**
 * ORU^R01 (HL7 v2.5.1 §7.3.1, structure ORU_R01): MSH, PID, ORC (RE: observations to follow,
 * table 0119), OBR with placer (OBR-2), filler (OBR-3), accession (OBR-18) and result status
 * (OBR-25, table 0123: F final, C corrected), then OBX per part of the report (findings, then
 * impression, LOINC-coded like IHE's radiology results) and, for a critical finding, an OBX
 * with abnormal flag AA (critically abnormal, table 0078).
 */
export function buildOru(input: OruInput): string {
  const { patient: p, order: o, report: r } = input;
  const status = input.kind === 'amended' ? 'C' : input.kind === 'critical' && !r ? 'P' : 'F';
  const sex = p.sex === 'male' ? 'M' : p.sex === 'female' ? 'F' : 'U';
  const ids = [
    p.residentId ? components(p.residentId, '', '', 'CHN', 'NNCHN') : '',
    components(p.id, '', '', 'CMC', 'PI'),
  ].filter(Boolean);
  const observedAt = isoToDtm(r?.at ?? input.critical?.raisedAt ?? new Date().toISOString());
  const lines = [
    segment('MSH', [
      '^~\\&',
      escapeHl7(input.us.application),
      escapeHl7(input.us.facility),
      escapeHl7(input.to.application),
      escapeHl7(input.to.facility),
      hl7Now(),
      '',
      components('ORU', 'R01', 'ORU_R01'),
      escapeHl7(input.controlId),
      'P',
      '2.5.1',
      '',
      '',
      // MSH-15/16 empty: original acknowledgment mode (§2.9.2), one ACK per message.
      '',
      '',
      'CHN',
      escapeHl7(input.charset),
    ]),
    segment('PID', [
      '1',
      '',
      ids.join('~'),
      '',
      escapeHl7(p.name),
      '',
      p.birthDate ? p.birthDate.replace(/-/g, '') : '',
      sex,
    ]),
    segment('ORC', ['RE', escapeHl7(o.placerOrderNumber ?? ''), escapeHl7(o.fillerOrderNumber)]),
    segment('OBR', [
      '1',
      escapeHl7(o.placerOrderNumber ?? ''),
      escapeHl7(o.fillerOrderNumber),
      components(o.procedureCode ?? '', o.procedure),
      '',
      '',
      observedAt,
      ...Array<string>(10).fill(''),
      escapeHl7(o.accessionNumber ?? ''),
      '',
      '',
      '',
      observedAt,
      '',
      escapeHl7(SECTION[o.modality ?? ''] ?? o.modality ?? ''),
      status,
      ...Array<string>(6).fill(''),
      components(r ? (r.approvedByName ?? r.authorName) : ''),
    ]),
  ];
  let n = 0;
  const obx = (code: string, value: string, flag: string, st: string) =>
    segment('OBX', [
      String(++n),
      'FT',
      code,
      '',
      escapeHl7(value),
      '',
      '',
      flag,
      '',
      '',
      st,
      '',
      '',
      observedAt,
    ]);
  if (r) {
    lines.push(obx(components('59776-5', 'Procedure findings', 'LN'), r.findings, '', status));
    lines.push(obx(components('19005-8', 'Impression', 'LN'), r.impression, '', status));
    if (input.kind === 'amended' && r.amendReason)
      lines.push(obx(components('AMEND', 'Amendment reason', 'L'), r.amendReason, '', status));
  }
  if (input.critical)
    lines.push(
      obx(components('CRIT', 'Critical finding', 'L'), input.critical.description, 'AA', status),
    );
  return `${lines.join('\r')}\r`;
}
