import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { z } from 'zod';
import { BusServer, Handler } from '../bus/bus-server';
import { Contract } from '../contracts/contract';

const ON_BUS = 'cmc:on-bus';

/** Marks a provider method as the handler of a request/reply contract (a thin adapter). */
export const OnBus = (c: Contract<z.ZodType, z.ZodType>) => SetMetadata(ON_BUS, c);

/**
 * Finds every @OnBus method at start-up and subscribes it. Two handlers for one subject
 * refuse to start: a subject has exactly one owner.
 */
@Injectable()
export class BusExplorer implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly server: BusServer,
  ) {}

  onApplicationBootstrap(): void {
    const seen = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const method = instance[name] as (...args: unknown[]) => unknown;
        const c = Reflect.getMetadata(ON_BUS, method) as Contract<z.ZodType, z.ZodType> | undefined;
        if (!c) continue;
        if (seen.has(c.subject)) throw new Error(`Two handlers for bus subject ${c.subject}`);
        seen.add(c.subject);
        this.server.handle(c, method.bind(instance) as Handler<typeof c>);
      }
    }
  }
}
