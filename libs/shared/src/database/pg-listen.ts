import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * A dedicated connection LISTENing on one channel, for work that a commit should wake at once
 * (webhook deliveries, notices). A sweep stays the safety net: when the connection cannot be
 * made or drops, `onLost` is called and the caller tries again on its next sweep.
 */
export async function listenForNotify(
  databaseUrl: string,
  channel: string,
  on: { notify: () => void; lost: () => void },
  log: Logger,
): Promise<Client | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => {
    on.lost();
    void client.end().catch(() => undefined);
  });
  client.on('notification', () => on.notify());
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return client;
  } catch (error) {
    log.warn({ err: error, channel }, 'LISTEN failed; relying on the sweep');
    await client.end().catch(() => undefined);
    return undefined;
  }
}
