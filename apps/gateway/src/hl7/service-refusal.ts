import { AppError, ErrorCode } from '@app/shared';
import { ERROR_CODES, Hl7Error, Hl7Location } from './hl7-error';

/** Which HL7 field carries each field of our contracts, to name it in ERR-2 when refused. */
const FIELD_AT: Record<string, Hl7Location> = {
  residentId: { segment: 'PID', field: 3 },
  name: { segment: 'PID', field: 5 },
  phone: { segment: 'PID', field: 13 },
  patientId: { segment: 'PID', field: 3 },
  accessionNumber: { segment: 'OBR', field: 18 },
  modality: { segment: 'OBR', field: 24 },
  requestedProcedure: { segment: 'OBR', field: 4 },
  requestedProcedureCode: { segment: 'OBR', field: 4 },
  scheduledAt: { segment: 'OBR', field: 36 },
  priority: { segment: 'ORC', field: 7 },
  placerOrderNumber: { segment: 'ORC', field: 2 },
  clinicalHistory: { segment: 'OBR', field: 13 },
  question: { segment: 'OBR', field: 31 },
  centerId: { segment: 'MSH', field: 3 },
};

/**
 * A refusal from a service as an ACK: the caller's content (validation, unknown, conflict) is
 * AE naming the HL7 field of the first field problem; our own trouble (a service down, a
 * timeout) is AR 207, which tells the sender to send the same message again later.
 */
export function asHl7Error(error: unknown): Hl7Error {
  if (error instanceof Hl7Error) return error;
  if (!(error instanceof AppError))
    return Hl7Error.reject(ERROR_CODES.INTERNAL, 'could not be processed now; send it again later');
  const field = error.errors[0]?.path.split('.')[0] ?? '';
  const at = FIELD_AT[field];
  switch (error.code) {
    case ErrorCode.VALIDATION_FAILED:
      return Hl7Error.content(ERROR_CODES.DATA_TYPE, error.message.slice(0, 200), at);
    case ErrorCode.NOT_FOUND:
      return Hl7Error.content(ERROR_CODES.UNKNOWN_KEY, error.message.slice(0, 200), at);
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
      return Hl7Error.content(ERROR_CODES.DUPLICATE_KEY, error.message.slice(0, 200), at);
    case ErrorCode.FORBIDDEN:
      return Hl7Error.reject(ERROR_CODES.UNKNOWN_KEY, error.message.slice(0, 200), at);
    default:
      return Hl7Error.reject(
        ERROR_CODES.INTERNAL,
        'could not be processed now; send it again later',
      );
  }
}
