import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppConfig,
  AppError,
  DiagnosisContracts,
  ErrorCode,
  ExamOrder,
  ExamOrderContracts,
  PiiVault,
  StudyDetail,
} from '@app/shared';
import { BusCaller } from '../common/bus-call';
import { CONFIG, VAULT } from '../infra/tokens';
import { buildOru, OruInput, OruKind } from './oru-builder';

/** One queued outbound row, as the renderer needs it. */
export interface OutboundRow {
  id: string;
  eventType: string;
  studyId: string;
  payload: { version?: number; findingId?: string };
  client: {
    id: string;
    name: string;
    institutionId: string;
    communityId: string;
    receivingApplication: string;
    receivingFacility: string;
    charset: string;
  };
}

/** A result that can never be rendered (the study or report is gone): the row is DEAD. */
export class Unrenderable extends Error {}

const KIND: Record<string, OruKind> = {
  'report.finalized': 'final',
  'report.amended': 'amended',
  'critical.raised': 'critical',
};

/**
 * Builds the ORU^R01 for a queued result at its first attempt, from the study as the ordering
 * institution sees it (final reports only), the patient index and the exam order. The text is
 * kept with the row, so every retry sends the very same message and control id (MSH-10).
 */
@Injectable()
export class OruRenderer {
  constructor(
    private readonly ds: DataSource,
    private readonly bus: BusCaller,
    @Inject(VAULT) private readonly vault: PiiVault,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async render(row: OutboundRow, controlId: string): Promise<string> {
    const kind = KIND[row.eventType];
    if (!kind) throw new Unrenderable(`not a result event: ${row.eventType}`);
    const actor = clientActor(row.client);
    const study = await this.bus
      .call(actor, DiagnosisContracts.get, { id: row.studyId })
      .catch(gone);
    const input: OruInput = {
      kind,
      controlId,
      us: { application: this.config.HL7_APPLICATION, facility: this.config.HL7_FACILITY },
      to: { application: row.client.receivingApplication, facility: row.client.receivingFacility },
      charset: row.client.charset,
      patient: await this.patient(row.client.communityId, study.patientId),
      order: orderOf(study, await this.orderOf(actor, study)),
      report: reportOf(study, kind === 'critical' ? undefined : row.payload.version),
    };
    if (kind !== 'critical' && !input.report)
      throw new Unrenderable(`report version ${row.payload.version} is not final`);
    if (kind === 'critical') {
      const { items } = await this.bus.call(actor, DiagnosisContracts.listCritical, {
        open: false,
      });
      const finding = items.find((f) => f.id === row.payload.findingId);
      if (!finding) throw new Unrenderable('critical finding not found');
      input.critical = {
        description: finding.description,
        raisedAt: finding.raisedAt,
        raisedByName: finding.raisedByName,
      };
    }
    return buildOru(input);
  }

  private async patient(communityId: string, patientId: string | null) {
    if (!patientId) throw new Unrenderable('the study has no patient');
    const [p] = await this.ds.query(
      `SELECT id, name, sex, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", resident_id_cipher AS cipher
         FROM gateway.patients WHERE id = $1 AND community_id = $2`,
      [patientId, communityId],
    );
    if (!p) throw new Unrenderable('patient not found');
    return {
      id: p.id as string,
      name: p.name as string,
      sex: p.sex as string | null,
      birthDate: p.birthDate as string | null,
      residentId: p.cipher ? this.vault.decrypt(p.cipher) : null,
    };
  }

  /** The exam order the study arrived for, when there was one (a reading request may have none). */
  private async orderOf(actor: Actor, study: StudyDetail): Promise<ExamOrder | undefined> {
    const page = await this.bus
      .call(actor, ExamOrderContracts.list, { studyId: study.id, limit: 1, offset: 0 })
      .catch(() => undefined);
    return page?.items[0];
  }
}

function gone(error: unknown): never {
  if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND)
    throw new Unrenderable('study not found');
  throw error;
}

function clientActor(c: OutboundRow['client']): Actor {
  return {
    kind: 'hl7_client',
    id: c.id,
    name: `${c.name} (HL7)`.slice(0, 200),
    institutionId: c.institutionId,
    communityId: c.communityId,
    roles: [],
    scopes: ['patients:write', 'studies:write', 'studies:read'],
    centerIds: [],
  };
}

function orderOf(study: StudyDetail, order: ExamOrder | undefined): OruInput['order'] {
  return {
    placerOrderNumber: order?.placerOrderNumber ?? null,
    fillerOrderNumber: order?.id ?? study.id,
    accessionNumber: order?.accessionNumber ?? null,
    procedureCode: order?.requestedProcedureCode ?? null,
    procedure: order?.requestedProcedure ?? `${study.modality ?? ''} study`.trim(),
    modality: order?.modality ?? study.modality,
  };
}

function reportOf(study: StudyDetail, version: number | undefined): OruInput['report'] {
  const finals = study.reports.filter((r) => r.status === 'FINAL' || r.status === 'SUPERSEDED');
  const r =
    version === undefined
      ? finals.find((v) => v.status === 'FINAL')
      : finals.find((v) => v.version === version);
  if (!r) return null;
  return {
    findings: r.findings,
    impression: r.impression,
    authorName: r.authorName,
    approvedByName: r.approvedByName,
    at: r.approvedAt ?? r.signedAt ?? r.createdAt,
    amendReason: r.amendReason,
  };
}
