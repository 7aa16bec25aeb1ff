import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Actor, auditPageSchema, instant, pageQuery, text } from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { ZodPipe } from '../common/zod.pipe';

const auditQuery = pageQuery.extend({
  patientId: z.string().uuid().optional(),
  actorId: z.string().uuid().optional(),
  resourceType: text(60).optional(),
  from: instant.optional(),
  to: instant.optional(),
});

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @Operation({
    id: 'listAuditEvents',
    summary: "Audit trail of the admin's own community, newest first",
    access: { roles: ['community_admin'] },
    query: auditQuery,
    response: auditPageSchema,
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(auditQuery, 'query')) q: z.infer<typeof auditQuery>,
  ) {
    const where = ['community_id = $1'];
    const args: unknown[] = [actor.communityId];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (q.patientId) add('patient_id = ?', q.patientId);
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.resourceType) add('resource_type = ?', q.resourceType);
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    const filter = where.join(' AND ');
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM gateway.audit_log WHERE ${filter}`,
      args,
    );
    const items = await this.ds.query(
      `SELECT id::text, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName",
              institution_id AS "institutionId", action, resource_type AS "resourceType", resource_id AS "resourceId",
              patient_id AS "patientId", outcome, ip, user_agent AS "userAgent", correlation_id AS "correlationId"
         FROM gateway.audit_log WHERE ${filter} ORDER BY at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { items, total, limit: q.limit, offset: q.offset };
  }
}
