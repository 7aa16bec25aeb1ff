import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  ErrorCode,
  hasRole,
  MAX_SCHEDULE_SLOTS,
  ParsedRequestOf,
  ReferralContracts,
  scheduleSlotCount,
  rowsOf,
  bedSchema,
  writeOutbox,
} from '@app/shared';
import { localDateOf } from '../common/time';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { DirectoryRepository } from '../directory/directory.repository';
import { reservedShareRows } from '../indicators/reserved-share';
import { PolicyService } from '../policy/policy.service';
import { assertScheduleNotRepeated, releaseWarnings, toSlot } from './publish-checks';
import { describeShortfall, PoolTotals, quotaBinds, quotaShortfalls } from './quota';
import { NewSlot, scheduleSlots } from './schedule-slots';

type Bed = z.infer<typeof bedSchema>;
type Req<K extends keyof typeof ReferralContracts> = ParsedRequestOf<(typeof ReferralContracts)[K]>;

const SLOT_COLUMNS = `id, institution_id AS "institutionId", department_id AS "departmentId", doctor_name AS "doctorName",
  starts_at AS "startsAt", ends_at AS "endsAt", pool, capacity, held, booked, capacity - held - booked AS free`;
const BED_COLUMNS = `id, institution_id AS "institutionId", department_id AS "departmentId", number,
  sex_restriction AS "sexRestriction", pool, status`;

