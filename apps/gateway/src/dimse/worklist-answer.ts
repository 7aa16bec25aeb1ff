import { requests, responses } from 'dcmjs-dimse';
import { DIMSE_STATUS } from '@app/shared';
import type { CallerCheck } from './calling-modality';
import { ANSWER_CHARSETS, encodeDataset } from './dataset-encoding';
import { identifierCharset } from './identifier-charset';
import { PreEncoded, storeOutcome } from './scp-responses';
import type { StoreScpDeps } from './store-scp';
import {
  Naturalized,
  parseWorklistQuery,
  worklistItem,
  WorklistQuery,
  WorklistQueryError,
} from './worklist-query';

const IMPLICIT_LE = '1.2.840.10008.1.2';
const PENDING = 0xff00;
/** PS3.4 C.4.1.1.4: A900 identifier does not match the SOP class, C000 unable to process. */
const IDENTIFIER_MISMATCH = 0xa900;
const UNABLE_TO_PROCESS = 0xc000;

/**
 * The answers to one worklist C-FIND: a pending response per scheduled exam (encoded by us,
 * in the character set the modality asked for), then the final status. Never throws.
 */
export async function answerWorklist(
  deps: Pick<StoreScpDeps, 'worklist' | 'log'>,
  caller: Extract<CallerCheck, { ok: true }>,
  r: requests.CFindRequest,
  ip: string,
  identifierHead: Buffer,
): Promise<responses.CFindResponse[]> {
  const final = (status: number, comment?: string) => {
    const done = responses.CFindResponse.fromRequest(r);
    done.setStatus(status);
    if (comment) done.setErrorComment(comment.slice(0, 64));
    return done;
  };
  const identifier = r.getDataset();
  const ts = identifier?.getTransferSyntaxUid() ?? IMPLICIT_LE;
  let query: WorklistQuery;
  try {
    query = parseWorklistQuery(
      (identifier?.getElements() ?? {}) as Naturalized,
      identifierCharset(identifierHead, ts === IMPLICIT_LE),
    );
  } catch (error) {
    if (error instanceof WorklistQueryError) return [final(IDENTIFIER_MISMATCH, error.message)];
    return [final(UNABLE_TO_PROCESS, 'Unreadable identifier')];
  }
  try {
    const entries = await deps.worklist(caller.actor, query, ip);
    const found = entries.map(({ order, patient }) => {
      const item = responses.CFindResponse.fromRequest(r);
      const bytes = encodeDataset(worklistItem(order, patient, query), {
        implicit: ts === IMPLICIT_LE,
        encoding: ANSWER_CHARSETS[query.charset],
      });
      item.setDataset(new PreEncoded(bytes, ts));
      item.setStatus(PENDING);
      return item;
    });
    deps.log.info({ ae: caller.modality.aeTitle, items: found.length }, 'worklist answered');
    return [...found, final(DIMSE_STATUS.SUCCESS)];
  } catch (error) {
    const outcome = storeOutcome(error);
    deps.log.warn({ ae: caller.modality.aeTitle, why: outcome.comment }, 'worklist query failed');
    const status =
      outcome.status === DIMSE_STATUS.CANNOT_UNDERSTAND ? IDENTIFIER_MISMATCH : UNABLE_TO_PROCESS;
    return [final(status, outcome.comment)];
  }
}
