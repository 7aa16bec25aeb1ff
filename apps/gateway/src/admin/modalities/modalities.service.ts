import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, ModalityView, NewModality, UpdateModality } from '@app/shared';
import { AuditOrigin, AuditService } from '../../audit/audit.service';
import { conflictOnDuplicate } from '../admin-access';
import { CommunityRegistry, RegistryTable } from '../community-registry';

const MODALITIES: RegistryTable = {
  table: 'gateway.modalities',
  alias: 'm',
  columns: `m.id, m.institution_id AS "institutionId", m.ae_title AS "aeTitle", m.name,
  host(m.host) AS host, m.active, to_char(m.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt"`,
  orderBy: 'm.ae_title',
  noun: 'Modality',
  resourceType: 'modality',
};
const DUPLICATE = 'A modality with this AE title';

/**
 * The DICOM modalities of the admin's community (issue 15 item 2). Disabled rather than
 * deleted: the audit rows of what they stored keep naming them.
 */
@Injectable()
export class ModalitiesService {
  private readonly registry: CommunityRegistry<ModalityView>;

  constructor(
    private readonly ds: DataSource,
    audit: AuditService,
  ) {
    this.registry = new CommunityRegistry(ds, audit, MODALITIES);
  }

  list(actor: Actor, institutionId?: string): Promise<{ items: ModalityView[] }> {
    return this.registry.list(actor, institutionId);
  }

  get(actor: Actor, id: string): Promise<ModalityView> {
    return this.registry.get(actor, id);
  }

  async create(actor: Actor, input: NewModality, origin: AuditOrigin) {
    const id = randomUUID();
    return this.ds
      .transaction(async (m) => {
        await this.registry.assertInstitution(actor, m, input.institutionId);
        await m.query(
          `INSERT INTO gateway.modalities (id, institution_id, ae_title, name, host) VALUES ($1, $2, $3, $4, $5)`,
          [id, input.institutionId, input.aeTitle, input.name, input.host ?? null],
        );
        return this.registry.finish(actor, m, id, 'create', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'aeTitle', DUPLICATE));
  }

  async update(actor: Actor, id: string, input: UpdateModality, origin: AuditOrigin) {
    return this.ds
      .transaction(async (m) => {
        await this.registry.lock(actor, m, id);
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
        return this.registry.finish(actor, m, id, 'update', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'aeTitle', DUPLICATE));
  }

  /** A disabled modality's next association is refused; one already open finishes its instance. */
  setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    return this.registry.setActive(actor, id, active, origin);
  }
}
