import { DynamicModule, Global, INestMicroservice, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import type { Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DataSource, MixedList } from 'typeorm';
import { ActorSigner } from '../bus/actor-token';
import { BusClient } from '../bus/bus-client';
import { BusTransport } from '../bus/bus-transport';
import { connectNats } from '../bus/nats-connection';
import { ReplayGuard } from '../bus/replay-guard';
import { AppConfig, loadConfig, REQUIRED_SECRETS, secretOf } from '../config/env';
import { createAppDataSource, migrateWithLock } from '../database/data-source';
import { OutboxRelay } from '../events/outbox-relay';
import { PlatformMetrics, platformMetrics } from '../events/platform-metrics';
import { ensureStreams } from '../events/stream';
import { startHealthServer } from '../health/health-server';
import { createLogger, installProcessGuards, NestPinoLogger } from '../logging/logger';
import { safeError } from '../logging/safe-error';
import { BusErrorsPassThrough } from './bus-errors.filter';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const SERVICE_NATS = Symbol('SERVICE_NATS');
/** For a service that calls another on the actor's behalf (signing as itself). */
export const SERVICE_BUS = Symbol('SERVICE_BUS');
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');

export interface ServiceDefinition {
  name: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  module: Type<unknown>;
  healthPort: (config: AppConfig) => number;
}

export interface RunningService {
  app: INestMicroservice;
  health: Server;
  stop: () => Promise<void>;
}

/** The actor signer of one process: it signs as `cmc-<name>` with the shared bus key. */
export function actorSigner(config: AppConfig, name: string): ActorSigner {
  return new ActorSigner(
    secretOf(config, 'BUS_SIGNING_KEY'),
    `cmc-${name}`,
    config.BUS_SIGNATURE_MAX_AGE_SECONDS,
  );
}

/**
 * Boots a bus service the same way for every app: config, migrations under lock, NATS,
 * JetStream streams, the outbox relay, the Nest microservice on our BusTransport (its
 * @BusPattern controllers), and the health/metrics server.
 */
export async function runService(
  def: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const config = loadConfig(env, REQUIRED_SECRETS[def.name] ?? ['BUS_SIGNING_KEY']);
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
  const nc = await connectNats(config.NATS_URL, `cmc-${def.name}`, config);
  await ensureStreams(nc, config.BUS_PREFIX);
  const registry = new Registry();
  registry.setDefaultLabels({ service: def.name });
  collectDefaultMetrics({ register: registry });
  const metrics = platformMetrics(registry, {
    ds,
    schema: def.schema,
    nc,
    prefix: config.BUS_PREFIX,
  });
  const relay = new OutboxRelay(
    ds,
    nc,
    {
      schema: def.schema,
      prefix: config.BUS_PREFIX,
      pollMs: config.OUTBOX_POLL_MS,
      retentionHours: config.OUTBOX_RETENTION_HOURS,
    },
    log,
  );
  // The replay guard's Redis only remembers token ids; it fails fast rather than queueing.
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // A blackholed Redis (no RST, no answer) must fail a command, not hang the request.
    commandTimeout: 1000,
    // The replay guard's SET of concurrent messages handled in the same tick go out in one
    // write instead of one syscall each (docs/performance.md, third pass).
    enableAutoPipelining: true,
  });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const signer = actorSigner(config, def.name);
  const bus = new BusClient(nc, config.BUS_PREFIX, config.BUS_TIMEOUT_MS, signer, metrics.busCalls);

  @Global()
  @Module({})
  class RuntimeModule {
    static forRoot(): DynamicModule {
      const providers = [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_LOGGER, useValue: log },
        { provide: SERVICE_NATS, useValue: nc },
        { provide: SERVICE_BUS, useValue: bus },
        { provide: SERVICE_METRICS, useValue: metrics satisfies PlatformMetrics },
        { provide: DataSource, useValue: ds },
        { provide: OutboxRelay, useValue: relay },
      ];
      return { module: RuntimeModule, providers, exports: providers.map((p) => p.provide) };
    }
  }

  @Module({ imports: [RuntimeModule.forRoot(), def.module] })
  class ServiceRootModule {}

  const transport = new BusTransport({
    nc,
    prefix: config.BUS_PREFIX,
    queueGroup: `${config.BUS_PREFIX}.${def.name}`,
    signer,
    replay: new ReplayGuard(
      redis,
      config.REDIS_PREFIX,
      config.BUS_SIGNATURE_MAX_AGE_SECONDS + 10,
      log,
    ),
    log,
    handled: metrics.busHandled,
  });
  const app = await NestFactory.createMicroservice(ServiceRootModule, {
    strategy: transport,
    logger: new NestPinoLogger(log),
  });
  app.useGlobalFilters(new BusErrorsPassThrough());
  await app.listen();
  relay.start();

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
    transport.close();
    await relay.stop();
    await app.close();
    await new Promise((resolve) => health.close(resolve));
    await nc.drain().catch(() => undefined);
    redis.disconnect();
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
