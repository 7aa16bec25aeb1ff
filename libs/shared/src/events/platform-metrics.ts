import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { streamNames } from './stream';

export interface PlatformMetrics {
  /** Caller side: a bus request from send to reply, by subject and outcome (ok or error code). */
  busCalls: Histogram<'subject' | 'outcome'>;
  /** Service side: verifying, validating and handling one request. */
  busHandled: Histogram<'subject' | 'outcome'>;
  /** Events delivered again (after a crash or a failed handler), per consumer. */
  redeliveries: Counter<'consumer'>;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * The bus and event metrics every process exposes. Outbox lag and dead-letter depth are read at
 * scrape time (one small query each), so they are current whenever Prometheus looks.
 */
export function platformMetrics(
  registry: Registry,
  source: { ds: DataSource; schema: string; nc: NatsConnection; prefix: string },
): PlatformMetrics {
  new Gauge({
    name: 'cmc_outbox_lag_seconds',
    help: 'Age of the oldest event not yet published to JetStream (0 when none waits)',
    registers: [registry],
    async collect() {
      const [row] = await source.ds.query(
        `SELECT coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS lag
           FROM "${source.schema}".outbox WHERE published_at IS NULL`,
      );
      this.set(Number(row?.lag ?? 0));
    },
  });
  new Gauge({
    name: 'cmc_dlq_messages',
    help: 'Events in the dead-letter stream, waiting for a person to look',
    registers: [registry],
    async collect() {
      const jsm = await jetstreamManager(source.nc);
      const info = await jsm.streams.info(streamNames(source.prefix).deadLetters);
      this.set(info.state.messages);
    },
  });
  return {
    busCalls: new Histogram({
      name: 'cmc_bus_call_duration_seconds',
      help: 'Bus request/reply from send to reply, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: SECONDS,
      registers: [registry],
    }),
    busHandled: new Histogram({
      name: 'cmc_bus_handled_duration_seconds',
      help: 'Bus requests handled by this service, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: SECONDS,
      registers: [registry],
    }),
    redeliveries: new Counter({
      name: 'cmc_event_redeliveries_total',
      help: 'Events JetStream delivered more than once to a consumer',
      labelNames: ['consumer'],
      registers: [registry],
    }),
  };
}
