import 'reflect-metadata';
import { Redis } from 'ioredis';
import {
  connectNats,
  createLogger,
  installProcessGuards,
  safeError,
  ensureStreams,
  loadConfig,
  REQUIRED_SECRETS,
  secretOf,
  migrateWithLock,
  OutboxRelay,
  platformMetrics,
  PiiVault,
} from '@app/shared';
import { actorSigner, BusClient } from '@app/shared/nest';
import { createGatewayApp } from './app';
import { createMetrics } from './health/metrics';
import { answerClientErrorsAsProblems } from './common/client-errors';
import { gatewayDataSource } from './infra/gateway-data-source';
import { GATEWAY_SCHEMA } from './migrations';
import { publishDirectorySnapshot } from './directory/directory-snapshot';
import { seedDemoData } from './seed/seed';
import { startViewer } from './viewer/viewer-server';
import { dimseDeps } from './dimse/dimse-deps';
import { startDimseListener } from './dimse/dimse-listener';
import { hl7Handler } from './hl7/hl7-deps';
import { startHl7Listener } from './hl7/hl7-listener';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env, REQUIRED_SECRETS.gateway);
  const log = createLogger('gateway', config.LOG_LEVEL);
  let stopping: () => Promise<void> = async () => undefined;
  installProcessGuards(log, () => stopping());
  const ds = gatewayDataSource(config.DATABASE_URL, 'cmc-gateway');
  await ds.initialize();
  const applied = await migrateWithLock(ds, GATEWAY_SCHEMA);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const demo =
    config.DEMO_DATA && config.NODE_ENV !== 'production'
      ? await seedDemoData(ds, config)
      : undefined;
  const nc = await connectNats(config.NATS_URL, 'cmc-gateway', config);
  await ensureStreams(nc, config.BUS_PREFIX);
  const published = await publishDirectorySnapshot(ds);
  const relay = new OutboxRelay(
    ds,
    nc,
    {
      schema: GATEWAY_SCHEMA,
      prefix: config.BUS_PREFIX,
      pollMs: config.OUTBOX_POLL_MS,
      retentionHours: config.OUTBOX_RETENTION_HOURS,
    },
    log,
  );
  relay.start();
  log.info({ events: published }, 'directory snapshot queued for the services');
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // A blackholed Redis (no RST, no answer) must fail a command, not hang the request.
    commandTimeout: 1000,
  });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const metrics = createMetrics();
  const platform = platformMetrics(metrics.registry, {
    ds,
    schema: GATEWAY_SCHEMA,
    nc,
    prefix: config.BUS_PREFIX,
  });
  const bus = new BusClient(
    nc,
    config.BUS_PREFIX,
    config.BUS_TIMEOUT_MS,
    actorSigner(config, 'gateway'),
    platform.busCalls,
  );
  const vault = new PiiVault(secretOf(config, 'PII_KEY'));
  const app = await createGatewayApp({ config, log, ds, nc, redis, bus, vault, metrics });
  answerClientErrorsAsProblems(app.getHttpServer());
  await app.listen(config.PORT, config.HOST);
  const base = `http://${config.HOST}:${config.PORT}`;
  log.info({ url: base, docs: `${base}/api/docs` }, 'gateway listening');
  const viewer = await startViewer(app, config, log);
  const dimse = await startDimseListener(config, dimseDeps(app, config, log), log);
  const hl7 = await startHl7Listener(config, hl7Handler(app), log);
  if (demo)
    log.info(
      {
        logins: demo.users.map((u) => u.username),
        password: '(DEMO_PASSWORD)',
        apiKey: demo.apiKeySeeded ? '(DEMO_API_KEY)' : 'none',
      },
      'demo data ready',
    );

  const shutdown = async () => {
    viewer?.close();
    await dimse?.close();
    await hl7?.close();
    await app.close();
    await relay.stop();
    await nc.drain().catch(() => undefined);
    redis.disconnect();
    await ds.destroy();
  };
  stopping = shutdown;
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
}

bootstrap().catch((error) => {
  console.error('gateway failed to start:', safeError(error));
  process.exit(1);
});
