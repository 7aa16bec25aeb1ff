import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  ErrorCode,
  greenChannelFromFindingSchema,
  hasRole,
  readsFor,
  ReferralContracts,
  requestContext,
  rowsOf,
  writeOutbox,
} from '@app/shared';
import { BusClient, SERVICE_BUS } from '@app/shared/nest';
import { DIAGNOSIS_SCHEMA } from '../migrations';

interface FindingRow {
  id: string;
  study_id: string;
  community_id: string;
  institution_id: string;
  description: string;
  raised_by_name: string;
  raised_at: Date;
  ack_deadline: Date;
  ack_by_name: string | null;
  ack_at: Date | null;
  escalated_at: Date | null;
  referral_id: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toDto = (f: FindingRow) => ({
  id: f.id,
  studyId: f.study_id,
  institutionId: f.institution_id,
  description: f.description,
  raisedByName: f.raised_by_name,
  raisedAt: iso(f.raised_at)!,
  ackDeadline: iso(f.ack_deadline)!,
  acknowledgedByName: f.ack_by_name,
  acknowledgedAt: iso(f.ack_at),
  escalatedAt: iso(f.escalated_at),
  referralId: f.referral_id,
});

/**
 * D6/D7: a reader flags a critical finding (危急值); the submitting clinic is told at once
 * (event), a named clinician acknowledges it, and an unacknowledged one escalates. The clinic
 * can open a green-channel up-referral from it — through the referral service's bus contract.
 */
@Injectable()
export class CriticalService {
  constructor(
    private readonly ds: DataSource,
    // Signs the clinician's actor as this service: the referral service verifies it like the gateway's.
    @Inject(SERVICE_BUS) private readonly bus: BusClient,
  ) {}

  async raise(actor: Actor, studyId: string, description: string) {
    if (!hasRole(actor, 'reader', 'senior_reader'))
      throw AppError.forbidden('Only readers flag critical findings');
    return this.ds.transaction(async (m) => {
      const [study] = await m.query(
        `SELECT s.id, s.community_id, s.institution_id, s.status, s.center_id, coalesce(cs.critical_ack_minutes, 30)::float AS minutes
           FROM diagnosis.studies s LEFT JOIN diagnosis.center_settings cs ON cs.center_id = s.center_id
          WHERE s.id = $1 AND s.community_id = $2 FOR UPDATE OF s`,
        [studyId, actor.communityId],
      );
      if (!study || !readsFor(actor, study.center_id)) throw AppError.notFound('Study');
      if (!['IN_PROGRESS', 'PRELIMINARY', 'FINAL'].includes(study.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `A critical finding is flagged while reading or after (the study is ${study.status})`,
        );
      }
      const [f] = await m.query(
        `INSERT INTO diagnosis.critical_findings (id, study_id, community_id, institution_id, description, raised_by, raised_by_name, ack_deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8::float8 * 60)) RETURNING *`,
        [
          randomUUID(),
          studyId,
          study.community_id,
          study.institution_id,
          description,
          actor.id,
          actor.name,
          study.minutes,
        ],
      );
      await writeOutbox(m, DIAGNOSIS_SCHEMA, {
        type: 'critical.raised',
        aggregateType: 'study',
        aggregateId: studyId,
        communityId: study.community_id,
        payload: {
          studyId,
          findingId: f.id,
          institutionId: study.institution_id,
          ackDeadline: iso(f.ack_deadline)!,
        },
      });
      return toDto(f);
    });
  }

