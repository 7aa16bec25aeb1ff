import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, type PiiVault, rowsOf } from '@app/shared';
import { parseSchedule } from '../common/retry-schedule';
import { CONFIG, LOGGER, VAULT } from '../infra/tokens';
import { decide, Decision } from './retry-policy';
import { webhookHeaders } from './signature';
import { WebhookDestination } from './webhook-destination';
import { WebhookMetrics } from './webhook-metrics';
import { sendWebhook, SendResult } from './webhook-sender';

export interface WebhookAttempt {
  id: string;
  endpointId: string;
  attempts: number;
  body: string;
}

/** Beyond the attempt's own timeout, how long a claim is kept before another replica may retry. */
const LEASE_MARGIN_MS = 30_000;

/** One attempt of one delivery: claim (a lease in the table), sign, send, record the outcome. */
@Injectable()
export class WebhookAttempts {
  private readonly schedule: number[];

  constructor(
    private readonly ds: DataSource,
    private readonly destination: WebhookDestination,
    private readonly metrics: WebhookMetrics,
    @Inject(VAULT) private readonly vault: PiiVault,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.schedule = parseSchedule(config.WEBHOOK_RETRY_SCHEDULE);
  }

  /** Leases the deliveries no other replica holds; the attempt counts from here. */
  async claim(ids: string[]): Promise<WebhookAttempt[]> {
    // rowsOf: TypeORM answers an UPDATE … RETURNING as [rows, count].
    return rowsOf<WebhookAttempt>(
      this.ds,
      `UPDATE gateway.webhook_deliveries
          SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1, last_attempt_at = now()
        WHERE id = ANY($1::uuid[]) AND status IN ('PENDING', 'FAILED') AND (locked_until IS NULL OR locked_until < now())
        RETURNING id, endpoint_id AS "endpointId", attempts, body`,
      [ids, (this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS) / 1000],
    );
  }

  /** Sends and records; answers the delay of the next attempt when one is scheduled. */
  async run(attempt: WebhookAttempt): Promise<number | undefined> {
    const [endpoint] = await this.ds.query(
      `SELECT url, secret_cipher, CASE WHEN previous_secret_expires_at > now() THEN previous_secret_cipher END AS previous_cipher
         FROM gateway.webhook_endpoints WHERE id = $1`,
      [attempt.endpointId],
    );
    if (!endpoint) return undefined; // deleted meanwhile: its deliveries went with it
    const secrets = [endpoint.secret_cipher, endpoint.previous_cipher]
      .filter(Boolean)
      .map((sealed: string) => this.vault.decrypt(sealed));
    const headers = webhookHeaders(secrets, attempt.id, attempt.body);
    const result = await sendWebhook(
      new URL(endpoint.url),
      headers,
      attempt.body,
      this.config.WEBHOOK_TIMEOUT_MS,
      this.destination.policy,
    );
    const decision = decide(
      result.outcome,
      attempt.attempts,
      this.schedule,
      this.config.WEBHOOK_RETRY_AFTER_MAX_MS,
    );
    await this.record(attempt, result, decision);
    const label = decision.status.toLowerCase();
    this.metrics.attempts.inc({ outcome: label });
    this.metrics.latency.observe({ outcome: label }, result.latencyMs / 1000);
    return decision.status === 'FAILED' ? decision.delayMs : undefined;
  }

  private async record(attempt: WebhookAttempt, result: SendResult, decision: Decision) {
    const status = result.outcome.kind === 'response' ? result.outcome.status : null;
    const error =
      result.outcome.kind === 'error'
        ? result.outcome.error.slice(0, 500)
        : decision.status === 'DELIVERED'
          ? null
          : `HTTP ${result.outcome.status}`;
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO gateway.webhook_attempts (delivery_id, status_code, latency_ms, error) VALUES ($1, $2, $3, $4)`,
        [attempt.id, status, result.latencyMs, error],
      );
      // A replay meanwhile reset the count: that newer round decides, not this attempt.
      const [updated] = await rowsOf<{
        endpoint_id: string;
        ordering_key: string;
        stream_seq: string;
        seq: string;
      }>(
        m,
        `UPDATE gateway.webhook_deliveries SET status = $3, locked_until = NULL,
           next_attempt_at = now() + make_interval(secs => $4), last_status_code = $5, last_latency_ms = $6,
           last_error = $7, delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() ELSE delivered_at END
         WHERE id = $1 AND attempts = $2 AND status IN ('PENDING', 'FAILED')
         RETURNING endpoint_id, ordering_key, stream_seq, seq`,
        [
          attempt.id,
          attempt.attempts,
          decision.status,
          decision.status === 'FAILED' ? decision.delayMs / 1000 : 0,
          status,
          result.latencyMs,
          error,
        ],
      );
      if (!updated) return;
      if (decision.status === 'DEAD') {
        // What waits behind a dead delivery on its key dies with it rather than waiting out a
        // full schedule each; "replay since" resends the lot in order once the receiver is back.
        await m.query(
          `UPDATE gateway.webhook_deliveries SET status = 'DEAD', last_error = 'an earlier delivery on its key died', locked_until = NULL
            WHERE endpoint_id = $1 AND ordering_key = $2 AND status IN ('PENDING', 'FAILED') AND locked_until IS NULL
              AND (stream_seq, seq) > ($3, $4)`,
          [updated.endpoint_id, updated.ordering_key, updated.stream_seq, updated.seq],
        );
      }
      if (decision.status !== 'DELIVERED' && decision.disableEndpoint) {
        await m.query(
          `UPDATE gateway.webhook_endpoints SET active = false, disabled_at = now(),
             disabled_reason = 'the receiver answered 410 Gone' WHERE id = $1 AND active`,
          [attempt.endpointId],
        );
        this.log.warn({ endpoint: attempt.endpointId }, 'webhook endpoint disabled: 410 Gone');
      }
    });
  }
}
