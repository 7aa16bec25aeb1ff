/* eslint-disable */
// A child process for the outbox drill: runs the real relay or the real consumer from the
// built library (dist/), so the test can SIGKILL it mid-stream and start it again.
// Usage: node outbox-drill.js relay|consume   (config from env: DRILL_*)
const path = require('node:path');
const shared = require(path.resolve(__dirname, '../../dist/libs/shared/src'));

async function main() {
  const mode = process.argv[2];
  const schema = process.env.DRILL_SCHEMA;
  const prefix = process.env.DRILL_PREFIX;
  const log = shared.createLogger(`drill-${mode}`, 'error');
  const ds = shared.createAppDataSource({
    url: process.env.DRILL_DB,
    schema,
    migrations: [],
    applicationName: `drill-${mode}`,
  });
  await ds.initialize();
  const nc = await shared.connectNats(
    process.env.NATS_URL || 'nats://127.0.0.1:4222',
    `drill-${mode}`,
  );
  if (mode === 'relay') {
    const relay = new shared.OutboxRelay(
      ds,
      nc,
      { schema, prefix, pollMs: 20, batchSize: Number(process.env.DRILL_BATCH || 25) },
      log,
    );
    // DRILL_PACE_MS: a pause after each published batch, so that the whole stream takes
    // seconds and a kill from the test lands mid-stream (the test asserts that it did).
    const pace = Number(process.env.DRILL_PACE_MS || 0);
    if (pace) {
      const publishBatch = relay.publishBatch.bind(relay);
      relay.publishBatch = async () => {
        const n = await publishBatch();
        if (n) await new Promise((r) => setTimeout(r, pace));
        return n;
      };
    }
    relay.start();
  } else {
    const failFirst = Number(process.env.DRILL_FAIL_FIRST || 0);
    const consumer = new shared.EventConsumer(
      nc,
      ds,
      {
        durable: process.env.DRILL_DURABLE,
        schema,
        prefix,
        maxAttempts: 5,
        backoffMs: () => 50,
        ackWaitMs: 2000,
      },
      async (event, manager) => {
        if (event.payload.poison) throw new Error('poison event');
        if (failFirst && event.payload.n % 97 === 0) {
          // Fails the first attempts of some events, to exercise retry with backoff.
          // Counted outside the handler's transaction, which a failure rolls back.
          const [{ attempts }] = await ds.query(
            `INSERT INTO "${schema}".attempts (n, attempts) VALUES ($1, 1)
             ON CONFLICT (n) DO UPDATE SET attempts = attempts.attempts + 1 RETURNING attempts`,
            [event.payload.n],
          );
          if (attempts <= failFirst) throw new Error('transient failure');
        }
        // Not idempotent on purpose: applied twice, the counter would read 2.
        await manager.query(`UPDATE "${schema}".effects SET applied = applied + 1 WHERE n = $1`, [
          event.payload.n,
        ]);
        await new Promise((r) => setTimeout(r, Number(process.env.DRILL_DELAY_MS || 1)));
      },
      log,
    );
    await consumer.start();
  }
  process.send && process.send('ready');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
