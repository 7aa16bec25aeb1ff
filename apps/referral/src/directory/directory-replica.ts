import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, DirectoryReplica, PlatformMetrics } from '@app/shared';
import { CatalogService } from '../catalog/catalog.service';
import {
  REFERRAL_SCHEMA,
  SERVICE_CONFIG,
  SERVICE_LOGGER,
  SERVICE_METRICS,
  SERVICE_NATS,
} from '../common/tokens';

/** The referral service's replica of the directory; a new community gets the default policy and catalog. */
@Injectable()
export class ReferralDirectoryReplica implements OnModuleInit, OnModuleDestroy {
  private readonly replica: DirectoryReplica;

  constructor(
    ds: DataSource,
    catalog: CatalogService,
    @Inject(SERVICE_NATS) nc: NatsConnection,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    @Inject(SERVICE_LOGGER) log: Logger,
    @Inject(SERVICE_METRICS) metrics: PlatformMetrics,
  ) {
    this.replica = new DirectoryReplica(
      nc,
      ds,
      {
        schema: REFERRAL_SCHEMA,
        prefix: config.BUS_PREFIX,
        durable: 'referral-directory',
        redeliveries: metrics.redeliveries,
        onNewCommunity: async (m, communityId) => {
          await m.query(
            `INSERT INTO referral.policies (community_id) VALUES ($1) ON CONFLICT DO NOTHING`,
            [communityId],
          );
          await catalog.seedDefaults(m, communityId);
        },
      },
      log,
    );
  }

  onModuleInit(): Promise<void> {
    return this.replica.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.replica.stop();
  }
}
