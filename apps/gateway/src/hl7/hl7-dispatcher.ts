import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, rowsOf } from '@app/shared';
import { parseSchedule } from '../common/retry-schedule';
import { drainInFlight, WakeablePump } from '../common/wakeable-pump';
import { CONFIG, LOGGER } from '../infra/tokens';
import { HL7_CHANNEL } from './hl7-fanout';
import { decideHl7 } from './hl7-retry';
import { sendOverMllp, SendOutcome } from './mllp-send';
import { OruRenderer, OutboundRow, Unrenderable } from './oru-renderer';

/** A claimed row's lease: longer than one attempt (render + connect + ACK wait). */
const LEASE_SECONDS = 120;

interface Claimed extends OutboundRow {
  attempts: number;
  controlId: string | null;
  body: string | null;
  host: string;
  port: number;
}

/**
 * Sends queued results (ORU^R01) to HL7 clients. The database is the truth: a row is due when
 * it is the oldest unsent one of its client (results reach a HIS in the order they happened)
 * and its next attempt time has come. A commit's NOTIFY, a timer for the next retry and a
 * periodic sweep only wake the pump, so nothing lives only in memory or in Redis.
 *
 * ACK AA (or CA, a commit accept) completes a row. AE, AR, no ACK in HL7_TIMEOUT_SECONDS, or a
 * receiver that is down are retried on HL7_RETRY_SCHEDULE, AE included: a HIS answers AE when
 * it does not know the order yet, which passes; after the last delay the row is DEAD and shows
 * so in the admin delivery list. One client's slow receiver holds only its own row.
 */
@Injectable()
export class Hl7Dispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly schedule: number[];
  private readonly inflight = new Set<string>();
  private readonly pumper: WakeablePump;

  constructor(
    private readonly ds: DataSource,
    private readonly renderer: OruRenderer,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.schedule = parseSchedule(config.HL7_RETRY_SCHEDULE);
    this.pumper = new WakeablePump(
      {
        databaseUrl: config.DATABASE_URL,
        channel: HL7_CHANNEL,
        sweepMs: config.HL7_SWEEP_MS,
        what: 'HL7 result',
        log,
      },
      () => this.fill(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.pumper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pumper.stop();
    await drainInFlight(this.inflight, this.config.HL7_TIMEOUT_SECONDS * 1000 + 1000);
  }

  pump(): Promise<void> {
    return this.pumper.pump();
  }

  private async fill(): Promise<void> {
    const free = this.config.HL7_CONCURRENCY - this.inflight.size;
    if (free <= 0) return;
    // Heads of each client's queue that are due and not leased, claimed in one statement
    // (rowsOf: TypeORM answers an UPDATE … RETURNING as [rows, count]).
    const claimed = await rowsOf<Claimed>(
      this.ds,
      `WITH heads AS (
         SELECT DISTINCT ON (o.client_id) o.id, o.next_attempt_at, o.locked_until
           FROM gateway.hl7_outbound o
          WHERE o.status IN ('PENDING', 'FAILED')
          ORDER BY o.client_id, o.seq
       ), due AS (
         SELECT h.id FROM heads h
          WHERE h.next_attempt_at <= now() AND (h.locked_until IS NULL OR h.locked_until < now())
            AND NOT (h.id = ANY($2::uuid[]))
          ORDER BY h.next_attempt_at LIMIT $1
       )
       UPDATE gateway.hl7_outbound o SET locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
         FROM due, gateway.hl7_clients c, gateway.institutions i
        WHERE o.id = due.id AND c.id = o.client_id AND i.id = c.institution_id
          AND c.active AND c.outbound_host IS NOT NULL
       RETURNING o.id, o.event_type AS "eventType", o.study_id AS "studyId", o.event_payload AS payload,
                 o.attempts, o.control_id AS "controlId", o.body, c.outbound_host AS host, c.outbound_port AS port,
                 json_build_object('id', c.id, 'name', c.name, 'institutionId', c.institution_id,
                   'communityId', i.community_id, 'receivingApplication', c.receiving_application,
                   'receivingFacility', c.receiving_facility, 'charset', c.charset) AS client`,
      [free, [...this.inflight]],
    );
    for (const row of claimed) {
      this.inflight.add(row.id);
      void this.attempt(row)
        .catch((error) =>
          this.log.error({ err: error, outbound: row.id }, 'HL7 result not recorded'),
        )
        .finally(() => {
          this.inflight.delete(row.id);
          void this.pump();
        });
    }
  }

  private async attempt(row: Claimed): Promise<void> {
    let controlId = row.controlId;
    let body = row.body;
    if (!body || !controlId) {
      // MSH-10 of at most 20 characters (ST in v2.5.1): a fresh id per row, kept for every retry.
      controlId = randomUUID().replace(/-/g, '').slice(0, 20);
      try {
        body = await this.renderer.render(row, controlId);
      } catch (error) {
        const dead = error instanceof Unrenderable;
        return this.record(
          row,
          { kind: 'error', error: `render: ${(error as Error).message}` },
          dead,
        );
      }
      await this.ds.query(
        `UPDATE gateway.hl7_outbound SET control_id = $2, body = $3 WHERE id = $1`,
        [row.id, controlId, body],
      );
    }
    const outcome = await sendOverMllp(
      row.host,
      row.port,
      body,
      row.client.charset,
      controlId,
      this.config.HL7_TIMEOUT_SECONDS * 1000,
    );
    await this.record(row, outcome, false);
  }

  private async record(row: Claimed, outcome: SendOutcome, unrenderable: boolean): Promise<void> {
    const attempts = row.attempts + 1;
    const d = decideHl7(outcome, attempts, this.schedule, unrenderable);
    if (d.status === 'DELIVERED') {
      await this.ds.query(
        `UPDATE gateway.hl7_outbound SET status = 'DELIVERED', attempts = $2, last_ack_code = $3,
                last_error = NULL, delivered_at = now(), locked_until = NULL WHERE id = $1`,
        [row.id, attempts, d.ackCode],
      );
      this.log.info({ outbound: row.id, client: row.client.id, attempts }, 'HL7 result delivered');
      return;
    }
    const delayMs = d.status === 'FAILED' ? d.delayMs : 0;
    await this.ds.query(
      `UPDATE gateway.hl7_outbound SET status = $2, attempts = $3, last_ack_code = $4, last_error = $5,
              next_attempt_at = now() + make_interval(secs => $6::float8 / 1000), locked_until = NULL
        WHERE id = $1`,
      [row.id, d.status, attempts, d.ackCode, d.error, delayMs],
    );
    this.log.warn(
      {
        outbound: row.id,
        client: row.client.id,
        attempts,
        status: d.status,
        why: d.error.slice(0, 200),
      },
      'HL7 result not delivered',
    );
    if (d.status === 'FAILED') setTimeout(() => void this.pump(), delayMs + 50).unref();
  }
}
