import { isSafeText, residentIdFacts, validateResidentId } from '@app/shared';
import { ERROR_CODES, Hl7Error } from './hl7-error';
import { Hl7Message, repetitionsOf, segmentsOf, valueOf } from './hl7-message';
import { dtmToDate } from './hl7-time';

/** What a PID segment tells the patient index (HL7 v2.5.1 §3.4.2). */
export interface PidPatient {
  residentId: string;
  name: string;
  phone?: string;
}

/**
 * PID-3 identifier type codes (CX.5, table 0203) that name a resident ID (居民身份证号):
 * NNCHN is "national number" + ISO 3166 country, the form Chinese profiles use; NI is the
 * national unique individual identifier.
 */
const RESIDENT_ID_TYPES = new Set(['NNCHN', 'NN', 'NI']);

const PROBLEM = {
  format: 'resident ID must be 17 digits and a digit or X (GB 11643)',
  birth_date: 'resident ID encodes an impossible birth date',
  check_digit: 'resident ID check digit is wrong (GB 11643 / ISO 7064 MOD 11-2)',
} as const;

const at = (field: number, component?: number) => ({
  segment: 'PID',
  sequence: 1,
  field,
  component,
});

/**
 * The resident ID from PID-3 (the repetition typed NNCHN/NN/NI, else the one untyped value
 * that is a valid GB 11643 number), name from PID-5 (family then given; no space between Chinese
 * names), and a mainland mobile from PID-13. PID-7 and PID-8, when sent, must agree with what
 * the resident ID encodes: a disagreement means the HIS has the wrong person or a typo.
 */
export function patientFromPid(m: Hl7Message): PidPatient {
  const pid = segmentsOf(m, 'PID')[0];
  if (!pid)
    throw Hl7Error.content(ERROR_CODES.SEGMENT_SEQUENCE, 'PID segment is missing', {
      segment: 'PID',
    });
  const residentId = residentIdOf(m);
  const family = valueOf(m, pid, 5, 1);
  const given = valueOf(m, pid, 5, 2);
  const cjk = /[\u3400-\u9fff]/.test(family + given);
  const name = [family, given].filter(Boolean).join(cjk ? '' : ' ');
  if (!name)
    throw Hl7Error.content(ERROR_CODES.REQUIRED_FIELD_MISSING, 'patient name is empty', at(5));
  if (name.length > 100 || !isSafeText(name))
    throw Hl7Error.content(
      ERROR_CODES.DATA_TYPE,
      'patient name is too long or has control characters',
      at(5),
    );
  const facts = residentIdFacts(residentId);
  const birth = valueOf(m, pid, 7);
  if (birth) {
    const date = dtmToDate(birth);
    if (!date)
      throw Hl7Error.content(ERROR_CODES.DATA_TYPE, 'birth date is not a valid DTM', at(7));
    if (date !== facts.birthDate)
      throw Hl7Error.content(
        ERROR_CODES.DATA_TYPE,
        'birth date disagrees with the resident ID',
        at(7),
      );
  }
  // Table 0001: only M and F can be checked against the resident ID (its 17th digit).
  const sex = valueOf(m, pid, 8).toUpperCase();
  if ((sex === 'M' && facts.sex !== 'male') || (sex === 'F' && facts.sex !== 'female'))
    throw Hl7Error.content(ERROR_CODES.DATA_TYPE, 'sex disagrees with the resident ID', at(8));
  if (sex && !['M', 'F', 'O', 'U', 'A', 'N'].includes(sex))
    throw Hl7Error.content(ERROR_CODES.TABLE_VALUE_NOT_FOUND, 'sex is not in table 0001', at(8));
  const phone = mobileOf(m);
  return phone ? { residentId, name, phone } : { residentId, name };
}

function residentIdOf(m: Hl7Message): string {
  const pid = segmentsOf(m, 'PID')[0];
  const count = Math.min(repetitionsOf(m, pid, 3), 20);
  let untyped: string | undefined;
  for (let r = 0; r < count; r++) {
    const value = valueOf(m, pid, 3, 1, r);
    const type = valueOf(m, pid, 3, 5, r).toUpperCase();
    if (RESIDENT_ID_TYPES.has(type)) return checked(value);
    if (!type && !untyped && validateResidentId(value).ok) untyped = value;
  }
  if (untyped) return checked(untyped);
  throw Hl7Error.content(
    ERROR_CODES.REQUIRED_FIELD_MISSING,
    'no resident ID in PID-3 (an identifier with CX.5 = NNCHN)',
    at(3),
  );
}

function checked(value: string): string {
  const result = validateResidentId(value);
  if (!result.ok) throw Hl7Error.content(ERROR_CODES.DATA_TYPE, PROBLEM[result.problem], at(3, 1));
  return result.value;
}

/**
 * PID-13 (XTN, §2.A.88): XTN-12 unformatted number, else XTN-7 local number, else the
 * deprecated XTN-1. Only a mainland mobile (11 digits from 1, +86 allowed) is kept: the patient
 * index holds mobiles for SMS; a landline is not an error, it is left out.
 */
function mobileOf(m: Hl7Message): string | undefined {
  const pid = segmentsOf(m, 'PID')[0];
  const count = Math.min(repetitionsOf(m, pid, 13), 10);
  for (let r = 0; r < count; r++) {
    for (const component of [12, 7, 1]) {
      const digits = valueOf(m, pid, 13, component, r).replace(/[\s()+-]/g, '');
      const local = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
      if (/^1\d{10}$/.test(local)) return local;
    }
  }
  return undefined;
}
