import type { QidoLevel } from '../contracts/dicomweb.contracts';

export type MatchKind = 'pn' | 'text' | 'date' | 'time' | 'uids' | 'codes' | 'int';

export interface QidoAttribute {
  tag: string;
  keyword: string;
  vr: string;
  level: QidoLevel;
  match: MatchKind;
}

/**
 * The attributes the index holds, by level: what QIDO-RS matches on and answers with
 * (PS3.18 Tables 10.6.1-5, -6 and -7, plus what OHIF's study list shows).
 */
export const QIDO_ATTRIBUTES: readonly QidoAttribute[] = [
  { tag: '00100010', keyword: 'PatientName', vr: 'PN', level: 'study', match: 'pn' },
  { tag: '00100020', keyword: 'PatientID', vr: 'LO', level: 'study', match: 'text' },
  { tag: '00100030', keyword: 'PatientBirthDate', vr: 'DA', level: 'study', match: 'date' },
  { tag: '00100040', keyword: 'PatientSex', vr: 'CS', level: 'study', match: 'text' },
  { tag: '0020000D', keyword: 'StudyInstanceUID', vr: 'UI', level: 'study', match: 'uids' },
  { tag: '00080020', keyword: 'StudyDate', vr: 'DA', level: 'study', match: 'date' },
  { tag: '00080030', keyword: 'StudyTime', vr: 'TM', level: 'study', match: 'time' },
  { tag: '00080050', keyword: 'AccessionNumber', vr: 'SH', level: 'study', match: 'text' },
  { tag: '00080061', keyword: 'ModalitiesInStudy', vr: 'CS', level: 'study', match: 'codes' },
  { tag: '00080090', keyword: 'ReferringPhysicianName', vr: 'PN', level: 'study', match: 'pn' },
  { tag: '00081030', keyword: 'StudyDescription', vr: 'LO', level: 'study', match: 'text' },
  { tag: '00200010', keyword: 'StudyID', vr: 'SH', level: 'study', match: 'text' },
  { tag: '0020000E', keyword: 'SeriesInstanceUID', vr: 'UI', level: 'series', match: 'uids' },
  { tag: '00080060', keyword: 'Modality', vr: 'CS', level: 'series', match: 'codes' },
  { tag: '00200011', keyword: 'SeriesNumber', vr: 'IS', level: 'series', match: 'int' },
  { tag: '0008103E', keyword: 'SeriesDescription', vr: 'LO', level: 'series', match: 'text' },
  { tag: '00180015', keyword: 'BodyPartExamined', vr: 'CS', level: 'series', match: 'text' },
  { tag: '00080018', keyword: 'SOPInstanceUID', vr: 'UI', level: 'instance', match: 'uids' },
  { tag: '00080016', keyword: 'SOPClassUID', vr: 'UI', level: 'instance', match: 'uids' },
  { tag: '00200013', keyword: 'InstanceNumber', vr: 'IS', level: 'instance', match: 'int' },
];

/** Answered but not matched on: counts, sizes and where to retrieve from. */
export const QIDO_RETURN_ONLY = {
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  Rows: '00280010',
  Columns: '00280011',
  NumberOfFrames: '00280008',
  AvailableTransferSyntaxUID: '00083002',
  SpecificCharacterSet: '00080005',
  RetrieveURL: '00081190',
} as const;

export const QIDO_BY_TAG = new Map(QIDO_ATTRIBUTES.map((a) => [a.tag, a]));

const ORDER: Record<QidoLevel, number> = { study: 0, series: 1, instance: 2 };

/** A search at `level` matches on its own attributes and those of the levels above it. */
export function matchableAt(attribute: QidoAttribute, level: QidoLevel): boolean {
  return ORDER[attribute.level] <= ORDER[level];
}
