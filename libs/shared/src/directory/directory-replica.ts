import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, eventSchemas } from '../contracts/events';
import { EventConsumer, EventConsumerOptions } from '../events/event-consumer';
import { streamNames } from '../events/stream';

/** Districts and the community's district, added to a replica by each service's own migration. */
export function directoryReplicaDistrictsSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.dir_districts (id uuid PRIMARY KEY, code text NOT NULL, name text NOT NULL, population integer NOT NULL)`,
    `ALTER TABLE ${s}.dir_communities ADD COLUMN district_id uuid NULL`,
    `CREATE INDEX dir_communities_district ON ${s}.dir_communities (district_id)`,
  ];
}

/** The replica tables a service keeps of the gateway's directory, in its own schema. */
export function directoryReplicaSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.dir_communities (id uuid PRIMARY KEY, code text NOT NULL, name text NOT NULL, population integer NOT NULL)`,
    `CREATE TABLE ${s}.dir_institutions (id uuid PRIMARY KEY, community_id uuid NOT NULL, code text NOT NULL, name text NOT NULL,
       type text NOT NULL, level smallint NOT NULL, parent_id uuid NULL)`,
    `CREATE INDEX dir_institutions_community ON ${s}.dir_institutions (community_id)`,
    `CREATE TABLE ${s}.dir_departments (id uuid PRIMARY KEY, institution_id uuid NOT NULL, code text NOT NULL, name text NOT NULL, kind text NOT NULL)`,
  ];
}

export interface DirectoryReplicaOptions {
  schema: string;
  prefix: string;
  durable: string;
  redeliveries?: EventConsumerOptions['redeliveries'];
  /** Runs in the same transaction when a community is first seen (seed its defaults). */
  onNewCommunity?: (m: EntityManager, communityId: string) => Promise<void>;
}

/**
 * Keeps `<schema>.dir_*` in step with the gateway's directory events. Upserts make replays
 * harmless; the gateway republishes its directory at every start, so a new service catches up.
 */
export class DirectoryReplica {
  private consumer?: EventConsumer;

  constructor(
    private readonly nc: NatsConnection,
    private readonly ds: DataSource,
    private readonly opts: DirectoryReplicaOptions,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.consumer = new EventConsumer(
      this.nc,
      this.ds,
      {
        durable: this.opts.durable,
        schema: this.opts.schema,
        prefix: this.opts.prefix,
        filterSubject: streamNames(this.opts.prefix).eventSubject('directory.>'),
        redeliveries: this.opts.redeliveries,
      },
      (event, m) => this.apply(event, m),
      this.log,
    );
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async apply(event: EventEnvelope, m: EntityManager): Promise<void> {
    const s = `"${this.opts.schema}"`;
    switch (event.type) {
      case 'directory.district.upserted': {
        const d = eventSchemas['directory.district.upserted'].parse(event.payload);
        await m.query(
          `INSERT INTO ${s}.dir_districts (id, code, name, population) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET code = $2, name = $3, population = $4`,
          [d.id, d.code, d.name, d.population],
        );
        return;
      }
      case 'directory.community.upserted': {
        const c = eventSchemas['directory.community.upserted'].parse(event.payload);
        // An event without districtId (older gateway) leaves the known district in place.
        const [row] = await m.query(
          `INSERT INTO ${s}.dir_communities (id, code, name, population, district_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET code = $2, name = $3, population = $4,
             district_id = CASE WHEN $6 THEN $5 ELSE ${s}.dir_communities.district_id END
           RETURNING (xmax = 0) AS inserted`,
          [c.id, c.code, c.name, c.population, c.districtId ?? null, c.districtId !== undefined],
        );
        if (row.inserted && this.opts.onNewCommunity) await this.opts.onNewCommunity(m, c.id);
        return;
      }
      case 'directory.institution.upserted': {
        const i = eventSchemas['directory.institution.upserted'].parse(event.payload);
        await m.query(
          `INSERT INTO ${s}.dir_institutions (id, community_id, code, name, type, level, parent_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO UPDATE SET community_id = $2, code = $3, name = $4, type = $5, level = $6, parent_id = $7`,
          [i.id, i.communityId, i.code, i.name, i.type, i.level, i.parentId],
        );
        return;
      }
      case 'directory.department.upserted': {
        const d = eventSchemas['directory.department.upserted'].parse(event.payload);
        await m.query(
          `INSERT INTO ${s}.dir_departments (id, institution_id, code, name, kind) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET institution_id = $2, code = $3, name = $4, kind = $5`,
          [d.id, d.institutionId, d.code, d.name, d.kind],
        );
        return;
      }
      default:
        this.log.debug({ type: event.type }, 'directory event ignored');
    }
  }
}
