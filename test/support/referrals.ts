import { residentId } from '../security/fixtures';
import { Api } from './api';

/**
 * Registers a patient as `doctor` (in the doctor's community), born on `birth` (YYYYMMDD) with a
 * resident ID of sequence number `seq`, and answers the patient's id.
 */
export async function registerPatient(doctor: Api, birth: string, seq: number, name: string) {
  const body = { residentId: residentId(birth, seq), name };
  return (await doctor.post('/api/v1/patients', body)).body.id as string;
}

/** A referral up to the lead hospital for angina (I20.0); `over` adds or changes fields. */
export function upReferral(lead: string, patientId: string, reason: string, over: object = {}) {
  return {
    direction: 'UP',
    toInstitutionId: lead,
    patientId,
    diagnoses: ['I20.0'],
    reason,
    ...over,
  };
}
