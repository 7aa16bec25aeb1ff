import { accessionNumberSchema, isSafeText, type NewExamOrder, type Priority } from '@app/shared';
import { ERROR_CODES, Hl7Error, Hl7Location } from './hl7-error';
import { Hl7Message, Hl7Segment, segmentsOf, valueOf } from './hl7-message';
import { dtmToIso } from './hl7-time';

/** An order message read: a new order (all but the patient id), or a cancel. */
export type OrmOrder =
  | { control: 'NW'; placerOrderNumber: string; order: Omit<NewExamOrder, 'patientId'> }
  | { control: 'CA'; placerOrderNumber: string; reason: string };

/** ORC-7 / OBR-27 priority (TQ.6, table 0027) to ours; S and A are what HIS engines send. */
const PRIORITY: Record<string, Priority> = {
  S: 'STAT',
  T: 'STAT', // timing critical
  A: 'URGENT',
  P: 'URGENT', // pre-operative
  C: 'URGENT', // call back
  R: 'ROUTINE',
  PRN: 'ROUTINE',
  '': 'ROUTINE',
};

/** OBR-24 diagnostic service section (table 0074) to a DICOM modality code. */
const SECTION_MODALITY: Record<string, string> = {
  CT: 'CT',
  RX: 'DX',
  RAD: 'DX',
  CR: 'CR',
  DX: 'DX',
  US: 'US',
  NMR: 'MR',
  MR: 'MR',
  NMS: 'NM',
  EC: 'ECG',
  ECG: 'ECG',
  CUS: 'US',
  OUS: 'US',
};

const NOT_GIVEN = '(not given in the HL7 order)';

const loc = (segment: string, field: number, component?: number): Hl7Location => ({
  segment,
  sequence: 1,
  field,
  component,
});

/**
 * ORM^O01 (HL7 v2.5.1 §4.4.1) or OMI^O23 (§4.4.6), one ORC/OBR pair. ORC-1 (table 0119)
 * NW orders, CA cancels; other controls are refused. Placer number ORC-2 (else OBR-2); accession
 * OBR-18 (the IHE radiology convention), else IPC-1 (OMI), else the filler number OBR-3/ORC-3;
 * modality OBR-24, else OBR-4's code when it is one; procedure OBR-4 text; priority TQ.6 of
 * ORC-7, else OBR-27; when OBR-36, else TQ.4 of ORC-7, else now.
 */
export function orderFromOrm(m: Hl7Message, centerId: string, now: Date): OrmOrder {
  const orcs = segmentsOf(m, 'ORC');
  const [orc] = orcs;
  const obr = segmentsOf(m, 'OBR')[0];
  // Several orders in one message would share one ACK: a refusal of the third would leave the
  // sender unsure of the first two. One order per message keeps AA/AE exact.
  if (orcs.length > 1)
    throw Hl7Error.content(
      ERROR_CODES.SEGMENT_SEQUENCE,
      'one order per message: send each ORC/OBR pair in its own message',
      { segment: 'ORC', sequence: 2 },
    );
  if (!orc)
    throw Hl7Error.content(ERROR_CODES.SEGMENT_SEQUENCE, 'ORC segment is missing', {
      segment: 'ORC',
    });
  const control = valueOf(m, orc, 1).toUpperCase();
  const placerOrderNumber = valueOf(m, orc, 2) || valueOf(m, obr, 2);
  if (!placerOrderNumber)
    throw Hl7Error.content(
      ERROR_CODES.REQUIRED_FIELD_MISSING,
      'placer order number is empty',
      loc('ORC', 2),
    );
  if (placerOrderNumber.length > 64 || !isSafeText(placerOrderNumber))
    throw Hl7Error.content(
      ERROR_CODES.DATA_TYPE,
      'placer order number is longer than 64',
      loc('ORC', 2),
    );
  if (control === 'CA') {
    const reason =
      valueOf(m, orc, 16, 2) ||
      valueOf(m, orc, 16, 1) ||
      'cancelled by the ordering system (ORC-1 CA)';
    return { control: 'CA', placerOrderNumber, reason: clean(reason, 500) };
  }
  if (control !== 'NW')
    throw Hl7Error.content(
      ERROR_CODES.TABLE_VALUE_NOT_FOUND,
      'order control must be NW or CA',
      loc('ORC', 1),
    );
  if (!obr)
    throw Hl7Error.content(ERROR_CODES.SEGMENT_SEQUENCE, 'OBR segment is missing', {
      segment: 'OBR',
    });
  const order: Omit<NewExamOrder, 'patientId'> = {
    modality: modalityOf(m, obr),
    requestedProcedure: procedureOf(m, obr),
    scheduledAt: scheduledAtOf(m, orc, obr, now),
    centerId,
    priority: priorityOf(m, orc, obr),
    clinicalHistory: clean(valueOf(m, obr, 13) || NOT_GIVEN, 10000),
    question: clean(valueOf(m, obr, 31, 2) || valueOf(m, obr, 31, 1) || NOT_GIVEN, 2000),
    placerOrderNumber,
    familyDoctorSigned: false,
  };
  const code = valueOf(m, obr, 4, 1);
  if (code) order.requestedProcedureCode = code.slice(0, 16);
  const accession = accessionOf(m, orc, obr);
  if (accession) order.accessionNumber = accession;
  return { control: 'NW', placerOrderNumber, order };
}

