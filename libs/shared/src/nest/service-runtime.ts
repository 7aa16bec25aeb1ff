import { DynamicModule, Global, INestApplicationContext, Module, Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DataSource, MixedList } from 'typeorm';
import { BusServer } from '../bus/bus-server';
import { connectNats } from '../bus/nats-connection';
import { AppConfig, loadConfig } from '../config/env';
import { createAppDataSource, migrateWithLock } from '../database/data-source';
import { OutboxRelay } from '../events/outbox-relay';
import { ensureStreams } from '../events/stream';
import { startHealthServer } from '../health/health-server';
import { createLogger, installProcessGuards, NestPinoLogger } from '../logging/logger';
import { safeError } from '../logging/safe-error';
import { BusExplorer } from './on-bus.decorator';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const SERVICE_NATS = Symbol('SERVICE_NATS');

export interface ServiceDefinition {
  name: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  module: Type<unknown>;
  healthPort: (config: AppConfig) => number;
}

export interface RunningService {
  app: INestApplicationContext;
  health: Server;
  stop: () => Promise<void>;
}

/**
 * Boots a bus service the same way for every app: config, migrations under lock, NATS,
 * JetStream streams, the outbox relay, @OnBus handlers, and the health/metrics server.
 */
export async function runService(
  def: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const config = loadConfig(env);
  const log = createLogger(def.name, config.LOG_LEVEL);
  let stopping: () => Promise<void> = async () => undefined;
  installProcessGuards(log, () => stopping());
  const ds = createAppDataSource({
    url: config.DATABASE_URL,
    schema: def.schema,
    migrations: def.migrations,
    applicationName: `cmc-${def.name}`,
  });
  await ds.initialize();
  const applied = await migrateWithLock(ds, def.schema);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const nc = await connectNats(config.NATS_URL, `cmc-${def.name}`);
  await ensureStreams(nc, config.BUS_PREFIX);
  const server = new BusServer(nc, config.BUS_PREFIX, `${config.BUS_PREFIX}.${def.name}`, log);
  const relay = new OutboxRelay(
    ds,
    nc,
    { schema: def.schema, prefix: config.BUS_PREFIX, pollMs: config.OUTBOX_POLL_MS },
    log,
  );

  @Global()
  @Module({})
  class RuntimeModule {
    static forRoot(): DynamicModule {
      const providers = [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_LOGGER, useValue: log },
        { provide: SERVICE_NATS, useValue: nc },
        { provide: DataSource, useValue: ds },
        { provide: BusServer, useValue: server },
        { provide: OutboxRelay, useValue: relay },
      ];
      return {
        module: RuntimeModule,
        imports: [DiscoveryModule],
        providers: [...providers, BusExplorer],
        exports: providers.map((p) => p.provide),
      };
    }
  }

  @Module({ imports: [RuntimeModule.forRoot(), def.module] })
  class ServiceRootModule {}

  const app = await NestFactory.createApplicationContext(ServiceRootModule, {
    logger: new NestPinoLogger(log),
  });
  await app.init();
  relay.start();

  const registry = new Registry();
  registry.setDefaultLabels({ service: def.name });
  collectDefaultMetrics({ register: registry });
  const health = await startHealthServer(
    def.healthPort(config),
    config.HOST,
    {
      postgres: async () => void (await ds.query('SELECT 1')),
      nats: async () => {
        if ((nc as NatsConnection).isClosed()) throw new Error('connection closed');
        await nc.flush();
      },
    },
    registry,
  );
  log.info({ healthPort: def.healthPort(config) }, `${def.name} service ready`);

  const stop = async () => {
    await server.close();
    await relay.stop();
    await app.close();
    await new Promise((resolve) => health.close(resolve));
    await nc.drain().catch(() => undefined);
    await ds.destroy();
  };
  stopping = stop;
  return { app, health, stop };
}

/** Entry point helper: start, log, and stop cleanly on SIGTERM/SIGINT. */
export function main(def: ServiceDefinition): void {
  runService(def)
    .then((svc) => {
      const shutdown = () => void svc.stop().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error) => {
      console.error(`${def.name} failed to start:`, safeError(error));
      process.exit(1);
    });
}