/** R3/R4: publishing capacity (with the quota check in the same transaction) and searching it. */
@Injectable()
export class CapacityService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly policy: PolicyService,
  ) {}

  private assertPublisher(actor: Actor): void {
    if (!hasRole(actor, 'referral_coordinator') && actor.kind !== 'api_client') {
      throw AppError.forbidden("Only the institution's referral coordinator publishes capacity");
    }
  }

  async publishSchedule(actor: Actor, s: Req<'publishSchedule'>) {
    this.assertPublisher(actor);
    // The contract bounds the range and the count; counting again here costs nothing and
    // keeps this loop safe whoever calls it.
    const count = scheduleSlotCount(s);
    if (count === 0)
      throw AppError.validation(
        'The schedule generates no slots (check dates, days of week and sessions)',
      );
    if (count > MAX_SCHEDULE_SLOTS)
      throw AppError.validation(
        `The schedule would make ${count} slots; one request makes at most ${MAX_SCHEDULE_SLOTS}`,
      );
    await this.directory.ownDepartment(actor, s.departmentId);
    const scheduleId = randomUUID();
    const slots = scheduleSlots(s);
    await this.ds.transaction(async (m) => {
      await assertScheduleNotRepeated(m, s.departmentId, s.doctorName ?? null, slots);
      await this.insertSlots(m, actor, s.departmentId, s.doctorName ?? null, slots, scheduleId);
    });
    const { releaseLeadMinutes } = await this.policy.forCommunity(actor.communityId);
    return {
      scheduleId,
      slots: slots.length,
      warnings: releaseWarnings(slots, releaseLeadMinutes),
    };
  }

  async publishSlots(actor: Actor, s: Req<'publishSlots'>) {
    this.assertPublisher(actor);
    await this.directory.ownDepartment(actor, s.departmentId);
    const slots = s.slots.map((x, i) => {
      const startsAt = new Date(x.startsAt);
      const endsAt = new Date(x.endsAt);
      if (endsAt <= startsAt)
        throw AppError.validation(`slots.${i}: endsAt must be after startsAt`, [
          { path: `slots.${i}.endsAt`, message: 'before start' },
        ]);
      return {
        startsAt,
        endsAt,
        capacity: x.capacity,
        pool: x.pool,
        doctorName: x.doctorName ?? null,
      };
    });
    const ids = await this.ds.transaction((m) =>
      this.insertSlots(m, actor, s.departmentId, null, slots, null),
    );
    const rows = await this.ds.query(
      `SELECT ${SLOT_COLUMNS} FROM referral.slots WHERE id = ANY($1) ORDER BY starts_at, pool DESC`,
      [ids],
    );
    const { releaseLeadMinutes } = await this.policy.forCommunity(actor.communityId);
    return {
      slots: rows.map((r: Parameters<typeof toSlot>[0]) => toSlot(r, releaseLeadMinutes)),
      warnings: releaseWarnings(slots, releaseLeadMinutes),
    };
  }

  private async insertSlots(
    m: EntityManager,
    actor: Actor,
    departmentId: string,
    doctorName: string | null,
    slots: NewSlot[],
    scheduleId: string | null,
  ): Promise<string[]> {
    const now = Date.now();
    const past = slots.findIndex((x) => x.startsAt.getTime() <= now);
    if (past >= 0) {
      throw AppError.validation(
        `slot ${past} starts in the past (${slots[past].startsAt.toISOString()}); publish future capacity only`,
        [{ path: `slots.${past}.startsAt`, message: 'in the past' }],
      );
    }
    const ids = slots.map(() => randomUUID());
    // One statement for the whole batch (up to 5,000 rows), not a round trip per slot.
    await m.query(
      `INSERT INTO referral.slots (id, community_id, institution_id, department_id, doctor_name, starts_at, ends_at, local_date, pool, capacity, schedule_id)
       SELECT u.id, $1::uuid, $2::uuid, $3::uuid, u.doctor, u.starts_at, u.ends_at, u.local_date, u.pool, u.capacity, $4::uuid
         FROM unnest($5::uuid[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::date[], $10::text[], $11::int[])
              AS u(id, doctor, starts_at, ends_at, local_date, pool, capacity)`,
      [
        actor.communityId,
        actor.institutionId,
        departmentId,
        scheduleId,
        ids,
        slots.map((x) => x.doctorName ?? doctorName),
        slots.map((x) => x.startsAt),
        slots.map((x) => x.endsAt),
        slots.map((x) => localDateOf(x.startsAt)),
        slots.map((x) => x.pool),
        slots.map((x) => x.capacity),
      ],
    );
    const dates = [...new Set(slots.map((x) => localDateOf(x.startsAt)))];
    const policy = await this.policy.forCommunity(actor.communityId, m);
    const totals = await this.slotTotals(m, departmentId, dates);
    const bound = await quotaBinds(this.directory, actor, policy.quotaInstitutionTypes, m);
    const short = bound ? quotaShortfalls(totals, policy.minReferralSlotShare) : [];
    if (short.length > 0) {
      throw new AppError(
        ErrorCode.QUOTA_VIOLATION,
        `Refused: ${describeShortfall(short[0], 'slots')}${short.length > 1 ? ` (and ${short.length - 1} more days)` : ''}`,
        short.map((x) => ({ path: `date:${x.date}`, message: describeShortfall(x, 'slots') })),
      );
    }
    return ids;
  }

  /** Slots released to GENERAL at the lead time still count as reserved: they were, until then. */
  private async slotTotals(
    m: EntityManager,
    departmentId: string,
    dates: string[],
  ): Promise<PoolTotals[]> {
    const rows = await m.query(
      `SELECT department_id AS "departmentId", to_char(local_date, 'YYYY-MM-DD') AS date,
              sum(capacity) FILTER (WHERE pool = 'REFERRAL' OR released_to_general_at IS NOT NULL)::int AS referral,
              sum(capacity)::int AS total
         FROM referral.slots WHERE department_id = $1 AND local_date = ANY($2::date[])
        GROUP BY department_id, local_date ORDER BY local_date`,
      [departmentId, dates],
    );
    return rows.map((r: PoolTotals) => ({ ...r, referral: r.referral ?? 0 }));
  }

  async publishBeds(actor: Actor, s: Req<'publishBeds'>) {
    this.assertPublisher(actor);
    const dept = await this.directory.ownDepartment(actor, s.departmentId);
    if (dept.kind !== 'WARD')
      throw AppError.validation(`departmentId: ${dept.name} is not a ward; beds belong to wards`);
    const ids = await this.ds.transaction(async (m) => {
      const inserted: string[] = [];
      for (const b of s.beds) {
        const id = randomUUID();
        const rows = await m.query(
          `INSERT INTO referral.beds (id, community_id, institution_id, department_id, number, sex_restriction, pool)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (department_id, number) DO NOTHING RETURNING id`,
          [
            id,
            actor.communityId,
            actor.institutionId,
            s.departmentId,
            b.number,
            b.sexRestriction ?? null,
            b.pool,
          ],
        );
        if (rows.length === 0)
          throw AppError.conflict(`Bed ${b.number} already exists in this ward`);
        inserted.push(id);
      }
      const policy = await this.policy.forCommunity(actor.communityId, m);
      const [totals] = await m.query(
        `SELECT department_id AS "departmentId", NULL AS date, (count(*) FILTER (WHERE pool = 'REFERRAL'))::int AS referral, count(*)::int AS total
           FROM referral.beds WHERE department_id = $1 AND status <> 'CLOSED' GROUP BY department_id`,
        [s.departmentId],
      );
      const bound = await quotaBinds(this.directory, actor, policy.quotaInstitutionTypes, m);
      const short = bound ? quotaShortfalls([totals], policy.minReferralBedShare) : [];
      if (short.length > 0)
        throw new AppError(
          ErrorCode.QUOTA_VIOLATION,
          `Refused: ${describeShortfall(short[0], 'beds')}`,
        );
      return inserted;
    });
    const beds: Bed[] = await this.ds.query(
      `SELECT ${BED_COLUMNS} FROM referral.beds WHERE id = ANY($1) ORDER BY number`,
      [ids],
    );
    return { beds };
  }

  /** R9: family-doctor (签约) patients see the REFERRAL pool first. */
  async searchSlots(actor: Actor, q: Req<'searchSlots'>) {
    await this.directory.institutionInCommunity(actor, q.institutionId, 'institutionId');
    const rows = await this.ds.query(
      `SELECT ${SLOT_COLUMNS} FROM referral.slots
        WHERE institution_id = $1 AND ($2::uuid IS NULL OR department_id = $2) AND starts_at >= $3 AND starts_at < $4
          AND starts_at > now() AND ($5::text IS NULL OR pool = $5) AND (NOT $6 OR held + booked < capacity)
        ORDER BY starts_at, CASE WHEN pool = 'REFERRAL' THEN ${q.familyDoctorSigned ? 0 : 1} ELSE ${q.familyDoctorSigned ? 1 : 0} END
        LIMIT 500`,
      [q.institutionId, q.departmentId ?? null, q.from, q.to, q.pool ?? null, q.onlyFree],
    );
    const { releaseLeadMinutes } = await this.policy.forCommunity(actor.communityId);
    return { items: rows.map((r: Parameters<typeof toSlot>[0]) => toSlot(r, releaseLeadMinutes)) };
  }

  async searchBeds(actor: Actor, q: Req<'searchBeds'>) {
    await this.directory.institutionInCommunity(actor, q.institutionId, 'institutionId');
    const items: Bed[] = await this.ds.query(
      `SELECT ${BED_COLUMNS} FROM referral.beds
        WHERE institution_id = $1 AND ($2::uuid IS NULL OR department_id = $2) AND ($3::text IS NULL OR pool = $3)
          AND (NOT $4 OR status = 'AVAILABLE')
        ORDER BY CASE WHEN pool = 'REFERRAL' THEN ${q.familyDoctorSigned ? 0 : 1} ELSE ${q.familyDoctorSigned ? 1 : 0} END, department_id, number
        LIMIT 500`,
      [q.institutionId, q.departmentId ?? null, q.pool ?? null, q.onlyFree],
    );
    return { items };
  }

  /** Seed 004 四(八)4 per department (slots, 1/3) and ward (beds, 1/4) and day. */
  async compliance(actor: Actor, q: Req<'compliance'>) {
    await this.directory.institutionInCommunity(actor, q.institutionId, 'institutionId');
    const policy = await this.policy.forCommunity(actor.communityId);
    const rows = await reservedShareRows(
      this.ds.manager,
      { communityId: actor.communityId, ...q },
      { slots: policy.minReferralSlotShare, beds: policy.minReferralBedShare },
    );
    return { rows };
  }

  /** Moves unused REFERRAL slots to GENERAL once their start is within the community's lead time. */
  async releaseDue(m: EntityManager): Promise<number> {
    const released = await rowsOf<{ id: string; department_id: string; community_id: string }>(
      m,
      `UPDATE referral.slots s SET pool = 'GENERAL', released_to_general_at = now()
         FROM referral.policies p
        WHERE p.community_id = s.community_id AND s.pool = 'REFERRAL' AND s.released_to_general_at IS NULL
          AND s.held + s.booked < s.capacity AND s.starts_at > now()
          AND s.starts_at - make_interval(secs => (p.release_lead_minutes) * 60) <= now()
        RETURNING s.id, s.department_id, s.community_id`,
    );
    const byDept = new Map<string, { communityId: string; ids: string[] }>();
    for (const r of released) {
      const entry = byDept.get(r.department_id) ?? { communityId: r.community_id, ids: [] };
      entry.ids.push(r.id);
      byDept.set(r.department_id, entry);
    }
    for (const [departmentId, { communityId, ids }] of byDept) {
      await writeOutbox(m, REFERRAL_SCHEMA, {
        type: 'capacity.released_to_general',
        aggregateType: 'department',
        aggregateId: departmentId,
        communityId,
        payload: { departmentId, slotIds: ids },
      });
    }
    return released.length;
  }
}
