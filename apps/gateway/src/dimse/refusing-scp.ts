import { requests, responses, Scp } from 'dcmjs-dimse';
import { unrecognized } from './scp-responses';

interface PDataTf {
  getPdvs(): { isCommand(): boolean; getValue(): Buffer }[];
}
interface PDataHandler {
  _processPDataTf(this: unknown, pdata: PDataTf): Promise<void>;
}

/**
 * What dcmjs-dimse's Scp needs around it here. It answers every DIMSE service we do not provide
 * with "unrecognized operation" (PS3.7 C.4): only Verification, Storage and the Worklist
 * contexts are ever accepted, but a peer can still put another command on one of them, and
 * dcmjs-dimse's defaults would answer success. And it keeps the first bytes of each message's
 * data set, which the worklist needs for the character set the modality asked in.
 */
export class RefusingScp extends Scp {
  /** The first bytes of the current message's data set (see identifier-charset.ts). */
  protected identifierHead: Buffer[] = [];
  private identifierBytes = 0;

  /**
   * dcmjs-dimse's P-DATA handler (not in its typings). We look at each PDV first to keep the
   * first 1 KiB of a message's data set, then hand the PDU on unchanged.
   */
  async _processPDataTf(pdata: PDataTf): Promise<void> {
    for (const pdv of pdata.getPdvs()) {
      if (pdv.isCommand()) {
        this.identifierHead = [];
        this.identifierBytes = 0;
      } else if (this.identifierBytes < 1024) {
        const kept = Buffer.from(pdv.getValue().subarray(0, 1024 - this.identifierBytes));
        this.identifierHead.push(kept);
        this.identifierBytes += kept.length;
      }
    }
    return (Scp.prototype as unknown as PDataHandler)._processPDataTf.call(this, pdata);
  }

  override cMoveRequest(r: requests.CMoveRequest, cb: (rs: responses.CMoveResponse[]) => void) {
    cb([unrecognized(responses.CMoveResponse.fromRequest(r))]);
  }

  override cGetRequest(r: requests.CGetRequest, cb: (rs: responses.CGetResponse[]) => void) {
    cb([unrecognized(responses.CGetResponse.fromRequest(r))]);
  }

  override nCreateRequest(r: requests.NCreateRequest, cb: (rs: responses.NCreateResponse) => void) {
    cb(unrecognized(responses.NCreateResponse.fromRequest(r)));
  }

  override nActionRequest(r: requests.NActionRequest, cb: (rs: responses.NActionResponse) => void) {
    cb(unrecognized(responses.NActionResponse.fromRequest(r)));
  }

  override nDeleteRequest(r: requests.NDeleteRequest, cb: (rs: responses.NDeleteResponse) => void) {
    cb(unrecognized(responses.NDeleteResponse.fromRequest(r)));
  }

  override nEventReportRequest(
    r: requests.NEventReportRequest,
    cb: (rs: responses.NEventReportResponse) => void,
  ) {
    cb(unrecognized(responses.NEventReportResponse.fromRequest(r)));
  }

  override nGetRequest(r: requests.NGetRequest, cb: (rs: responses.NGetResponse) => void) {
    cb(unrecognized(responses.NGetResponse.fromRequest(r)));
  }

  override nSetRequest(r: requests.NSetRequest, cb: (rs: responses.NSetResponse) => void) {
    cb(unrecognized(responses.NSetResponse.fromRequest(r)));
  }
}
