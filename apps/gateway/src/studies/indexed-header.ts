import { DicomHeader } from '@app/shared';

/**
 * What the index keeps of a header, each value cut to what its VR allows (PS3.5 6.2). Where
 * the character set was not decodable, ESC shows as ␛ so the raw text stays readable.
 */
export function indexedHeader(h: DicomHeader) {
  const t = (value: string | null, max: number) =>
    value === null ? null : value.replaceAll(String.fromCharCode(0x1b), '\u241b').slice(0, max);
  const n = (value: number | null) =>
    value !== null && Number.isSafeInteger(value) && Math.abs(value) < 2 ** 31 ? value : null;
  return {
    modality: t(h.modality, 16),
    studyDate: t(h.studyDate, 16),
    accessionNumber: t(h.accessionNumber, 64),
    patientName: t(h.patientName, 200),
    patientId: t(h.patientId, 64),
    patientBirthDate: t(h.patientBirthDate, 16),
    patientSex: t(h.patientSex, 16),
    studyTime: t(h.studyTime, 32),
    referringPhysicianName: t(h.referringPhysicianName, 200),
    studyDescription: t(h.studyDescription, 64),
    studyId: t(h.studyId, 16),
    seriesNumber: n(h.seriesNumber),
    seriesDescription: t(h.seriesDescription, 64),
    bodyPartExamined: t(h.bodyPartExamined, 16),
    instanceNumber: n(h.instanceNumber),
    rows: n(h.rows),
    columns: n(h.columns),
    numberOfFrames: n(h.numberOfFrames),
    characterSetSupported: h.characterSetSupported,
  };
}
