import type { Socket } from 'node:net';
import { PassThrough, Readable, Writable } from 'node:stream';
import {
  constants,
  Dataset,
  Scp,
  responses,
  type association as dimseAssociation,
  type requests,
} from 'dcmjs-dimse';
import type { Logger } from 'pino';
import {
  Actor,
  AppError,
  DIMSE_STATUS,
  DIMSE_STORE_STATUS,
  DIMSE_STORAGE_SOP_CLASSES,
  part10Head,
  RegisteredInstance,
} from '@app/shared';
import type { CallerCheck } from './calling-modality';
import { discardingSink, InstanceSink } from './instance-sink';
import { negotiate } from './negotiation';

const { PresentationContextResult: PCR, RejectResult, RejectSource, RejectReason } = constants;
const RESULT_CODE = {
  accept: PCR.Accept,
  'abstract-syntax-not-supported': PCR.RejectAbstractSyntaxNotSupported,
  'transfer-syntaxes-not-supported': PCR.RejectTransferSyntaxesNotSupported,
} as const;

type Association = dimseAssociation.Association;
type Context = dimseAssociation.PresentationContext;
interface Outcome {
  status: number;
  comment?: string;
}

export interface StoreScpDeps {
  calledAeTitle: string;
  checkCaller(callingAeTitle: string, remoteAddress: string | undefined): Promise<CallerCheck>;
  /** The same intake as REST and STOW-RS: validation, dedup by SOP Instance UID, blob storage. */
  storeInstance(actor: Actor, source: Readable): Promise<RegisteredInstance>;
  /** One audit row per study an association adds to, as an upload request records it. */
  recordStudy(actor: Actor, studyId: string, ip: string): Promise<void>;
  log: Logger;
}

export interface ScpContext {
  /** More associations are open than DIMSE_MAX_ASSOCIATIONS: refuse this one as transient. */
  congested: boolean;
  onAccepted(): void;
}

function unrecognized<T extends responses.Response>(response: T): T {
  response.setStatus(DIMSE_STATUS.UNRECOGNIZED_OPERATION);
  return response;
}

/** The C-STORE status and comment (LO: 64 characters) for what the intake threw. */
export function storeOutcome(error: unknown): Outcome {
  if (error instanceof AppError)
    return { status: DIMSE_STORE_STATUS[error.code], comment: error.message.slice(0, 64) };
  return { status: DIMSE_STATUS.PROCESSING_FAILURE, comment: 'Processing failure' };
}

/**
 * One association with a modality (PS3.7, PS3.8): who is calling, which presentation contexts
 * we accept, C-ECHO, and C-STORE into the intake. Everything else is answered "unrecognized".
 * Built per deployment so the intake and the directory come in as plain functions.
 */
