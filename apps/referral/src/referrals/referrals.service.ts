import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  ApiScope,
  ReferralPolicy,
  AppError,
  CreateReferral,
  createReferralSchema,
  ErrorCode,
  hasRole,
  ParsedRequestOf,
  ReferralContracts,
  ReferralDetail,
  ReferralStatus,
  rowsOf,
  writeOutbox,
} from '@app/shared';
import { CatalogService } from '../catalog/catalog.service';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { inTransaction } from '../common/transaction';
import { DirectoryRepository } from '../directory/directory.repository';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { PolicyService } from '../policy/policy.service';
import { Action, judge, Party, RESERVATION_ON, RULES } from './lifecycle';
import { loadDetail, ReferralRow, toSummary } from './referral.queries';
import { HoldExpiredError, Reservations } from './reservations';

type Create = ReturnType<typeof createReferralSchema.parse>;
type ListQuery = ParsedRequestOf<typeof ReferralContracts.list>;
const CARE_ROLES = ['clinician', 'referral_coordinator'] as const;

export interface TransitionInput {
  reason?: string;
  summary?: string;
  toInstitutionId?: string;
  toDepartmentId?: string;
}

/** R1, R5–R8: the referral and its lifecycle, with capacity changes in the same transaction. */
/**
 * The receiver's inbox: what awaits an answer first, green channels at the top, then 签约
 * residents (seed 001 四(六) 优先接诊), then the newest.
 */
const INBOX_ORDER = `(status = 'SUBMITTED') DESC, (green_channel IS NOT NULL) DESC, family_doctor_signed DESC,`;

/** How long a hold lasts: until the receiver's answer is due when the policy says so (item 8). */
function holdMinutesFor(policy: ReferralPolicy, row: ReferralRow): number {
  if (!policy.holdUntilResponseDue) return policy.holdMinutes;
  const untilDue = (new Date(row.respond_by).getTime() - Date.now()) / 60_000;
  return Math.max(policy.holdMinutes, untilDue);
}

