import { DicomJson, personName } from '@app/shared';

/** A row of the QIDO-RS queries (qido-search.service.ts), study columns first. */
export interface QidoRow {
  study_id: string;
  patient_uuid: string | null;
  study_instance_uid: string;
  patient_name: string | null;
  dicom_patient_id: string | null;
  patient_birth_date: string | null;
  patient_sex: string | null;
  study_date: string | null;
  study_time: string | null;
  accession_number: string | null;
  modalities: string[];
  referring_physician_name: string | null;
  study_description: string | null;
  dicom_study_id: string | null;
  series_count: number;
  study_instances: number;
  series_instance_uid?: string;
  modality?: string | null;
  series_number?: number | null;
  series_description?: string | null;
  body_part?: string | null;
  series_instances?: number;
  sop_instance_uid?: string;
  sop_class_uid?: string;
  instance_number?: number | null;
  rows?: number | null;
  columns?: number | null;
  number_of_frames?: number | null;
  transfer_syntax_uid?: string;
}

type Element = DicomJson[string];

/** An attribute with its value, or present and empty (PS3.18 returns asked-for keys). */
function el(vr: string, value: string | number | null | undefined): Element {
  if (value === null || value === undefined || value === '') return { vr };
  if (vr === 'PN') return { vr, Value: [personName(String(value))] };
  return { vr, Value: [value] };
}

/** Every answer is UTF-8 JSON: ISO_IR 192 whatever the instances were sent in. */
const UTF8: Element = { vr: 'CS', Value: ['ISO_IR 192'] };

export function studyJson(r: QidoRow): DicomJson {
  return {
    '00080005': UTF8,
    '00080020': el('DA', r.study_date),
    '00080030': el('TM', r.study_time),
    '00080050': el('SH', r.accession_number),
    '00080061': r.modalities.length ? { vr: 'CS', Value: r.modalities } : { vr: 'CS' },
    '00080090': el('PN', r.referring_physician_name),
    '00081030': el('LO', r.study_description),
    '00100010': el('PN', r.patient_name),
    '00100020': el('LO', r.dicom_patient_id),
    '00100030': el('DA', r.patient_birth_date),
    '00100040': el('CS', r.patient_sex),
    '0020000D': el('UI', r.study_instance_uid),
    '00200010': el('SH', r.dicom_study_id),
    '00201206': el('IS', r.series_count),
    '00201208': el('IS', r.study_instances),
  };
}

export function seriesJson(r: QidoRow): DicomJson {
  return {
    ...studyJson(r),
    '00080060': el('CS', r.modality),
    '0008103E': el('LO', r.series_description),
    '00180015': el('CS', r.body_part),
    '0020000E': el('UI', r.series_instance_uid),
    '00200011': el('IS', r.series_number),
    '00201209': el('IS', r.series_instances),
  };
}

export function instanceJson(r: QidoRow): DicomJson {
  return {
    ...seriesJson(r),
    '00080016': el('UI', r.sop_class_uid),
    '00080018': el('UI', r.sop_instance_uid),
    '00083002': el('UI', r.transfer_syntax_uid),
    '00200013': el('IS', r.instance_number),
    '00280008': el('IS', r.number_of_frames),
    '00280010': el('US', r.rows),
    '00280011': el('US', r.columns),
  };
}
