import type { HeaderResult } from './dicom-header';
import type { QueueItem } from './queue-types';

/** A file as the queue holds it: waiting to be sent, keyed by its SOP UID, or rejected with why. */
export function queueItem(file: File, header: HeaderResult, seq: number): QueueItem {
  const base = { seq, name: file.name, size: file.size, loaded: 0, attempts: 0, failures: 0 };
  if (header.kind !== 'ok') {
    const reason = header.kind === 'rejected' ? header.reason : '无法读取';
    return { ...base, id: `rejected:${Date.now()}:${seq}`, state: 'rejected', reason };
  }
  const h = header.summary;
  return {
    ...base,
    id: h.sopInstanceUid,
    sop: h.sopInstanceUid,
    study: h.studyInstanceUid,
    patient: h.patientName,
    modality: h.modality,
    state: 'waiting',
  };
}
