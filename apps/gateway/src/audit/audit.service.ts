import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, requestContext } from '@app/shared';
import { NaturalBatches } from '../common/natural-batches';

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

/** One audit_log row's values, in AUDIT_COLUMNS order. */
type AuditRow = unknown[];
const AUDIT_COLUMNS = `actor_kind, actor_id, actor_name, institution_id, community_id, action, resource_type,
   resource_id, patient_id, outcome, ip, user_agent, correlation_id`;
const AUDIT_WIDTH = 13;

function auditRow(
  actor: Actor,
  e: AuditEntry,
  origin: AuditOrigin,
  correlationId: string | null,
): AuditRow {
  return [
    actor.kind,
    actor.id,
    actor.name,
    actor.institutionId,
    actor.communityId,
    e.action,
    e.resourceType,
    e.resourceId ?? null,
    e.patientId ?? null,
    e.outcome ?? 'ok',
    origin.ip?.slice(0, 100) ?? null,
    origin.userAgent?.slice(0, 300) ?? null,
    correlationId,
  ];
}

async function insertAuditRows(db: DataSource | EntityManager, rows: AuditRow[]): Promise<void> {
  const values = rows.map(
    (_, r) =>
      `(${Array.from({ length: AUDIT_WIDTH }, (_x, c) => `$${r * AUDIT_WIDTH + c + 1}`).join(', ')})`,
  );
  await db.query(
    `INSERT INTO gateway.audit_log (${AUDIT_COLUMNS}) VALUES ${values.join(', ')}`,
    rows.flat(),
  );
}

/**
 * Who touched which patient's data, when and from where (O4). Written in the same
 * transaction as a write, or right after a read; never holds the resident ID itself.
 */
@Injectable()
export class AuditService {
  private readonly batches: NaturalBatches<null, AuditRow, null>;

  constructor(ds: DataSource) {
    this.batches = new NaturalBatches(
      async (_none, rows) => {
        try {
          await insertAuditRows(ds, rows);
          return rows.map(() => ({ ok: true as const, value: null }));
        } catch (error) {
          if (rows.length === 1) return [{ ok: false as const, error }];
          // One request's bad row must not fail its neighbours: each on its own, then.
          return Promise.all(
            rows.map((row) =>
              insertAuditRows(ds, [row]).then(
                () => ({ ok: true as const, value: null }),
                (rowError: unknown) => ({ ok: false as const, error: rowError }),
              ),
            ),
          );
        }
      },
      { maxItems: 200, maxWeight: 200 },
    );
  }

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

  /**
   * Several entries of one request. In the caller's transaction when given one; otherwise the
   * rows of concurrent requests share one INSERT (AuditBatches), and each caller resumes only
   * once its rows are committed, so a 2xx is never answered for an unaudited read.
   */
  async recordMany(
    actor: Actor,
    entries: AuditEntry[],
    origin: AuditOrigin = {},
    manager?: EntityManager,
  ): Promise<void> {
    if (entries.length === 0) return;
    const correlationId = requestContext.getStore()?.correlationId ?? null;
    const rows = entries.map((e) => auditRow(actor, e, origin, correlationId));
    if (manager) await insertAuditRows(manager, rows);
    else await Promise.all(rows.map((row) => this.batches.add('audit', null, row)));
  }
}
