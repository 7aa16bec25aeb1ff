import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, EventConsumer, EventEnvelope, eventSchemas, streamNames } from '@app/shared';
import { REFERRAL_SCHEMA, SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_NATS } from '../common/tokens';
import { CatalogService } from '../catalog/catalog.service';

/**
 * Keeps referral.dir_* in step with the gateway's directory events. Upserts make replays
 * harmless; a new community also gets the default policy and catalog.
 */
@Injectable()
export class DirectoryReplica implements OnModuleInit, OnModuleDestroy {
  private consumer?: EventConsumer;

  constructor(
    private readonly ds: DataSource,
    private readonly catalog: CatalogService,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly log: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.consumer = new EventConsumer(
      this.nc,
      this.ds,
      {
        durable: 'referral-directory',
        schema: REFERRAL_SCHEMA,
        prefix: this.config.BUS_PREFIX,
        filterSubject: streamNames(this.config.BUS_PREFIX).eventSubject('directory.>'),
      },
      (event, m) => this.apply(event, m),
      this.log,
    );
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private async apply(event: EventEnvelope, m: EntityManager): Promise<void> {
    switch (event.type) {
      case 'directory.community.upserted': {
        const c = eventSchemas['directory.community.upserted'].parse(event.payload);
        await m.query(
          `INSERT INTO referral.dir_communities (id, code, name, population) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET code = $2, name = $3, population = $4`,
          [c.id, c.code, c.name, c.population],
        );
        const created = await m.query(
          `INSERT INTO referral.policies (community_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING community_id`,
          [c.id],
        );
        if (created.length) await this.catalog.seedDefaults(m, c.id);
        return;
      }
      case 'directory.institution.upserted': {
        const i = eventSchemas['directory.institution.upserted'].parse(event.payload);
        await m.query(
          `INSERT INTO referral.dir_institutions (id, community_id, code, name, type, level, parent_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO UPDATE SET community_id = $2, code = $3, name = $4, type = $5, level = $6, parent_id = $7`,
          [i.id, i.communityId, i.code, i.name, i.type, i.level, i.parentId],
        );
        return;
      }
      case 'directory.department.upserted': {
        const d = eventSchemas['directory.department.upserted'].parse(event.payload);
        await m.query(
          `INSERT INTO referral.dir_departments (id, institution_id, code, name, kind) VALUES ($1, $2, $3, $4, $5)
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
