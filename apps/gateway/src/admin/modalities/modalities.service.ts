import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, ModalityView, NewModality, UpdateModality } from '@app/shared';
import { AuditOrigin, AuditService } from '../../audit/audit.service';
import { conflictOnDuplicate } from '../admin-access';

const COLUMNS = `m.id, m.institution_id AS "institutionId", m.ae_title AS "aeTitle", m.name,
  host(m.host) AS host, m.active, to_char(m.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt"`;
const FROM = `gateway.modalities m JOIN gateway.institutions i ON i.id = m.institution_id`;

/**
 * The DICOM modalities of the admin's community (issue 15 item 2). Disabled rather than
 * deleted: the audit rows of what they stored keep naming them.
 */
@Injectable()
export class ModalitiesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, institutionId?: string): Promise<{ items: ModalityView[] }> {
    const items = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE i.community_id = $1 AND ($2::uuid IS NULL OR m.institution_id = $2) ORDER BY i.code, m.ae_title`,
      [actor.communityId, institutionId ?? null],
    );
    return { items };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.ds.manager): Promise<ModalityView> {
    const [row] = await m.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE m.id = $1 AND i.community_id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Modality');
    return row as ModalityView;
  }

  async create(actor: Actor, input: NewModality, origin: AuditOrigin) {
    const id = randomUUID();
    return this.ds
      .transaction(async (m) => {
        const [institution] = await m.query(
          `SELECT id FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
          [input.institutionId, actor.communityId],
        );
        if (!institution)
          throw AppError.validation('institutionId: no such institution in your community', [
            { path: 'institutionId', message: 'unknown institution' },
          ]);
        await m.query(
          `INSERT INTO gateway.modalities (id, institution_id, ae_title, name, host) VALUES ($1, $2, $3, $4, $5)`,
          [id, input.institutionId, input.aeTitle, input.name, input.host ?? null],
        );
        return this.finish(actor, m, id, 'create', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'aeTitle', 'A modality with this AE title'));
  }

  async update(actor: Actor, id: string, input: UpdateModality, origin: AuditOrigin) {
    return this.ds
      .transaction(async (m) => {
        await this.lock(actor, m, id);
        await m.query(
          `UPDATE gateway.modalities SET ae_title = coalesce($2, ae_title), name = coalesce($3, name),
                  host = CASE WHEN $4 THEN $5::inet ELSE host END, updated_at = now()
            WHERE id = $1`,
          [
            id,
            input.aeTitle ?? null,
            input.name ?? null,
            input.host !== undefined,
            input.host ?? null,
          ],
        );
        return this.finish(actor, m, id, 'update', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'aeTitle', 'A modality with this AE title'));
  }

  /** A disabled modality's next association is refused; one already open finishes its instance. */
  async setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    return this.ds.transaction(async (m) => {
      await this.lock(actor, m, id);
      await m.query(`UPDATE gateway.modalities SET active = $2, updated_at = now() WHERE id = $1`, [
        id,
        active,
      ]);
      return this.finish(actor, m, id, 'update', origin);
    });
  }

  private async lock(actor: Actor, m: EntityManager, id: string) {
    const [row] = await m.query(
      `SELECT m.id FROM ${FROM} WHERE m.id = $1 AND i.community_id = $2 FOR UPDATE OF m`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Modality');
  }

  private async finish(
    actor: Actor,
    m: EntityManager,
    id: string,
    action: 'create' | 'update',
    origin: AuditOrigin,
  ) {
    await this.audit.record(actor, { action, resourceType: 'modality', resourceId: id }, origin, m);
    return this.get(actor, id, m);
  }
}
