import { api, type Answer } from '../../../api/client';
import { beijing } from '../../../i18n/locale';
import type { DicomStudy } from './dicom-study';

type Study = Answer<'/api/v1/studies/{id}', 'get'>;

/** The patient as the clinic and the report show them, whichever source gave them. */
export interface PatientView {
  name: string;
  sex: string;
  birthDate: string;
  age: string;
  /** Masked by the API (resident ID), or the modality's patient number masked here. */
  idLabel: string;
  id: string;
  source: '患者主索引' | 'DICOM 文件' | '无';
}

const SEX: Record<string, string> = { male: '男', female: '女', M: '男', F: '女', O: '其他' };
const RESIDENT_ID = /^\d{17}[\dXx]$/;

/** Whole years between a birth date (YYYY-MM-DD or YYYYMMDD) and a day (YYYY-MM-DD). */
export function ageAt(birth: string, day: string): string {
  const b = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(birth);
  const o = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!b || !o) return '—';
  const age = Number(o[1]) - Number(b[1]) - (`${o[2]}${o[3]}` < `${b[2]}${b[3]}` ? 1 : 0);
  return age >= 0 ? `${age} 岁` : '—';
}

/**
 * The linked patient of the patient index when the 申请单 named one (its read is audited);
 * otherwise what the DICOM files say, with a resident ID in PatientID masked as the API masks.
 */
export async function loadPatient(
  study: Study,
  dicom: DicomStudy | undefined,
): Promise<PatientView> {
  // Age on the day of the exam, in Beijing.
  const on = beijing(study.receivedAt, 'YYYY-MM-DD');
  if (study.patientId) {
    const { data, error } = await api.GET('/api/v1/patients/{id}', {
      params: { path: { id: study.patientId } },
    });
    if (!data) throw error;
    return {
      name: data.name,
      sex: SEX[data.sex] ?? data.sex,
      birthDate: data.birthDate,
      age: ageAt(data.birthDate, on),
      idLabel: '身份证号',
      id: data.residentIdMasked,
      source: '患者主索引',
    };
  }
  if (!dicom)
    return {
      name: '—',
      sex: '—',
      birthDate: '—',
      age: '—',
      idLabel: '患者编号',
      id: '—',
      source: '无',
    };
  const id = dicom.patientId;
  const birth = dicom.patientBirthDate;
  return {
    name: dicom.patientName || '—',
    sex: SEX[dicom.patientSex] ?? (dicom.patientSex || '—'),
    birthDate: /^\d{8}$/.test(birth)
      ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`
      : birth || '—',
    age: ageAt(birth, on),
    idLabel: RESIDENT_ID.test(id) ? '身份证号' : '患者编号',
    id: RESIDENT_ID.test(id) ? `${id.slice(0, 6)}********${id.slice(14)}` : id || '—',
    source: 'DICOM 文件',
  };
}

const SEX_EN: Record<string, string> = { 男: 'Male', 女: 'Female', 其他: 'Other' };
const ID_LABEL_EN: Record<string, string> = { 身份证号: 'Resident ID', 患者编号: 'Patient ID' };

/** The patient's labels in the language on screen (names and numbers stay as they are). */
export function patientIn(p: PatientView, lang: 'zh' | 'en'): PatientView {
  if (lang === 'zh') return p;
  return {
    ...p,
    sex: SEX_EN[p.sex] ?? p.sex,
    age: p.age.replace(/^(\d+) 岁$/, '$1 y'),
    idLabel: ID_LABEL_EN[p.idLabel] ?? p.idLabel,
  };
}
