import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { DirectoryReplica, DirectoryReplicaOptions } from '../directory/directory-replica';
import type { PlatformMetrics } from '../events/platform-metrics';
import { SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_METRICS, SERVICE_NATS } from './service-runtime';

/** What differs between the services' replicas; the bus prefix and metrics come from the runtime. */
export type DirectoryReplicaSettings = Pick<
  DirectoryReplicaOptions,
  'schema' | 'durable' | 'onNewCommunity'
>;

/** The service's module provides its settings under this token (useValue or useFactory). */
export const DIRECTORY_REPLICA_SETTINGS = Symbol('DIRECTORY_REPLICA_SETTINGS');

/**
 * A service's directory replica as a Nest provider, started and stopped with its module. The
 * referral and diagnosis services each list it with their own settings, so the wiring to the
 * runtime (NATS, bus prefix, logger, redelivery metrics) is written once.
 */
@Injectable()
export class DirectoryReplicaHost implements OnModuleInit, OnModuleDestroy {
  private readonly replica: DirectoryReplica;

  constructor(
    ds: DataSource,
    @Inject(DIRECTORY_REPLICA_SETTINGS) settings: DirectoryReplicaSettings,
    @Inject(SERVICE_NATS) nc: NatsConnection,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    @Inject(SERVICE_LOGGER) log: Logger,
    @Inject(SERVICE_METRICS) metrics: PlatformMetrics,
  ) {
    this.replica = new DirectoryReplica(
      nc,
      ds,
      { ...settings, prefix: config.BUS_PREFIX, redeliveries: metrics.redeliveries },
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