export function storeScpClass(deps: StoreScpDeps) {
  return class StoreScp extends Scp {
    private caller: Extract<CallerCheck, { ok: true }> | null = null;
    private readonly outcomes = new WeakMap<object, Promise<Outcome>>();
    private readonly open = new Set<PassThrough>();
    private readonly studies = new Set<string>();
    private stored = 0;
    private refused = 0;

    constructor(
      private readonly peer: Socket,
      opts: ConstructorParameters<typeof Scp>[1],
      private readonly context: ScpContext,
    ) {
      super(peer, opts);
      // A connection that ends mid-instance: the intake sees an interrupted upload, stores nothing.
      peer.once('close', () => {
        for (const s of this.open) s.destroy(new Error('association ended mid-instance'));
        if (this.caller)
          deps.log.info(
            { ae: this.caller.modality.aeTitle, stored: this.stored, refused: this.refused },
            'DIMSE association ended',
          );
      });
    }

    override associationRequested(association: Association): void {
      this.decide(association).catch((error: unknown) => {
        deps.log.error({ err: error }, 'DIMSE association could not be decided');
        this.sendAssociationReject(RejectResult.Transient, RejectSource.ServiceUser, 1);
        this.peer.end();
      });
    }

    private async decide(association: Association): Promise<void> {
      const calling = association.getCallingAeTitle().trim();
      const reject = (result: number, source: number, reason: number, why: string) => {
        deps.log.warn(
          { calling, remote: this.peer.remoteAddress, why },
          'DIMSE association refused',
        );
        this.sendAssociationReject(result, source, reason);
        // PS3.8 9.1.3: the acceptor that rejects closes the connection; peers wait for it.
        this.peer.end();
      };
      if (this.context.congested)
        return reject(
          RejectResult.Transient,
          RejectSource.ServiceProviderPresentation,
          RejectReason.LocalLimitExceeded,
          'too many associations open',
        );
      if (association.getCalledAeTitle().trim() !== deps.calledAeTitle)
        return reject(
          RejectResult.Permanent,
          RejectSource.ServiceUser,
          RejectReason.CalledAeNotRecognized,
          `called AE title is not ${deps.calledAeTitle}`,
        );
      const caller = await deps.checkCaller(calling, this.peer.remoteAddress);
      if (!caller.ok)
        return reject(
          RejectResult.Permanent,
          RejectSource.ServiceUser,
          RejectReason.CallingAeNotRecognized,
          caller.reason,
        );
      const proposals = association.getPresentationContexts().map(({ id, context }) => ({
        id,
        abstractSyntax: context.getAbstractSyntaxUid(),
        transferSyntaxes: context.getTransferSyntaxUids(),
      }));
      const decisions = negotiate(proposals);
      for (const d of decisions)
        association
          .getPresentationContext(d.id)
          .setResult(RESULT_CODE[d.result], d.result === 'accept' ? d.transferSyntax : undefined);
      if (!decisions.some((d) => d.result === 'accept'))
        return reject(
          RejectResult.Permanent,
          RejectSource.ServiceUser,
          RejectReason.NoReasonGiven,
          'none of the proposed SOP classes and transfer syntaxes is one we store',
        );
      this.caller = caller;
      this.context.onAccepted();
      // dcmjs-dimse answers with min(their maximum, ours) as *our* receive limit; ours is what
      // belongs there (PS3.8 D.1), so modalities send 256 KiB PDUs rather than their own 16 KiB.
      association.setMaxPduLength(0xffffffff);
      deps.log.info(
        {
          ae: calling,
          remote: this.peer.remoteAddress,
          accepted: decisions.filter((d) => d.result === 'accept').length,
        },
        'DIMSE association accepted',
      );
      this.sendAssociationAccept();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
      this.peer.end();
    }

    /** PS3.8 9.1.6: on A-ABORT the connection closes at once; the peer may be waiting for it. */
    override abort(): void {
      this.peer.destroy();
    }

    override cEchoRequest(
      request: requests.CEchoRequest,
      callback: (response: responses.CEchoResponse) => void,
    ): void {
      const response = responses.CEchoResponse.fromRequest(request);
      response.setStatus(this.caller ? DIMSE_STATUS.SUCCESS : DIMSE_STATUS.NOT_AUTHORIZED);
      callback(response);
    }

    /** Whether this C-STORE may be read into the intake at all, before a byte of it is. */
    private refusalFor(
      context: Context | undefined,
      request: requests.CStoreRequest,
    ): Outcome | null {
      if (!this.caller) return { status: DIMSE_STATUS.NOT_AUTHORIZED, comment: 'No association' };
      if (!context || context.getResult() !== PCR.Accept)
        return { status: DIMSE_STATUS.SOP_CLASS_NOT_SUPPORTED, comment: 'Context not accepted' };
      const sopClass = request.getAffectedSopClassUid();
      if (sopClass !== context.getAbstractSyntaxUid() || !(sopClass in DIMSE_STORAGE_SOP_CLASSES))
        return { status: DIMSE_STATUS.SOP_CLASS_NOT_SUPPORTED, comment: 'SOP class not accepted' };
      return null;
    }

    override createStoreWritableStream(
      context: Context,
      request: requests.CStoreRequest,
    ): Writable {
      const refusal = this.refusalFor(context, request);
      if (refusal) {
        this.outcomes.set(request, Promise.resolve(refusal));
        return discardingSink();
      }
      const { actor, modality } = this.caller!;
      const part10 = new PassThrough({ highWaterMark: 1 << 20 });
      part10.write(
        part10Head(
          request.getAffectedSopClassUid(),
          request.getAffectedSopInstanceUid(),
          context.getAcceptedTransferSyntaxUid()!,
          modality.aeTitle,
        ),
      );
      const sink = new InstanceSink(part10, this.peer);
      this.open.add(part10);
      const outcome = deps
        .storeInstance(actor, part10)
        .then(async (instance) => {
          if (!this.studies.has(instance.studyId)) {
            await deps.recordStudy(actor, instance.studyId, this.peer.remoteAddress ?? '');
            this.studies.add(instance.studyId);
          }
          this.stored += 1;
          return { status: DIMSE_STATUS.SUCCESS };
        })
        .catch((error: unknown) => {
          this.refused += 1;
          const refused = storeOutcome(error);
          deps.log.warn(
            {
              ae: modality.aeTitle,
              status: `0x${refused.status.toString(16)}`,
              why: refused.comment,
            },
            'C-STORE refused',
          );
          return refused;
        })
        .finally(() => {
          this.open.delete(part10);
          sink.drop();
        });
      this.outcomes.set(request, outcome);
      return sink;
    }

    override createDatasetFromStoreWritableStream(
      _writable: Writable,
      context: Context,
      callback: (dataset: Dataset) => void,
    ): void {
      // The bytes went to storage; the request only needs a data set to say it had one.
      callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
    }

    override cStoreRequest(
      request: requests.CStoreRequest,
      callback: (response: responses.CStoreResponse) => void,
    ): void {
      const outcome =
        this.outcomes.get(request) ??
        Promise.resolve({ status: DIMSE_STATUS.CANNOT_UNDERSTAND, comment: 'No data set' });
      void outcome.then(({ status, comment }) => {
        const response = responses.CStoreResponse.fromRequest(request);
        response.setStatus(status);
        if (comment && status !== DIMSE_STATUS.SUCCESS) response.setErrorComment(comment);
        callback(response);
      });
    }

    // Only Verification and Storage contexts are ever accepted, but a peer can still put another
    // command on one of them: each is answered "unrecognized operation" (PS3.7 C.4), never run.
    override cFindRequest(r: requests.CFindRequest, cb: (rs: responses.CFindResponse[]) => void) {
      cb([unrecognized(responses.CFindResponse.fromRequest(r))]);
    }

    override cMoveRequest(r: requests.CMoveRequest, cb: (rs: responses.CMoveResponse[]) => void) {
      cb([unrecognized(responses.CMoveResponse.fromRequest(r))]);
    }

    override cGetRequest(r: requests.CGetRequest, cb: (rs: responses.CGetResponse[]) => void) {
      cb([unrecognized(responses.CGetResponse.fromRequest(r))]);
    }

    override nCreateRequest(
      r: requests.NCreateRequest,
      cb: (rs: responses.NCreateResponse) => void,
    ) {
      cb(unrecognized(responses.NCreateResponse.fromRequest(r)));
    }

    override nActionRequest(
      r: requests.NActionRequest,
      cb: (rs: responses.NActionResponse) => void,
    ) {
      cb(unrecognized(responses.NActionResponse.fromRequest(r)));
    }

    override nDeleteRequest(
      r: requests.NDeleteRequest,
      cb: (rs: responses.NDeleteResponse) => void,
    ) {
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
  };
}
