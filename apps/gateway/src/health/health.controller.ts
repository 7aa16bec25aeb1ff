import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { healthSchema, readinessSchema, runChecks } from '@app/shared';
import { Public } from '../auth/access.decorator';
import { PublicOperation } from '../common/operation';
import { NATS, REDIS } from '../infra/tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(NATS) private readonly nc: NatsConnection,
  ) {}

  @Public()
  @Get('live')
  @PublicOperation({
    id: 'liveness',
    summary: 'Liveness: the process is up',
    response: healthSchema,
  })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @PublicOperation({
    id: 'readiness',
    summary: 'Readiness: PostgreSQL, Redis and NATS answer',
    response: readinessSchema,
    also: [{ status: 503, description: 'A dependency is down', response: readinessSchema }],
  })
  async ready(@Res() res: Response) {
    const result = await runChecks({
      postgres: async () => void (await this.ds.query('SELECT 1')),
      redis: async () => void (await this.redis.ping()),
      nats: async () => {
        if (this.nc.isClosed()) throw new Error('connection closed');
        await this.nc.flush();
      },
    });
    res.status(result.ok ? 200 : 503).json({ status: result.ok ? 'ok' : 'error', ...result });
  }
}
