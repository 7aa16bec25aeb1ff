import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { METRICS } from '../health/metrics';
import { BUS, CONFIG, GatewayDeps, LOGGER, NATS, REDIS, VAULT } from './tokens';

@Global()
@Module({})
export class InfraModule {
  static forRoot(deps: GatewayDeps): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: deps.config },
      { provide: LOGGER, useValue: deps.log },
      { provide: DataSource, useValue: deps.ds },
      { provide: NATS, useValue: deps.nc },
      { provide: REDIS, useValue: deps.redis },
      { provide: BUS, useValue: deps.bus },
      { provide: VAULT, useValue: deps.vault },
      { provide: METRICS, useValue: deps.metrics.registry },
    ];
    return { module: InfraModule, providers, exports: providers.map((p) => p.provide) };
  }
}
