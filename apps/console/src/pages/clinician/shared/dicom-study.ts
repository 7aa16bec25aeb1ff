/**
 * What the DICOM files say about a study (QIDO-RS, same origin, the session cookie): the
 * patient as the modality wrote it, the exam's description and date. Used where the study has
 * no patient of the patient index linked, and for the exam's description in any case.
 */
export interface DicomStudy {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  patientSex: string;
  patientBirthDate: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  modalities: string[];
}

type Attr = { Value?: unknown[] };
const first = (a: Attr | undefined) => (a?.Value?.[0] ?? '') as unknown;
const str = (a: Attr | undefined) => String(first(a) ?? '');
/** PN as DICOM JSON gives it: prefer the ideographic group (李^四 → 李四). */
function name(a: Attr | undefined): string {
  const pn = first(a) as { Alphabetic?: string; Ideographic?: string } | string;
  const raw = typeof pn === 'string' ? pn : (pn?.Ideographic ?? pn?.Alphabetic ?? '');
  const parts = raw.split('^').filter(Boolean);
  return parts.join(parts.some((p) => /[\u3400-\u9fff]/.test(p)) ? '' : ' ');
}

/** Up to 100 studies by UID in one search; missing ones are simply absent from the map. */
export async function loadDicomStudies(uids: string[]): Promise<Map<string, DicomStudy>> {
  const found = new Map<string, DicomStudy>();
  for (let i = 0; i < uids.length; i += 100) {
    const chunk = uids.slice(i, i + 100);
    const res = await fetch(
      `/dicomweb/studies?StudyInstanceUID=${encodeURIComponent(chunk.join(','))}&limit=${chunk.length}`,
      { headers: { Accept: 'application/dicom+json' } },
    );
    if (res.status === 204) continue;
    if (!res.ok) throw { status: res.status, detail: `影像检索失败（QIDO-RS ${res.status}）` };
    for (const s of (await res.json()) as Record<string, Attr>[]) {
      const study: DicomStudy = {
        studyInstanceUid: str(s['0020000D']),
        patientName: name(s['00100010']),
        patientId: str(s['00100020']),
        patientSex: str(s['00100040']),
        patientBirthDate: str(s['00100030']),
        studyDate: str(s['00080020']),
        studyTime: str(s['00080030']),
        studyDescription: str(s['00081030']),
        modalities: (s['00080061']?.Value ?? []).map(String),
      };
      found.set(study.studyInstanceUid, study);
    }
  }
  return found;
}

/** 20261201 → 2026-12-01 (DICOM DA as people read it). */
export const dicomDate = (da: string) =>
  /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da || '—';
