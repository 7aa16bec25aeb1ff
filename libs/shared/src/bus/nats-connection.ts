import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, NatsConnection } from '@nats-io/transport-node';

/** How this process proves itself to NATS, where the server asks (compose, k8s). */
export interface NatsAuth {
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  NATS_CREDS_FILE?: string;
  NATS_INBOX_PREFIX?: string;
}

export async function connectNats(
  url: string,
  name: string,
  auth: NatsAuth = {},
): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
    // Each user reads replies under its own prefix, which its permissions allow and no one
    // else's do (k8s/base/nats.conf): a reply is not anybody's to read.
    ...(auth.NATS_USER
      ? {
          user: auth.NATS_USER,
          pass: auth.NATS_PASSWORD,
          inboxPrefix: auth.NATS_INBOX_PREFIX ?? `_INBOX_${auth.NATS_USER}`,
        }
      : auth.NATS_INBOX_PREFIX
        ? { inboxPrefix: auth.NATS_INBOX_PREFIX }
        : {}),
    ...(auth.NATS_CREDS_FILE
      ? { authenticator: credsAuthenticator(readFileSync(auth.NATS_CREDS_FILE)) }
      : {}),
  });
}

export function subjectFor(prefix: string, subject: string): string {
  return `${prefix}.${subject}`;
}
