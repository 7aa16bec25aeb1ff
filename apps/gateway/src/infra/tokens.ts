import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AppConfig, PiiVault } from '@app/shared';
import type { BusClient } from '@app/shared/nest';

/** Injection tokens for the connections main.ts opens before Nest starts. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const NATS = Symbol('NATS');
export const REDIS = Symbol('REDIS');
export const BUS = Symbol('BUS');
export const VAULT = Symbol('VAULT');

export interface GatewayDeps {
  config: AppConfig;
  log: Logger;
  ds: DataSource;
  nc: NatsConnection;
  redis: Redis;
  bus: BusClient;
  vault: PiiVault;
  metrics: { registry: Registry; httpDuration: Histogram<string> };
}
