import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * API-client management (O2: rotation with a grace period, revocation, per-client rate limits)
 * and signed webhooks (G3). The deliveries table is the truth about what was sent; Redis only
 * wakes the dispatcher.
 */
export class ApiClientsWebhooks1734000000000 implements MigrationInterface {
  name = 'ApiClientsWebhooks1734000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.api_clients
      ADD COLUMN rate_limit_per_minute integer NULL CHECK (rate_limit_per_minute > 0),
      ADD COLUMN previous_key_prefix text NULL UNIQUE,
      ADD COLUMN previous_key_hash text NULL,
      ADD COLUMN previous_key_expires_at timestamptz NULL,
      ADD COLUMN revoked_at timestamptz NULL,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE TABLE ${s}.webhook_endpoints (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES ${s}.api_clients(id),
      url text NOT NULL,
      description text NULL,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      secret_cipher text NOT NULL,
      previous_secret_cipher text NULL,
      previous_secret_expires_at timestamptz NULL,
      active boolean NOT NULL DEFAULT true,
      disabled_reason text NULL,
      disabled_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX webhook_endpoints_client ON ${s}.webhook_endpoints (client_id)`);
    await q.query(`CREATE TABLE ${s}.webhook_deliveries (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      endpoint_id uuid NOT NULL REFERENCES ${s}.webhook_endpoints(id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      ordering_key text NOT NULL,
      stream_seq bigint NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'FAILED', 'DELIVERED', 'DEAD')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz NULL,
      last_attempt_at timestamptz NULL,
      last_status_code integer NULL,
      last_latency_ms integer NULL,
      last_error text NULL,
      delivered_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (endpoint_id, event_id)
    )`);
    // The dispatcher's question: the oldest undelivered delivery of each (endpoint, key).
    await q.query(`CREATE INDEX webhook_deliveries_open ON ${s}.webhook_deliveries
      (endpoint_id, ordering_key, stream_seq, seq) WHERE status IN ('PENDING', 'FAILED')`);
    await q.query(
      `CREATE INDEX webhook_deliveries_listing ON ${s}.webhook_deliveries (endpoint_id, created_at DESC)`,
    );
    await q.query(`CREATE TABLE ${s}.webhook_attempts (
      id bigserial PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES ${s}.webhook_deliveries(id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      status_code integer NULL,
      latency_ms integer NOT NULL,
      error text NULL
    )`);
    await q.query(
      `CREATE INDEX webhook_attempts_delivery ON ${s}.webhook_attempts (delivery_id, at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`DROP TABLE ${s}.webhook_attempts`);
    await q.query(`DROP TABLE ${s}.webhook_deliveries`);
    await q.query(`DROP TABLE ${s}.webhook_endpoints`);
    await q.query(`ALTER TABLE ${s}.api_clients
      DROP COLUMN rate_limit_per_minute, DROP COLUMN previous_key_prefix, DROP COLUMN previous_key_hash,
      DROP COLUMN previous_key_expires_at, DROP COLUMN revoked_at, DROP COLUMN updated_at`);
  }
}
