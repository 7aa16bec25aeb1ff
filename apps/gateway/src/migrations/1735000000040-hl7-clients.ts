import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * HL7 v2 over MLLP (issue 15 item 4). A client (a HIS or integration engine) is known by the
 * MSH-3/MSH-4 pair it sends, platform-wide, so a message names exactly whose institution it
 * speaks for. Orders it placed are remembered by its placer number (ORC-2) for cancels and
 * results; results go out from an outbox table, the truth for every retry.
 */
export class Hl7Clients1735000000040 implements MigrationInterface {
  name = 'Hl7Clients1735000000040';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.hl7_clients (
      id uuid PRIMARY KEY,
      institution_id uuid NOT NULL REFERENCES ${s}.institutions(id),
      name text NOT NULL,
      sending_application text NOT NULL CHECK (length(sending_application) BETWEEN 1 AND 180),
      sending_facility text NOT NULL CHECK (length(sending_facility) BETWEEN 1 AND 180),
      host inet NULL,
      default_center_id uuid NOT NULL REFERENCES ${s}.departments(id),
      outbound_host text NULL,
      outbound_port integer NULL CHECK (outbound_port BETWEEN 1 AND 65535),
      receiving_application text NOT NULL DEFAULT '',
      receiving_facility text NOT NULL DEFAULT '',
      charset text NOT NULL DEFAULT 'UNICODE UTF-8',
      active boolean NOT NULL DEFAULT true,
      last_seen_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((outbound_host IS NULL) = (outbound_port IS NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX hl7_clients_sender ON ${s}.hl7_clients (sending_application, sending_facility)`,
    );
    await q.query(`CREATE INDEX hl7_clients_institution ON ${s}.hl7_clients (institution_id)`);
    await q.query(`CREATE TABLE ${s}.hl7_orders (
      client_id uuid NOT NULL REFERENCES ${s}.hl7_clients(id),
      placer_order_number text NOT NULL,
      order_id uuid NOT NULL,
      accession_number text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (client_id, placer_order_number)
    )`);
    await q.query(`CREATE TABLE ${s}.hl7_outbound (
      id uuid PRIMARY KEY,
      seq bigserial,
      client_id uuid NOT NULL REFERENCES ${s}.hl7_clients(id),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      study_id uuid NOT NULL,
      event_payload jsonb NOT NULL,
      control_id text NULL,
      body text NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'FAILED', 'DELIVERED', 'DEAD')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz NULL,
      last_error text NULL,
      last_ack_code text NULL,
      delivered_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (client_id, event_id)
    )`);
    await q.query(
      `CREATE INDEX hl7_outbound_due ON ${s}.hl7_outbound (next_attempt_at) WHERE status IN ('PENDING', 'FAILED')`,
    );
    await q.query(`CREATE INDEX hl7_outbound_client ON ${s}.hl7_outbound (client_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`DROP TABLE ${s}.hl7_outbound`);
    await q.query(`DROP TABLE ${s}.hl7_orders`);
    await q.query(`DROP TABLE ${s}.hl7_clients`);
  }
}
