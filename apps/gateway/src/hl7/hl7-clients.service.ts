import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  AppError,
  Hl7ClientView,
  Hl7OutboundView,
  NewHl7Client,
  UpdateHl7Client,
} from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { conflictOnDuplicate } from '../admin/admin-access';
import { CommunityRegistry, RegistryTable } from '../admin/community-registry';

const COLUMNS = `c.id, c.institution_id AS "institutionId", c.name, c.sending_application AS "sendingApplication",
  c.sending_facility AS "sendingFacility", host(c.host) AS host, c.default_center_id AS "defaultCenterId",
  c.outbound_host AS "outboundHost", c.outbound_port AS "outboundPort",
  c.receiving_application AS "receivingApplication", c.receiving_facility AS "receivingFacility",
  c.charset, c.active,
  to_char(c.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt"`;
const HL7_CLIENTS: RegistryTable = {
  table: 'gateway.hl7_clients',
  alias: 'c',
  columns: COLUMNS,
  orderBy: 'c.sending_application, c.sending_facility',
  noun: 'HL7 client',
  resourceType: 'hl7_client',
};
const UTC = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const DUPLICATE = 'An HL7 client with this sending application and facility';

/**
 * The HL7 v2 clients of the admin's community (issue 15 item 4). Disabled rather than
 * deleted: the audit rows of what they registered and ordered keep naming them.
 */
@Injectable()
export class Hl7ClientsService {
  private readonly registry: CommunityRegistry<Hl7ClientView>;

  constructor(
    private readonly ds: DataSource,
    audit: AuditService,
  ) {
    this.registry = new CommunityRegistry(ds, audit, HL7_CLIENTS);
  }

  list(actor: Actor, institutionId?: string): Promise<{ items: Hl7ClientView[] }> {
    return this.registry.list(actor, institutionId);
  }

  get(actor: Actor, id: string): Promise<Hl7ClientView> {
    return this.registry.get(actor, id);
  }

  async create(actor: Actor, input: NewHl7Client, origin: AuditOrigin) {
    const id = randomUUID();
    return this.ds
      .transaction(async (m) => {
        await this.registry.assertInstitution(actor, m, input.institutionId);
        await this.checkCenter(actor, m, input.defaultCenterId);
        await m.query(
          `INSERT INTO gateway.hl7_clients (id, institution_id, name, sending_application, sending_facility, host,
             default_center_id, outbound_host, outbound_port, receiving_application, receiving_facility, charset)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            id,
            input.institutionId,
            input.name,
            input.sendingApplication,
            input.sendingFacility,
            input.host ?? null,
            input.defaultCenterId,
            input.outboundHost ?? null,
            input.outboundPort ?? null,
            input.receivingApplication ?? '',
            input.receivingFacility ?? '',
            input.charset ?? 'UNICODE UTF-8',
          ],
        );
        return this.registry.finish(actor, m, id, 'create', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'sendingApplication', DUPLICATE));
  }

  async update(actor: Actor, id: string, input: UpdateHl7Client, origin: AuditOrigin) {
    return this.ds
      .transaction(async (m) => {
        await this.registry.lock(actor, m, id);
        if (input.defaultCenterId) await this.checkCenter(actor, m, input.defaultCenterId);
        const given = (v: unknown) => v !== undefined;
        await m.query(
          `UPDATE gateway.hl7_clients SET
             name = coalesce($2, name), sending_application = coalesce($3, sending_application),
             sending_facility = coalesce($4, sending_facility),
             host = CASE WHEN $5 THEN $6::inet ELSE host END,
             default_center_id = coalesce($7, default_center_id),
             outbound_host = CASE WHEN $8 THEN $9 ELSE outbound_host END,
             outbound_port = CASE WHEN $8 THEN $10::int ELSE outbound_port END,
             receiving_application = coalesce($11, receiving_application),
             receiving_facility = coalesce($12, receiving_facility),
             charset = coalesce($13, charset), updated_at = now()
           WHERE id = $1`,
          [
            id,
            input.name ?? null,
            input.sendingApplication ?? null,
            input.sendingFacility ?? null,
            given(input.host),
            input.host ?? null,
            input.defaultCenterId ?? null,
            given(input.outboundHost),
            input.outboundHost ?? null,
            input.outboundPort ?? null,
            input.receivingApplication ?? null,
            input.receivingFacility ?? null,
            input.charset ?? null,
          ],
        );
        return this.registry.finish(actor, m, id, 'update', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'sendingApplication', DUPLICATE));
  }

  /** A disabled client's next message gets AR; its queued results wait until it is enabled. */
  setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    return this.registry.setActive(actor, id, active, origin);
  }

  /** The outbound results to this client, newest first, with how each was acknowledged. */
  async deliveries(
    actor: Actor,
    id: string,
    status: string | undefined,
    limit: number,
  ): Promise<{ items: Hl7OutboundView[] }> {
    await this.get(actor, id);
    const items = await this.ds.query(
      `SELECT o.id, o.client_id AS "clientId", o.event_type AS "eventType", o.study_id AS "studyId",
              o.control_id AS "controlId", o.status, o.attempts,
              CASE WHEN o.status IN ('PENDING', 'FAILED') THEN ${UTC('o.next_attempt_at')} END AS "nextAttemptAt",
              o.last_ack_code AS "lastAckCode", o.last_error AS "lastError",
              ${UTC('o.delivered_at')} AS "deliveredAt", ${UTC('o.created_at')} AS "createdAt"
         FROM gateway.hl7_outbound o
        WHERE o.client_id = $1 AND ($2::text IS NULL OR o.status = $2)
        ORDER BY o.seq DESC LIMIT $3`,
      [id, status ?? null, limit],
    );
    return { items };
  }

  private async checkCenter(actor: Actor, m: EntityManager, centerId: string) {
    const [center] = await m.query(
      `SELECT d.id FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id
        WHERE d.id = $1 AND i.community_id = $2 AND d.kind IN ('IMAGING_CENTER', 'ECG_CENTER')`,
      [centerId, actor.communityId],
    );
    if (!center)
      throw AppError.validation('defaultCenterId: no such reading center in your community', [
        { path: 'defaultCenterId', message: 'not an imaging or ECG center of your community' },
      ]);
  }
}
