import { Body, Controller, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ActorSigner, Actor, connectNats, contract, createLogger, ReplayGuard } from '@app/shared';
import { BusClient, BusPattern, BusTransport } from '@app/shared/nest';

/**
 * The second reference of bench:referrals: the stack the mission prescribes, with none of our
 * rules. Two processes like ours: an edge (Nest on Express, one route) calls a service (a Nest
 * microservice on our BusTransport) through our BusClient, with the actor signed, checked
 * against replay in Redis and the payload against a contract, as every real call is; the
 * handler writes one row in a TypeORM transaction. No authentication, rate limit, audit,
 * validation of a real body, outbox or business rule.
 *
 *   gateway ÷ stackFloor   what our rules and statements cost on top of the stack;
 *   stackFloor ÷ bare      what the stack costs before any of them.
 */
const floorWrite = contract(
  'benchfloor.write',
  z.object({ body: z.unknown() }),
  z.object({ id: z.string() }),
);

const ACTOR: Actor = {
  kind: 'user',
  id: randomUUID(),
  name: 'bench',
  institutionId: randomUUID(),
  communityId: randomUUID(),
  roles: ['referral_coordinator'],
  scopes: [],
  centerIds: [],
};

const BUS = Symbol('BUS');

@Controller()
class EdgeController {
  constructor(@Inject(BUS) private readonly bus: BusClient) {}

  @Post()
  @HttpCode(201)
  write(@Body() body: unknown) {
    return this.bus.call(floorWrite, { body }, { actor: ACTOR, correlationId: randomUUID() });
  }
}

@Controller()
class ServiceHandler {
  constructor(private readonly ds: DataSource) {}

  @BusPattern(floorWrite)
  write(@Payload() q: { body: unknown }) {
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(`INSERT INTO ${floorTable()} (body) VALUES ($1) RETURNING id`, [
        JSON.stringify(q.body),
      ]);
      return { id: String(row.id) };
    });
  }
}

/** This run's table (named for the parent process, so two runs never share or drop each other's). */
const floorTable = (pid = process.env.FLOOR_PARENT ?? String(process.pid)) => `bench.floor_${pid}`;

interface FloorEnv {
  natsUrl: string;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  key: string;
}

/** One of the two floor processes (`role` edge or service); tells its parent when it listens. */
async function runFloorProcess(role: 'edge' | 'service', env: FloorEnv): Promise<void> {
  // Orphaned (the bench was killed): go too, rather than keep a port and a NATS connection.
  process.on('disconnect', () => process.exit(0));
  const log = createLogger(`bench-floor-${role}`, 'warn');
  const nc = await connectNats(env.natsUrl, `bench-floor-${role}`);
  const signer = new ActorSigner(env.key, `cmc-bench-floor-${role}`, 60);
  if (role === 'edge') {
    const bus = new BusClient(nc, env.prefix, 5000, signer);
    @Module({ controllers: [EdgeController], providers: [{ provide: BUS, useValue: bus }] })
    class EdgeModule {}
    const app = await NestFactory.create(EdgeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
    return;
  }
  const ds = new DataSource({ type: 'postgres', url: env.databaseUrl, extra: { max: 10 } });
  await ds.initialize();
  // As the services have it: fail fast rather than queue, so a wrong REDIS_URL stops the bench
  // instead of quietly measuring a replay guard that checks nothing.
  const redis = new Redis(env.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 1000,
    enableAutoPipelining: true,
  });
  await once(redis, 'ready');
  await redis.ping();
  @Module({ controllers: [ServiceHandler], providers: [{ provide: DataSource, useValue: ds }] })
  class ServiceModule {}
  const app = await NestFactory.createMicroservice(ServiceModule, {
    strategy: new BusTransport({
      nc,
      prefix: env.prefix,
      queueGroup: `${env.prefix}.floor`,
      signer,
      replay: new ReplayGuard(redis, `${env.prefix}:floor`, 70, log),
      log,
    }),
    logger: false,
  });
  await app.listen();
  process.send!({ ready: true });
}

/** Starts the floor's service and edge as child processes; `url` takes the POSTs. */
export async function startStackFloor(natsUrl: string, databaseUrl: string) {
  const setup = new DataSource({ type: 'postgres', url: databaseUrl });
  await setup.initialize();
  await setup.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  await setup.query(
    `CREATE TABLE IF NOT EXISTS ${floorTable()} (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz DEFAULT now())`,
  );
  const env: FloorEnv = {
    natsUrl,
    databaseUrl,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: `benchfloor${process.pid}`,
    // A key for this run only: the floor's signed actors are worth nothing anywhere else.
    key: randomBytes(32).toString('base64url'),
  };
  const children: ChildProcess[] = [];
  const stopChildren = async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
  };
  const stop = async () => {
    await stopChildren();
    await setup.query(`DROP TABLE IF EXISTS ${floorTable()}`);
    await setup.destroy();
  };
  const start = async (role: 'edge' | 'service') => {
    // stdout is the bench's JSON report: the children's logs go to stderr.
    const child = fork(__filename, [role], {
      env: { ...process.env, FLOOR: JSON.stringify(env), FLOOR_PARENT: String(process.pid) },
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    children.push(child);
    const started = once(child, 'message') as Promise<[{ port?: number }]>;
    const died = once(child, 'exit').then(([code]) => {
      throw new Error(`the stack floor's ${role} exited (${code}) while starting`);
    });
    const [message] = await Promise.race([started, died]);
    return message.port;
  };
  try {
    await start('service');
    const port = await start('edge');
    return { url: `http://127.0.0.1:${port}/`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (require.main === module && process.env.FLOOR) {
  runFloorProcess(process.argv[2] as 'edge' | 'service', JSON.parse(process.env.FLOOR)).catch(
    (error) => {
      console.error('stack floor failed to start:', error);
      process.exit(1);
    },
  );
}
