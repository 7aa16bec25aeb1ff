import { Dataset, responses } from 'dcmjs-dimse';
import { AppError, DIMSE_STATUS, DIMSE_STORE_STATUS } from '@app/shared';

export interface Outcome {
  status: number;
  comment?: string;
}

/** A data set we encoded ourselves; dcmjs-dimse sends these bytes as they are. */
export class PreEncoded extends Dataset {
  constructor(
    private readonly bytes: Buffer,
    transferSyntaxUid: string,
  ) {
    super({}, transferSyntaxUid);
  }

  override getDenaturalizedDataset(): Buffer {
    return this.bytes;
  }
}

/** PS3.7 C.4: a command we do not perform is answered, never run. */
export function unrecognized<T extends responses.Response>(response: T): T {
  response.setStatus(DIMSE_STATUS.UNRECOGNIZED_OPERATION);
  return response;
}

/** The status and comment (LO: 64 characters) for what the intake or a query threw. */
export function storeOutcome(error: unknown): Outcome {
  if (error instanceof AppError)
    return { status: DIMSE_STORE_STATUS[error.code], comment: error.message.slice(0, 64) };
  return { status: DIMSE_STATUS.PROCESSING_FAILURE, comment: 'Processing failure' };
}
