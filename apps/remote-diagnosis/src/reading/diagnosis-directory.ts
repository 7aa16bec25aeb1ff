import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, DirectoryReplica, PlatformMetrics } from '@app/shared';
import { SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_METRICS, SERVICE_NATS } from '@app/shared/nest';
import { DIAGNOSIS_SCHEMA } from '../migrations';

/** The diagnosis service's replica of the directory: reading centers are departments there. */
@Injectable()
export class DiagnosisDirectoryReplica implements OnModuleInit, OnModuleDestroy {
  private readonly replica: DirectoryReplica;

  constructor(
    ds: DataSource,
    @Inject(SERVICE_NATS) nc: NatsConnection,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    @Inject(SERVICE_LOGGER) log: Logger,
    @Inject(SERVICE_METRICS) metrics: PlatformMetrics,
  ) {
    this.replica = new DirectoryReplica(
      nc,
      ds,
      {
        schema: DIAGNOSIS_SCHEMA,
        prefix: config.BUS_PREFIX,
        durable: 'diagnosis-directory',
        redeliveries: metrics.redeliveries,
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
