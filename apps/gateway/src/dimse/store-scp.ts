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
  DIMSE_STATUS,
  DIMSE_STORAGE_SOP_CLASSES,
  MODALITY_WORKLIST_FIND,
  part10Head,
  RegisteredInstance,
} from '@app/shared';
import type { CallerCheck } from './calling-modality';
import { discardingSink, InstanceSink } from './instance-sink';
import { negotiate } from './negotiation';
import { RefusingScp } from './refusing-scp';
import { Outcome, storeOutcome, unrecognized } from './scp-responses';
import { answerWorklist } from './worklist-answer';
import type { WorklistEntry } from './worklist-lookup';
import type { WorklistQuery } from './worklist-query';

const { PresentationContextResult: PCR, RejectResult, RejectSource, RejectReason } = constants;
const RESULT_CODE = {
  accept: PCR.Accept,
  'abstract-syntax-not-supported': PCR.RejectAbstractSyntaxNotSupported,
  'transfer-syntaxes-not-supported': PCR.RejectTransferSyntaxesNotSupported,
} as const;

type Association = dimseAssociation.Association;

type Context = dimseAssociation.PresentationContext;

export interface StoreScpDeps {
  calledAeTitle: string;
  checkCaller(callingAeTitle: string, remoteAddress: string | undefined): Promise<CallerCheck>;
  /** The same intake as REST and STOW-RS: validation, dedup by SOP Instance UID, blob storage. */
  storeInstance(actor: Actor, source: Readable): Promise<RegisteredInstance>;
  /** One audit row per study an association adds to, as an upload request records it. */
  recordStudy(actor: Actor, studyId: string, ip: string): Promise<void>;
  /** The modality's institution's scheduled exams matching a worklist query (audited). */
  worklist(actor: Actor, query: WorklistQuery, ip: string): Promise<WorklistEntry[]>;
  log: Logger;
}

export interface ScpContext {
  /** More associations are open than DIMSE_MAX_ASSOCIATIONS: refuse this one as transient. */
  congested(): boolean;
  onAccepted(): void;
}

/**
 * One association with a modality (PS3.7, PS3.8): who is calling, which presentation contexts
 * we accept, C-ECHO, C-STORE into the intake, and the Modality Worklist (C-FIND). Everything
 * else is answered "unrecognized" (RefusingScp).
 * Built per deployment so the intake and the directory come in as plain functions.
 */
export function storeScpClass(deps: StoreScpDeps) {
  return class StoreScp extends RefusingScp {
    private caller: Extract<CallerCheck, { ok: true }> | null = null;
    private readonly outcomes = new WeakMap<object, Promise<Outcome>>();
    private readonly open = new Set<PassThrough>();
    private readonly studies = new Set<string>();
    private stored = 0;
    private worklistAccepted = false;
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
      if (this.context.congested())
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
      this.worklistAccepted = decisions.some(
        (d) =>
          d.result === 'accept' &&
          proposals.find((p) => p.id === d.id)?.abstractSyntax === MODALITY_WORKLIST_FIND,
      );
      this.context.onAccepted();
      deps.log.info(
        {
          ae: calling,
          remote: this.peer.remoteAddress,
          accepted: decisions.filter((d) => d.result === 'accept').length,
        },
        'DIMSE association accepted',
      );
      // dcmjs-dimse keeps one maximum PDU length per association and writes min(theirs, ours)
      // into the A-ASSOCIATE-AC as *our* receive limit. Ours belongs there (PS3.8 D.1), so the
      // modality sends 256 KiB PDUs rather than its own 16 KiB; what we send keeps to theirs.
      const theirs = association.getMaxPduLength();
      association.setMaxPduLength(0xffffffff);
      this.sendAssociationAccept();
      association.setMaxPduLength(theirs);
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
      // Its reader (the blob store) sees a destroyed stream as a failed read; the error event
      // itself must have a listener, or a connection ending mid-instance stops the process.
      part10.on('error', () => undefined);
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

    /** Modality Worklist (PS3.4 K.6.1): pending responses, one per scheduled exam, then success. */
    override cFindRequest(r: requests.CFindRequest, cb: (rs: responses.CFindResponse[]) => void) {
      if (
        !this.caller ||
        !this.worklistAccepted ||
        r.getAffectedSopClassUid() !== MODALITY_WORKLIST_FIND
      )
        return cb([unrecognized(responses.CFindResponse.fromRequest(r))]);
      const head = Buffer.concat(this.identifierHead);
      void answerWorklist(deps, this.caller, r, this.peer.remoteAddress ?? '', head).then(cb);
    }
  };
}