function clean(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, max);
}

function modalityOf(m: Hl7Message, obr: Hl7Segment): string {
  const section = valueOf(m, obr, 24).toUpperCase();
  if (section) {
    const mapped = SECTION_MODALITY[section];
    if (!mapped)
      throw Hl7Error.content(
        ERROR_CODES.TABLE_VALUE_NOT_FOUND,
        'diagnostic service section is not one we read',
        loc('OBR', 24),
      );
    return mapped;
  }
  const code = valueOf(m, obr, 4, 1).toUpperCase();
  const byCode =
    SECTION_MODALITY[code] ?? (/^(CT|DX|CR|MR|US|ECG|NM|XA|MG|RF)$/.test(code) ? code : undefined);
  if (!byCode)
    throw Hl7Error.content(
      ERROR_CODES.REQUIRED_FIELD_MISSING,
      'no modality: send OBR-24 (table 0074)',
      loc('OBR', 24),
    );
  return byCode;
}

function procedureOf(m: Hl7Message, obr: Hl7Segment): string {
  const text = valueOf(m, obr, 4, 2) || valueOf(m, obr, 4, 1);
  if (!text)
    throw Hl7Error.content(
      ERROR_CODES.REQUIRED_FIELD_MISSING,
      'universal service identifier is empty',
      loc('OBR', 4),
    );
  return clean(text, 64);
}

function priorityOf(m: Hl7Message, orc: Hl7Segment, obr: Hl7Segment): Priority {
  const fromOrc = valueOf(m, orc, 7, 6).toUpperCase();
  const raw = fromOrc || valueOf(m, obr, 27, 6).toUpperCase();
  const priority = PRIORITY[raw];
  if (!priority)
    throw Hl7Error.content(
      ERROR_CODES.TABLE_VALUE_NOT_FOUND,
      'priority is not in table 0027',
      fromOrc ? loc('ORC', 7, 6) : loc('OBR', 27, 6),
    );
  return priority;
}

function scheduledAtOf(m: Hl7Message, orc: Hl7Segment, obr: Hl7Segment, now: Date): string {
  const candidates: [string, Hl7Location][] = [
    [valueOf(m, obr, 36), loc('OBR', 36)],
    [valueOf(m, orc, 7, 4), loc('ORC', 7, 4)],
  ];
  for (const [value, where] of candidates) {
    if (!value) continue;
    const iso = dtmToIso(value);
    const year = Number(value.slice(0, 4));
    if (!iso || year < 1900 || year > 2100)
      throw Hl7Error.content(ERROR_CODES.DATA_TYPE, 'not a valid date/time (DTM)', where);
    return iso;
  }
  return now.toISOString();
}

function accessionOf(m: Hl7Message, orc: Hl7Segment, obr: Hl7Segment): string | undefined {
  const ipc = segmentsOf(m, 'IPC')[0];
  const candidates: [string, Hl7Location][] = [
    [valueOf(m, obr, 18), loc('OBR', 18)],
    [valueOf(m, ipc, 1), loc('IPC', 1)],
    [valueOf(m, obr, 3) || valueOf(m, orc, 3), loc('OBR', 3)],
  ];
  for (const [value, where] of candidates) {
    if (!value) continue;
    if (!accessionNumberSchema.safeParse(value).success)
      throw Hl7Error.content(
        ERROR_CODES.DATA_TYPE,
        'accession number: letters, digits . _ - and at most 16',
        where,
      );
    return value;
  }
  return undefined;
}