  /** The finding, if the actor's clinic submitted its study; locked inside a transaction. */
  private async findingOf(
    actor: Actor,
    id: string,
    m: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<FindingRow> {
    const [f] = await m.query(
      `SELECT * FROM diagnosis.critical_findings WHERE id = $1 AND community_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, actor.communityId],
    );
    if (!f || f.institution_id !== actor.institutionId) throw AppError.notFound('Critical finding');
    return f;
  }

  /** A named clinician of the submitting clinic acknowledges; the first acknowledgement stands. */
  async acknowledge(actor: Actor, id: string, note?: string) {
    if (!hasRole(actor, 'clinician') || actor.kind !== 'user')
      throw AppError.forbidden('A named clinician acknowledges a critical finding');
    return this.ds.transaction(async (m) => {
      const f = await this.findingOf(actor, id, m, true);
      if (f.ack_at)
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `Already acknowledged by ${f.ack_by_name}`,
        );
      const [updated] = await rowsOf<FindingRow>(
        m,
        `UPDATE diagnosis.critical_findings SET ack_by = $2, ack_by_name = $3, ack_at = now(), ack_note = $4 WHERE id = $1 RETURNING *`,
        [id, actor.id, actor.name, note ?? null],
      );
      await writeOutbox(m, DIAGNOSIS_SCHEMA, {
        type: 'critical.acknowledged',
        aggregateType: 'study',
        aggregateId: f.study_id,
        communityId: f.community_id,
        payload: {
          studyId: f.study_id,
          institutionId: f.institution_id,
          findingId: id,
          clinicianId: actor.id,
          clinicianName: actor.name,
        },
      });
      return toDto(updated);
    });
  }

  async list(actor: Actor, open: boolean) {
    // The clinic sees its own findings; readers those of the centers they read for.
    const readerCenters = hasRole(actor, 'reader', 'senior_reader') ? actor.centerIds : [];
    const rows: FindingRow[] = await this.ds.query(
      `SELECT f.* FROM diagnosis.critical_findings f JOIN diagnosis.studies s ON s.id = f.study_id
        WHERE f.community_id = $1 AND (f.institution_id = $2 OR s.center_id = ANY($4::uuid[])) AND (NOT $3 OR f.ack_at IS NULL)
        ORDER BY f.raised_at DESC LIMIT 200`,
      [actor.communityId, actor.institutionId, open, readerCenters],
    );
    return { items: rows.map(toDto) };
  }

  /** Unacknowledged past the deadline: escalate once, with an event. */
  async escalateOverdue(m: EntityManager): Promise<number> {
    const rows = await rowsOf<FindingRow & { minutes_open: number }>(
      m,
      `UPDATE diagnosis.critical_findings SET escalated_at = now()
        WHERE ack_at IS NULL AND escalated_at IS NULL AND ack_deadline <= now()
        RETURNING *, floor(extract(epoch FROM now() - raised_at) / 60)::int AS minutes_open`,
    );
    for (const f of rows) {
      await writeOutbox(m, DIAGNOSIS_SCHEMA, {
        type: 'critical.escalated',
        aggregateType: 'study',
        aggregateId: f.study_id,
        communityId: f.community_id,
        payload: {
          studyId: f.study_id,
          findingId: f.id,
          institutionId: f.institution_id,
          minutesOpen: f.minutes_open,
        },
      });
    }
    return rows.length;
  }

  /**
   * D7: the clinic opens a green-channel up-referral with the study attached, via referral.create.
   * At most one per finding under any concurrency: the referral service keeps one referral per
   * origin key (a repeat answers the same referral), and only the first to record it here wins.
   */
  async greenChannelReferral(actor: Actor, input: z.infer<typeof greenChannelFromFindingSchema>) {
    if (!hasRole(actor, 'clinician'))
      throw AppError.forbidden('A clinician of the submitting clinic opens the referral');
    const f = await this.findingOf(actor, input.findingId);
    if (f.referral_id)
      throw AppError.conflict(`A referral was already opened from this finding (${f.referral_id})`);
    const [study] = await this.ds.query(`SELECT patient_id FROM diagnosis.studies WHERE id = $1`, [
      f.study_id,
    ]);
    if (!study?.patient_id) {
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        'The study has no patient; give patientId on the reading request first',
      );
    }
    const correlationId = requestContext.getStore()?.correlationId ?? 'none';
    const referral = await this.bus.call(
      ReferralContracts.create,
      {
        direction: 'UP',
        toInstitutionId: input.toInstitutionId,
        toDepartmentId: input.toDepartmentId,
        patientId: study.patient_id,
        diagnoses: input.diagnoses,
        reason: input.reason,
        urgency: 'EMERGENCY',
        greenChannel: input.greenChannel,
        clinicalSummary: `危急值: ${f.description}`,
        originKey: `critical-finding:${f.id}`,
        attachments: [
          {
            type: 'STUDY',
            id: f.study_id,
            title: 'Remote diagnosis study with a critical finding',
          },
        ],
      },
      { actor, correlationId },
    );
    const recorded = await rowsOf<{ id: string }>(
      this.ds.manager,
      `UPDATE diagnosis.critical_findings SET referral_id = $2 WHERE id = $1 AND referral_id IS NULL RETURNING id`,
      [f.id, referral.id],
    );
    if (recorded.length === 0)
      throw AppError.conflict(`A referral was already opened from this finding (${referral.id})`);
    return { referralId: referral.id, status: referral.status };
  }
}