@Injectable()
export class ReferralsService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly reservations: Reservations,
    private readonly followUps: FollowUpsService,
  ) {}

  private assertCareActor(actor: Actor, write: boolean): void {
    if (actor.kind === 'api_client') {
      // The REST scope or the FHIR one: the gateway lets each door in with its own.
      const allowed: ApiScope[] = write
        ? ['referrals:write', 'fhir:write']
        : ['referrals:read', 'fhir:read'];
      if (!allowed.some((scope) => actor.scopes.includes(scope)))
        throw AppError.forbidden(`API client lacks the referral scope (${allowed.join(' or ')})`);
      return;
    }
    if (!hasRole(actor, ...CARE_ROLES) && (write || !hasRole(actor, 'community_admin'))) {
      throw AppError.forbidden('Requires the clinician or referral coordinator role');
    }
  }

  async create(actor: Actor, input: Create): Promise<ReferralDetail> {
    this.assertCareActor(actor, true);
    return inTransaction(this.ds, async (m) => {
      if (input.originKey) {
        const opened = await this.openedFrom(m, actor, input.originKey);
        if (opened) return loadDetail(m, opened);
      }
      const from = await this.directory.institutionInCommunity(
        actor,
        actor.institutionId,
        'actor.institutionId',
        m,
      );
      const to = await this.directory.institutionInCommunity(
        actor,
        input.toInstitutionId,
        'toInstitutionId',
        m,
      );
      if (input.toDepartmentId)
        await this.directory.departmentOf(to.id, input.toDepartmentId, 'toDepartmentId', m);
      if (to.id === from.id)
        throw AppError.validation('toInstitutionId: an institution cannot refer to itself');
      if (input.direction === 'UP' && to.level <= from.level) {
        throw AppError.validation(
          `toInstitutionId: an up-referral goes to a higher-level institution (${to.name} is not)`,
        );
      }
      if (input.direction === 'DOWN' && to.level >= from.level) {
        throw AppError.validation(
          `toInstitutionId: a down-referral goes to a lower-level institution (${to.name} is not)`,
        );
      }
      if (input.greenChannel && input.direction !== 'UP')
        throw AppError.validation('greenChannel: the green channel is for up-referrals');
      if (input.continuesReferralId) await this.checkContinuation(m, actor, input);
      const verdict = await this.catalog.check(
        m,
        actor.communityId,
        input.direction,
        input.diagnoses,
      );
      if (!verdict.inCatalog && !input.justification && !input.greenChannel) {
        throw AppError.validation(
          `This referral is outside the catalog: ${verdict.problem}. Add a justification to send it for review.`,
          [{ path: 'justification', message: 'required outside the referral catalog' }],
        );
      }
      const policy = await this.policy.forCommunity(actor.communityId, m);
      const id = randomUUID();
      const urgency = input.greenChannel ? 'EMERGENCY' : input.urgency;
      const [row]: ReferralRow[] = await m.query(
        `INSERT INTO referral.referrals (id, community_id, direction, status, from_institution_id, to_institution_id, to_department_id,
           patient_id, family_doctor_signed, diagnoses, reason, urgency, green_channel, clinical_summary, justification, out_of_catalog,
           attachments, continues_referral_id, created_by, created_by_name, respond_by, origin_key)
         VALUES ($1, $2, $3, 'SUBMITTED', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 now() + make_interval(secs => ($20::float8) * 60), $21)
         ON CONFLICT (community_id, origin_key) WHERE origin_key IS NOT NULL DO NOTHING RETURNING *`,
        [
          id,
          actor.communityId,
          input.direction,
          from.id,
          to.id,
          input.toDepartmentId ?? null,
          input.patientId,
          input.familyDoctorSigned,
          input.diagnoses,
          input.reason,
          urgency,
          input.greenChannel ?? null,
          input.clinicalSummary,
          input.justification ?? null,
          !verdict.inCatalog,
          JSON.stringify(input.attachments),
          input.continuesReferralId ?? null,
          actor.id,
          actor.name,
          policy.responseExpiryMinutes,
          input.originKey ?? null,
        ],
      );
      if (!row) {
        // A concurrent request with the same origin key committed first: answer its referral.
        const opened = await this.openedFrom(m, actor, input.originKey!);
        if (!opened) throw AppError.conflict('A referral with this origin is being opened');
        return loadDetail(m, opened);
      }
      await this.record(
        m,
        row,
        null,
        'SUBMITTED',
        actor,
        input.justification && !verdict.inCatalog ? `outside catalog: ${verdict.problem}` : null,
      );
      const owner = { referralId: id, communityId: actor.communityId, toInstitutionId: to.id };
      if (input.hold?.kind === 'SLOT')
        await this.reservations.holdSlot(m, owner, input.hold.slotId, holdMinutesFor(policy, row));
      if (input.hold?.kind === 'BED')
        await this.reservations.holdBed(
          m,
          owner,
          input.hold.bedId,
          input.greenChannel ? policy.emergencyHoldMinutes : holdMinutesFor(policy, row),
          !!input.greenChannel,
        );
      if (!input.greenChannel) return loadDetail(m, row);
      await this.openGreenChannel(m, row, policy.emergencyHoldMinutes, input.hold !== undefined);
      const [fresh] = await m.query(`SELECT * FROM referral.referrals WHERE id = $1`, [id]);
      return loadDetail(m, fresh);
    });
  }

  /** R7: accepted on arrival, an emergency bed held, and an immediate notice event. */
  private async openGreenChannel(
    m: EntityManager,
    row: ReferralRow,
    minutes: number,
    alreadyHeld: boolean,
  ): Promise<void> {
    await m.query(
      `UPDATE referral.referrals SET status = 'ACCEPTED', accepted_at = now(), updated_at = now() WHERE id = $1`,
      [row.id],
    );
    await this.record(
      m,
      { ...row, status: 'ACCEPTED' },
      'SUBMITTED',
      'ACCEPTED',
      null,
      `green channel ${row.green_channel}: accepted on arrival`,
    );
    const owner = {
      referralId: row.id,
      communityId: row.community_id,
      toInstitutionId: row.to_institution_id,
    };
    let bed: { id: string | null; number: string | null } = { id: null, number: null };
    if (alreadyHeld) {
      const [held] = await m.query(
        `SELECT b.id, b.number FROM referral.reservations r JOIN referral.beds b ON b.id = r.bed_id WHERE r.referral_id = $1 AND r.status = 'HELD'`,
        [row.id],
      );
      if (held) bed = held;
    } else {
      const picked = await this.reservations.holdAnyBed(m, owner, row.to_department_id, minutes);
      if (picked) bed = { id: picked.reservation.bed_id, number: picked.bedNumber };
    }
    await writeOutbox(m, REFERRAL_SCHEMA, {
      type: 'referral.green_channel',
      aggregateType: 'referral',
      aggregateId: row.id,
      communityId: row.community_id,
      payload: {
        ...this.eventBody(row, 'ACCEPTED', null, 'green channel'),
        greenChannel: row.green_channel ?? '',
        bedId: bed.id,
        bedNumber: bed.number,
      },
    });
  }

  private async openedFrom(
    m: EntityManager,
    actor: Actor,
    originKey: string,
  ): Promise<ReferralRow | undefined> {
    const [row]: ReferralRow[] = await m.query(
      `SELECT * FROM referral.referrals WHERE community_id = $1 AND origin_key = $2`,
      [actor.communityId, originKey],
    );
    return row;
  }

  private async checkContinuation(m: EntityManager, actor: Actor, input: Create): Promise<void> {
    const [orig]: ReferralRow[] = await m.query(
      `SELECT * FROM referral.referrals WHERE id = $1 AND community_id = $2`,
      [input.continuesReferralId, actor.communityId],
    );
    if (!orig) throw AppError.validation('continuesReferralId: no such referral in your community');
    const problems = [
      orig.direction !== 'UP' && 'it is not an up-referral',
      orig.status !== 'COMPLETED' && `it is ${orig.status}, not COMPLETED`,
      orig.to_institution_id !== actor.institutionId && 'your institution did not receive it',
      input.direction !== 'DOWN' && 'a continuation is a down-referral',
      orig.from_institution_id !== input.toInstitutionId &&
        'a continuation goes back to the institution that sent the patient',
      orig.patient_id !== input.patientId && 'it is for another patient',
    ].filter(Boolean);
    if (problems.length)
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        `Cannot continue referral ${orig.id}: ${problems.join('; ')}`,
      );
  }

  async hold(
    actor: Actor,
    id: string,
    hold: ParsedRequestOf<typeof ReferralContracts.hold>['hold'],
  ): Promise<ReferralDetail> {
    this.assertCareActor(actor, true);
    return inTransaction(this.ds, async (m) => {
      const row = await this.lockForAction(m, actor, id, 'hold');
      const policy = await this.policy.forCommunity(row.community_id, m);
      const owner = {
        referralId: id,
        communityId: row.community_id,
        toInstitutionId: row.to_institution_id,
      };
      if (hold.kind === 'SLOT')
        await this.reservations.holdSlot(m, owner, hold.slotId, holdMinutesFor(policy, row));
      else await this.reservations.holdBed(m, owner, hold.bedId, holdMinutesFor(policy, row));
      return loadDetail(m, row);
    });
  }

  async transition(
    actor: Actor,
    id: string,
    action: Exclude<Action, 'hold' | 'expire'>,
    input: TransitionInput,
  ): Promise<ReferralDetail> {
    this.assertCareActor(actor, true);
    try {
      return await this.transitionOnce(actor, id, action, input);
    } catch (error) {
      // The refused acceptance rolled back; the expired hold's place is given back now, not at
      // the next sweep, so a 409 always means the place is free again.
      if (error instanceof HoldExpiredError)
        await inTransaction(this.ds, (m) => this.reservations.releaseExpiredOf(m, id));
      throw error;
    }
  }

  private transitionOnce(
    actor: Actor,
    id: string,
    action: Exclude<Action, 'hold' | 'expire'>,
    input: TransitionInput,
  ): Promise<ReferralDetail> {
    return inTransaction(this.ds, async (m) => {
      const row = await this.lockForAction(m, actor, id, action);
      const to = RULES[action].to!;
      if (action === 'accept') await this.assertPlaceSecured(m, row, input.reason);
      let redirectedTo: string | null = null;
      if (action === 'redirect') redirectedTo = await this.redirect(m, actor, row, input);
      const moved = await this.move(m, row, to, actor, input.reason ?? null, {
        completionSummary: input.summary,
        redirectedTo,
      });
      return loadDetail(m, moved);
    });
  }

  /**
   * Seed 001 (落实好病人就诊号源及住院床位): a non-emergency up-referral is accepted on a held slot
   * or bed; without one only where the community's policy allows it, and then with a reason,
   * which the transition records.
   */
  private async assertPlaceSecured(m: EntityManager, row: ReferralRow, reason?: string | null) {
    // The seed's rule is about the upper institution receiving a patient; 基层 has no slot pool.
    if (row.direction === 'DOWN' || row.urgency === 'EMERGENCY' || row.green_channel) return;
    const held = await this.reservations.active(m, row.id);
    if (held?.status === 'HELD') return;
    const policy = await this.policy.forCommunity(row.community_id, m);
    if (!policy.acceptWithoutPlace)
      throw AppError.conflict(
        'No slot or bed is held for this referral: the sender holds one first (seed 001: 落实好号源及床位), or the community policy must allow acceptance without one',
      );
    if (!reason?.trim())
      throw AppError.validation(
        'reason: say why the referral is accepted without a held slot or bed',
        [{ path: 'reason', message: 'required when nothing is held' }],
      );
  }

  /** The system's own transition (response deadline passed). */
  async expire(m: EntityManager, row: ReferralRow): Promise<void> {
    await this.move(m, row, 'EXPIRED', null, 'no response before the deadline', {});
  }

  private async move(
    m: EntityManager,
    row: ReferralRow,
    to: ReferralStatus,
    actor: Actor | null,
    reason: string | null,
    extra: { completionSummary?: string; redirectedTo?: string | null },
  ): Promise<ReferralRow> {
    const stamp = { ACCEPTED: 'accepted_at', ARRIVED: 'arrived_at', COMPLETED: 'completed_at' }[
      to as string
    ];
    const closed = [
      'REJECTED',
      'REDIRECTED',
      'COMPLETED',
      'CANCELLED',
      'EXPIRED',
      'NO_SHOW',
    ].includes(to);
    const [moved] = await rowsOf<ReferralRow>(
      m,
      `UPDATE referral.referrals SET status = $2, updated_at = now(), ${stamp ? `${stamp} = now(),` : ''}
         closed_at = CASE WHEN $3 THEN now() ELSE closed_at END,
         completion_summary = coalesce($4, completion_summary), redirected_to_referral_id = coalesce($5, redirected_to_referral_id)
       WHERE id = $1 RETURNING *`,
      [row.id, to, closed, extra.completionSummary ?? null, extra.redirectedTo ?? null],
    );
    await this.record(m, moved, row.status, to, actor, reason);
    // Follow-up (回访): the primary institution follows a patient sent down once accepted, and
    // an up-referred patient once they come back (seed 001 四(五), seed 004 附件2-3 跟踪接续服务).
    if (to === 'ACCEPTED' && row.direction === 'DOWN') await this.followUps.schedule(m, row);
    if (to === 'COMPLETED' && row.direction === 'UP') await this.followUps.schedule(m, row);
    if (to === 'CANCELLED' || to === 'NO_SHOW') await this.followUps.cancel(m, row);
    // Capacity last, so the slot or bed row stays locked for the shortest time.
    const reservation = await this.reservations.active(m, row.id);
    const effect = RESERVATION_ON[to];
    if (reservation && effect === 'book') await this.reservations.book(m, reservation);
    if (reservation && effect === 'occupy') await this.reservations.occupy(m, reservation);
    if (reservation && effect === 'finish') await this.reservations.finish(m, reservation);
    if (reservation && effect === 'release')
      await this.reservations.release(m, reservation, to.toLowerCase());
    return moved;
  }

  private async redirect(
    m: EntityManager,
    actor: Actor,
    row: ReferralRow,
    input: TransitionInput,
  ): Promise<string> {
    const target = await this.directory.institutionInCommunity(
      actor,
      input.toInstitutionId!,
      'toInstitutionId',
      m,
    );
    if (target.id === row.from_institution_id || target.id === row.to_institution_id) {
      throw AppError.validation('toInstitutionId: redirect to a third institution');
    }
    // A redirect is still the same referral's direction: up goes to a higher level than the
    // sender, down to a lower one (seed 001 四（二）: 基层 向上级医院转诊, 区级医院 向下转诊 to 基层).
    const sender = await this.directory.institutionInCommunity(
      actor,
      row.from_institution_id,
      'fromInstitutionId',
      m,
    );
    const wrongLevel =
      row.direction === 'UP' ? target.level <= sender.level : target.level >= sender.level;
    if (wrongLevel)
      throw AppError.validation(
        `toInstitutionId: ${target.name} is not ${row.direction === 'UP' ? 'above' : 'below'} the sending institution's level, as a${row.direction === 'UP' ? 'n up' : ' down'}-referral needs`,
        [{ path: 'toInstitutionId', message: 'wrong level for the direction' }],
      );
    if (input.toDepartmentId)
      await this.directory.departmentOf(target.id, input.toDepartmentId, 'toDepartmentId', m);
    const policy = await this.policy.forCommunity(row.community_id, m);
    const id = randomUUID();
    const [copy]: ReferralRow[] = await m.query(
      `INSERT INTO referral.referrals (id, community_id, direction, status, from_institution_id, to_institution_id, to_department_id,
         patient_id, family_doctor_signed, diagnoses, reason, urgency, green_channel, clinical_summary, justification, out_of_catalog,
         attachments, continues_referral_id, created_by, created_by_name, respond_by)
       SELECT $2, community_id, direction, 'SUBMITTED', from_institution_id, $3, $4, patient_id, family_doctor_signed, diagnoses, reason,
              urgency, NULL, clinical_summary, justification, out_of_catalog, attachments, continues_referral_id, created_by, created_by_name,
              now() + make_interval(secs => ($5::float8) * 60)
         FROM referral.referrals WHERE id = $1 RETURNING *`,
      [row.id, id, target.id, input.toDepartmentId ?? null, policy.responseExpiryMinutes],
    );
    await this.record(
      m,
      copy,
      null,
      'SUBMITTED',
      actor,
      `redirected from referral ${row.id}: ${input.reason}`,
    );
    return id;
  }

  private partyOf(actor: Actor, row: ReferralRow): Party | 'none' {
    if (actor.institutionId === row.from_institution_id) return 'sender';
    if (actor.institutionId === row.to_institution_id) return 'receiver';
    return 'none';
  }

  /** Locks the row; another community's referral is 404, the wrong party 403, the wrong status 409. */
  private async lockForAction(
    m: EntityManager,
    actor: Actor,
    id: string,
    action: Action,
  ): Promise<ReferralRow> {
    const [row]: ReferralRow[] = await m.query(
      `SELECT * FROM referral.referrals WHERE id = $1 AND community_id = $2 FOR UPDATE`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Referral');
    const verdict = judge(action, this.partyOf(actor, row), row.status);
    if (!verdict.ok) {
      throw verdict.why === 'wrong_party'
        ? AppError.forbidden(verdict.message)
        : new AppError(ErrorCode.INVALID_TRANSITION, verdict.message);
    }
    return row;
  }

  private eventBody(
    row: ReferralRow,
    status: ReferralStatus,
    actor: Actor | null,
    reason: string | null,
  ) {
    return {
      referralId: row.id,
      direction: row.direction,
      fromInstitutionId: row.from_institution_id,
      toInstitutionId: row.to_institution_id,
      patientId: row.patient_id,
      status,
      actorId: actor?.id ?? null,
      reason,
    };
  }

  private async record(
    m: EntityManager,
    row: ReferralRow,
    from: ReferralStatus | null,
    to: ReferralStatus,
    actor: Actor | null,
    reason: string | null,
  ) {
    await m.query(
      `INSERT INTO referral.transitions (referral_id, from_status, to_status, actor_id, actor_name, actor_institution_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.id,
        from,
        to,
        actor?.id ?? null,
        actor?.name ?? 'system',
        actor?.institutionId ?? null,
        reason,
      ],
    );
    const body = this.eventBody(row, to, actor, reason);
    const base = { aggregateType: 'referral', aggregateId: row.id, communityId: row.community_id };
    switch (to) {
      case 'SUBMITTED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.submitted',
          payload: body,
        }));
      case 'ACCEPTED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.accepted',
          payload: body,
        }));
      case 'REJECTED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.rejected',
          payload: body,
        }));
      case 'REDIRECTED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.redirected',
          payload: { ...body, newReferralId: row.redirected_to_referral_id! },
        }));
      case 'ARRIVED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.arrived',
          payload: body,
        }));
      case 'COMPLETED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.completed',
          payload: body,
        }));
      case 'CANCELLED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.cancelled',
          payload: body,
        }));
      case 'EXPIRED':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.expired',
          payload: body,
        }));
      case 'NO_SHOW':
        return void (await writeOutbox(m, REFERRAL_SCHEMA, {
          ...base,
          type: 'referral.no_show',
          payload: body,
        }));
    }
  }

  async get(actor: Actor, id: string): Promise<ReferralDetail> {
    this.assertCareActor(actor, false);
    const [row]: ReferralRow[] = await this.ds.query(
      `SELECT * FROM referral.referrals WHERE id = $1 AND community_id = $2`,
      [id, actor.communityId],
    );
    if (!row || (this.partyOf(actor, row) === 'none' && !hasRole(actor, 'community_admin')))
      throw AppError.notFound('Referral');
    return loadDetail(this.ds.manager, row);
  }

  async list(actor: Actor, q: ListQuery) {
    this.assertCareActor(actor, false);
    const admin = hasRole(actor, 'community_admin') && actor.kind === 'user';
    const side = {
      sent: 'from_institution_id = $2',
      received: 'to_institution_id = $2',
      any: '(from_institution_id = $2 OR to_institution_id = $2)',
    }[q.role];
    // Every parameter is referenced whoever asks: PostgreSQL cannot type one that is not.
    const where = `community_id = $1 AND ($5::boolean OR ${side}) AND ($3::text IS NULL OR status = $3)
      AND ($4::uuid IS NULL OR patient_id = $4) AND ($6::text[] IS NULL OR status = ANY($6))
      AND ($7::uuid IS NULL OR from_institution_id = $7) AND ($8::uuid IS NULL OR to_institution_id = $8)
      AND ($9::timestamptz IS NULL OR updated_at >= $9) AND ($10::timestamptz IS NULL OR updated_at < $10)`;
    const args = [
      actor.communityId,
      actor.institutionId,
      q.status ?? null,
      q.patientId ?? null,
      admin,
      q.statuses ?? null,
      q.fromInstitutionId ?? null,
      q.toInstitutionId ?? null,
      q.updatedFrom ?? null,
      q.updatedTo ?? null,
    ];
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM referral.referrals WHERE ${where}`,
      args,
    );
    const rows: ReferralRow[] = await this.ds.query(
      `SELECT * FROM referral.referrals WHERE ${where} ORDER BY ${q.role === 'received' ? INBOX_ORDER : ''} submitted_at DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { items: rows.map(toSummary), total, limit: q.limit, offset: q.offset };
  }
}

export type { CreateReferral };
