import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppError,
  CenterSettings,
  hasRole,
  ParsedRequestOf,
  ReadingCenterContracts as C,
  rowsOf,
} from '@app/shared';

type Update = ParsedRequestOf<typeof C.updateSettings>;

const COLUMNS = `center_id AS "centerId", requires_senior_approval AS "requiresSeniorApproval",
  stat_minutes::float8 AS "statMinutes", urgent_minutes::float8 AS "urgentMinutes",
  routine_minutes::float8 AS "routineMinutes", lease_minutes::float8 AS "leaseMinutes"`;

/** D3/D5: how a reading center works (turnaround targets, approval, lease), per community. */
@Injectable()
export class CenterSettingsService {
  constructor(private readonly ds: DataSource) {}

  /** Readers and admins of the center's community; another community's center is not found. */
  async get(actor: Actor, centerId: string): Promise<CenterSettings> {
    if (!hasRole(actor, 'reader', 'senior_reader', 'community_admin', 'clinician'))
      throw AppError.forbidden('Reading-center settings are for clinicians, readers and admins');
    await this.assertCenter(actor, centerId);
    await this.ds.query(
      `INSERT INTO diagnosis.center_settings (center_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [centerId],
    );
    const [row] = await this.ds.query(
      `SELECT ${COLUMNS} FROM diagnosis.center_settings WHERE center_id = $1`,
      [centerId],
    );
    return row;
  }

  /** A community admin sets them; the targets must rise with less urgency (STAT ≤ URGENT ≤ ROUTINE). */
  async update(actor: Actor, q: Update): Promise<CenterSettings> {
    if (actor.kind !== 'user' || !hasRole(actor, 'community_admin'))
      throw AppError.forbidden('Only a community admin changes reading-center settings');
    const current = await this.get(actor, q.centerId);
    const next = { ...current, ...stripUndefined(q.changes) };
    if (!(next.statMinutes <= next.urgentMinutes && next.urgentMinutes <= next.routineMinutes))
      throw AppError.validation(
        `targets must not shrink with urgency: STAT ${next.statMinutes} ≤ URGENT ${next.urgentMinutes} ≤ ROUTINE ${next.routineMinutes} minutes`,
        [{ path: 'statMinutes', message: 'STAT ≤ URGENT ≤ ROUTINE' }],
      );
    const [row] = await rowsOf<CenterSettings>(
      this.ds,
      `UPDATE diagnosis.center_settings SET requires_senior_approval = $2, stat_minutes = $3, urgent_minutes = $4,
         routine_minutes = $5, lease_minutes = $6 WHERE center_id = $1 RETURNING ${COLUMNS}`,
      [
        q.centerId,
        next.requiresSeniorApproval,
        next.statMinutes,
        next.urgentMinutes,
        next.routineMinutes,
        next.leaseMinutes,
      ],
    );
    return row;
  }

  private async assertCenter(actor: Actor, centerId: string) {
    const [center] = await this.ds.query(
      `SELECT d.id FROM diagnosis.dir_departments d JOIN diagnosis.dir_institutions i ON i.id = d.institution_id
        WHERE d.id = $1 AND i.community_id = $2 AND d.kind IN ('IMAGING_CENTER', 'ECG_CENTER')`,
      [centerId, actor.communityId],
    );
    if (!center) throw AppError.notFound('Reading center');
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
