import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError } from '@app/shared';
import { type Addressed, visibleSql } from './audience';
import type { Audience, ResourceType, Urgency } from './notice-rules';
import type { NoticeListQuery } from './notification.schemas';

/** A notice as clients see it (REST and the live stream alike). */
export interface Notice {
  id: string;
  /** Increases with every notice; the stream's event id, so Last-Event-ID resumes after it. */
  sequence: number;
  type: string;
  urgency: Urgency;
  title: string;
  body: string;
  resource: { type: ResourceType; id: string };
  link: string;
  occurredAt: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

/** A new notice as the live push sees it: the notice and whom it is for. */
export type AddressedNotice = Notice & Addressed;

const BASE = `n.id, n.seq, n.event_type, n.community_id, n.urgency, n.title, n.body, n.resource_type,
  n.resource_id, n.link, n.occurred_at, n.created_at`;
/** Read state of user $1: read one by one, or at or below the user's "read all" mark. */
const READ_STATE = `LEFT JOIN gateway.notification_reads r ON r.notification_id = n.id AND r.user_id = $1
  LEFT JOIN gateway.notification_read_marks k ON k.user_id = $1`;
const READ_COLUMNS = `coalesce(r.read_at, CASE WHEN n.seq <= k.through_seq THEN k.read_at END) AS read_at`;
const UNREAD = `r.user_id IS NULL AND n.seq > coalesce(k.through_seq, 0)`;

interface Row {
  id: string;
  seq: string;
  event_type: string;
  community_id: string;
  urgency: Urgency;
  title: string;
  body: string;
  resource_type: ResourceType;
  resource_id: string;
  link: string;
  occurred_at: Date;
  created_at: Date;
  read_at?: Date | null;
  audiences?: Audience[];
}

function toNotice(row: Row): Notice {
  return {
    id: row.id,
    sequence: Number(row.seq),
    type: row.event_type,
    urgency: row.urgency,
    title: row.title,
    body: row.body,
    resource: { type: row.resource_type, id: row.resource_id },
    link: row.link,
    occurredAt: row.occurred_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    read: Boolean(row.read_at),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/** Every read of the inbox, always scoped to what the actor is addressed by. */
@Injectable()
export class NotificationStore {
  constructor(private readonly ds: DataSource) {}

  async page(actor: Actor, q: NoticeListQuery) {
    const v = visibleSql(actor, 2);
    const where = `${v.sql} AND ($6::boolean IS NOT TRUE OR ${UNREAD}) AND ($7::text IS NULL OR n.urgency = $7)`;
    const args = [actor.id, ...v.args, q.unread ?? null, q.urgency ?? null];
    const from = `gateway.notifications n ${READ_STATE}`;
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
      args,
    );
    const rows: Row[] = await this.ds.query(
      `SELECT ${BASE}, ${READ_COLUMNS} FROM ${from} WHERE ${where}
        ORDER BY n.seq DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { items: rows.map(toNotice), total, limit: q.limit, offset: q.offset };
  }

  /** Unread notices by urgency, and the newest sequence the actor may resume a stream after. */
  async unread(actor: Actor, m: EntityManager | DataSource = this.ds) {
    const v = visibleSql(actor, 2);
    const rows: { urgency: Urgency; n: number }[] = await m.query(
      `SELECT n.urgency, count(*)::int AS n FROM gateway.notifications n ${READ_STATE}
        WHERE ${v.sql} AND ${UNREAD} GROUP BY n.urgency`,
      [actor.id, ...v.args],
    );
    const byUrgency = { CRITICAL: 0, HIGH: 0, NORMAL: 0 };
    for (const r of rows) byUrgency[r.urgency] = r.n;
    return { unread: rows.reduce((s, r) => s + r.n, 0), byUrgency };
  }

  async one(actor: Actor, id: string, m: EntityManager | DataSource = this.ds): Promise<Notice> {
    const v = visibleSql(actor, 3);
    const [row]: Row[] = await m.query(
      `SELECT ${BASE}, ${READ_COLUMNS} FROM gateway.notifications n ${READ_STATE}
        WHERE n.id = $2 AND ${v.sql}`,
      [actor.id, id, ...v.args],
    );
    // Another user's notice and a notice that does not exist answer alike.
    if (!row) throw AppError.notFound('Notification');
    return toNotice(row);
  }

  async markRead(actor: Actor, id: string): Promise<Notice> {
    return this.ds.transaction(async (m) => {
      await this.one(actor, id, m);
      await m.query(
        `INSERT INTO gateway.notification_reads (user_id, notification_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING`,
        [actor.id, id],
      );
      return this.one(actor, id, m);
    });
  }

  /**
   * Everything up to `through` (default: the newest notice now) becomes read. The mark only
   * moves forward, and never past the newest notice: a future notice cannot be pre-read.
   */
  async markAllRead(actor: Actor, through: number | undefined) {
    return this.ds.transaction(async (m) => {
      const newest = await this.newestSequence(m);
      if (through !== undefined && through > newest)
        throw AppError.validation('through is after the newest notification', [
          { path: 'through', message: `at most ${newest}` },
        ]);
      const upTo = through ?? newest;
      const v = visibleSql(actor, 3);
      const [{ marked }] = await m.query(
        `SELECT count(*)::int AS marked FROM gateway.notifications n ${READ_STATE}
          WHERE n.seq <= $2 AND ${v.sql} AND ${UNREAD}`,
        [actor.id, upTo, ...v.args],
      );
      await m.query(
        `INSERT INTO gateway.notification_read_marks (user_id, through_seq) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET through_seq = greatest(notification_read_marks.through_seq, EXCLUDED.through_seq),
           read_at = CASE WHEN EXCLUDED.through_seq > notification_read_marks.through_seq THEN now() ELSE notification_read_marks.read_at END`,
        [actor.id, upTo],
      );
      return { marked, through: upTo, ...(await this.unread(actor, m)) };
    });
  }

  /** What the actor missed after `after`, oldest first: a reconnecting stream's replay. */
  async visibleAfter(actor: Actor, after: number, limit: number): Promise<Notice[]> {
    const v = visibleSql(actor, 3);
    const rows: Row[] = await this.ds.query(
      `SELECT ${BASE}, ${READ_COLUMNS} FROM gateway.notifications n ${READ_STATE}
        WHERE n.seq > $2 AND ${v.sql} ORDER BY n.seq LIMIT ${limit}`,
      [actor.id, after, ...v.args],
    );
    return rows.map(toNotice);
  }

  /** Every notice after `after`, with its audiences, for the live push to match in memory. */
  async allAfter(after: number, limit: number): Promise<AddressedNotice[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${BASE}, coalesce((SELECT json_agg(json_build_object('role', a.role,
                'institutionId', a.institution_id, 'centerId', a.center_id))
           FROM gateway.notification_audiences a WHERE a.notification_id = n.id), '[]') AS audiences
         FROM gateway.notifications n WHERE n.seq > $1 ORDER BY n.seq LIMIT ${limit}`,
      [after],
    );
    return rows.map((r) => ({
      ...toNotice(r),
      communityId: r.community_id,
      audiences: (r.audiences ?? []).map((a) => ({
        role: a.role,
        institutionId: a.institutionId ?? undefined,
        centerId: a.centerId ?? undefined,
      })),
    }));
  }

  async newestSequence(m: EntityManager | DataSource = this.ds): Promise<number> {
    const [{ seq }] = await m.query(
      `SELECT coalesce(max(seq), 0)::text AS seq FROM gateway.notifications`,
    );
    return Number(seq);
  }
}
