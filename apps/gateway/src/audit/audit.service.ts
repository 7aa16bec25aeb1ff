import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, requestContext } from '@app/shared';

export interface AuditEntry {
  action: 'read' | 'search' | 'create' | 'update' | 'delete' | 'export';
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome?: 'ok' | 'denied' | 'not_found';
}

export interface AuditOrigin {
  ip?: string;
  userAgent?: string;
}

/**
 * Who touched which patient's data, when and from where (O4). Written in the same
 * transaction as a write, or right after a read; never holds the resident ID itself.
 */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(
    actor: Actor,
    entry: AuditEntry,
    origin: AuditOrigin = {},
    manager?: EntityManager,
  ): Promise<void> {
    await this.recordMany(actor, [entry], origin, manager);
  }

  /**
   * Who read or changed which patient's record (a referral, a study, an order), whichever door
   * was used; hands the record back, so a route can `return` it.
   */
  async recorded<T extends { id: string; patientId: string | null }>(
    actor: Actor,
    origin: AuditOrigin,
    action: 'read' | 'create' | 'update',
    resourceType: string,
    record: T | Promise<T>,
  ): Promise<T> {
    const r = await record;
    await this.record(
      actor,
      { action, resourceType, resourceId: r.id, patientId: r.patientId },
      origin,
    );
    return r;
  }

  /** Several entries of one request in one statement (e.g. every study a lookup returned). */
  async recordMany(
    actor: Actor,
    entries: AuditEntry[],
    origin: AuditOrigin = {},
    manager?: EntityManager,
  ): Promise<void> {
    if (entries.length === 0) return;
    const shared = [
      actor.kind,
      actor.id,
      actor.name,
      actor.institutionId,
      actor.communityId,
      origin.ip?.slice(0, 100) ?? null,
      origin.userAgent?.slice(0, 300) ?? null,
      requestContext.getStore()?.correlationId ?? null,
    ];
    const rows = entries.map((_, i) => {
      const at = shared.length + i * 5;
      return `($1, $2, $3, $4, $5, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $6, $7, $8)`;
    });
    await (manager ?? this.ds).query(
      `INSERT INTO gateway.audit_log
         (actor_kind, actor_id, actor_name, institution_id, community_id, action, resource_type, resource_id,
          patient_id, outcome, ip, user_agent, correlation_id)
       VALUES ${rows.join(', ')}`,
      [
        ...shared,
        ...entries.flatMap((e) => [
          e.action,
          e.resourceType,
          e.resourceId ?? null,
          e.patientId ?? null,
          e.outcome ?? 'ok',
        ]),
      ],
    );
  }
}
