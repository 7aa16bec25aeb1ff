import { Inject, Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppConfig, AppError } from '@app/shared';
import { CONFIG } from '../infra/tokens';
import { DestinationPolicy } from './address-guard';
import { bareHost } from './webhook-sender';

/** The SSRF guard as the registration API and the dispatcher share it. */
@Injectable()
export class WebhookDestination {
  readonly policy: DestinationPolicy;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.policy = new DestinationPolicy(config.WEBHOOK_ALLOWED_HOSTS);
  }

  /** 400 unless the URL's host resolves, and only to addresses a webhook may go to. */
  async assertAllowed(raw: string): Promise<void> {
    const url = new URL(raw);
    const host = bareHost(url);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw refused(`${host} does not resolve`);
    for (const address of addresses) {
      const refusal = this.policy.refusal(host, address);
      if (refusal) throw refused(refusal);
    }
  }
}

function refused(message: string): AppError {
  return AppError.validation(`url: ${message}`, [{ path: 'url', message }]);
}
