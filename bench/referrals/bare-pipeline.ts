import { createServer, Server } from 'node:http';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';

/**
 * The reference for the benchmark: the same three hops as a referral request (HTTP in,
 * NATS request/reply, one PostgreSQL transaction that writes a row) with nothing else —
 * no auth, validation, outbox or business rules. Our ratio to it is the cost of all that.
 */
export async function startBarePipeline(natsUrl: string, databaseUrl: string, subject: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench.bare (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz DEFAULT now())`,
  );
  const responder: NatsConnection = await connect({ servers: natsUrl });
  responder.subscribe(subject, {
    queue: 'bare',
    callback: (_err, msg) => {
      void (async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query(
            `INSERT INTO bench.bare (body) VALUES ($1) RETURNING id`,
            [new TextDecoder().decode(msg.data)],
          );
          await client.query('COMMIT');
          msg.respond(new TextEncoder().encode(JSON.stringify({ id: rows[0].id })));
        } finally {
          client.release();
        }
      })();
    },
  });
  const caller = await connect({ servers: natsUrl });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const reply = await caller.request(subject, Buffer.concat(chunks), { timeout: 5000 });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(reply.data);
      } catch (error) {
        res.writeHead(503);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await caller.drain();
      await responder.drain();
      await pool.query(`DROP TABLE IF EXISTS bench.bare`);
      await pool.end();
    },
  };
}
