import { DicomJson } from '@app/shared';
import { SYSTEMS } from './fhir-systems';

export interface InstitutionRow {
  id: string;
  code: string;
  name: string;
  type: string;
  level: number;
  parentId: string | null;
}

/** A 医共体 institution as FHIR Organization (read and search from the gateway's directory). */
export function toOrganization(row: InstitutionRow): fhir4.Organization {
  return {
    resourceType: 'Organization',
    id: row.id,
    identifier: [{ system: SYSTEMS.institutionCode, value: row.code }],
    active: true,
    type: [{ coding: [{ system: SYSTEMS.institutionType, code: row.type }] }],
    name: row.name,
    ...(row.parentId ? { partOf: { reference: `Organization/${row.parentId}` } } : {}),
  };
}

export interface PatientRow {
  id: string;
  name: string;
  sex: string | null;
  birthDate: string | null;
  residentIdMasked: string;
  registeredByInstitutionId: string | null;
}

/** The patient index keeps the sex the resident ID encodes: male or female. */
const GENDER: Record<string, fhir4.Patient['gender']> = { male: 'male', female: 'female' };

/** Patient with the resident ID masked, as on REST: the number never leaves in clear. */
export function toPatient(row: PatientRow): fhir4.Patient {
  return {
    resourceType: 'Patient',
    id: row.id,
    identifier: [
      {
        use: 'official',
        type: { text: '居民身份证号（脱敏）' },
        system: SYSTEMS.residentIdMasked,
        value: row.residentIdMasked,
      },
    ],
    name: [{ text: row.name }],
    gender: GENDER[row.sex ?? ''] ?? 'unknown',
    ...(row.birthDate ? { birthDate: row.birthDate } : {}),
    ...(row.registeredByInstitutionId
      ? { managingOrganization: { reference: `Organization/${row.registeredByInstitutionId}` } }
      : {}),
  };
}

const first = (item: DicomJson, tag: string) => item[tag]?.Value?.[0];

/** DA + TM (Asia/Shanghai, as the modality's clock) to a FHIR dateTime. */
function started(date: unknown, time: unknown): string | undefined {
  if (typeof date !== 'string' || !/^\d{8}$/.test(date)) return undefined;
  const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  const t = typeof time === 'string' ? /^(\d{2})(\d{2})?(\d{2})?/.exec(time) : null;
  if (!t) return day;
  return `${day}T${t[1]}:${t[2] ?? '00'}:${t[3] ?? '00'}+08:00`;
}

const personText = (pn: unknown) => {
  const v = pn as { Ideographic?: string; Alphabetic?: string } | undefined;
  return (v?.Ideographic ?? v?.Alphabetic)?.replace(/\^/g, ' ').trim();
};

/** A study from the DICOMweb index as ImagingStudy, with its DICOMweb endpoint. */
export function toImagingStudy(
  item: DicomJson,
  study: { id: string; patientId: string | null },
  dicomweb: string,
): fhir4.ImagingStudy {
  const uid = String(first(item, '0020000D'));
  const modalities = (item['00080061']?.Value ?? []) as string[];
  const name = personText(first(item, '00100010'));
  const description = first(item, '00081030');
  const when = started(first(item, '00080020'), first(item, '00080030'));
  return {
    resourceType: 'ImagingStudy',
    id: study.id,
    contained: [
      {
        resourceType: 'Endpoint',
        id: 'dicomweb',
        status: 'active',
        connectionType: {
          system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
          code: 'dicom-wado-rs',
        },
        payloadType: [{ text: 'DICOM' }],
        address: dicomweb,
      },
    ],
    identifier: [{ system: SYSTEMS.dicomUid, value: `urn:oid:${uid}` }],
    status: 'available',
    modality: modalities.map((code) => ({ system: SYSTEMS.dicomModality, code })),
    subject: study.patientId
      ? { reference: `Patient/${study.patientId}`, ...(name ? { display: name } : {}) }
      : { display: name || '未关联患者' },
    ...(when ? { started: when } : {}),
    endpoint: [{ reference: '#dicomweb' }],
    numberOfSeries: Number(first(item, '00201206') ?? 0),
    numberOfInstances: Number(first(item, '00201208') ?? 0),
    ...(typeof description === 'string' ? { description } : {}),
  };
}
