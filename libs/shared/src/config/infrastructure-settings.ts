import { z } from 'zod';
import { optionalSecret } from './setting-types';

/** PostgreSQL, Redis and the NATS bus every service shares, and how a bus message is trusted. */
export const infrastructureSettings = {
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/cmc'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_:-]+$/i)
    .default('cmc'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** NATS credentials where the server asks for them (compose, k8s): user and password… */
  NATS_USER: z.string().min(1).max(200).optional(),
  NATS_PASSWORD: optionalSecret(z.string().min(1).max(500)),
  /** …or a decentralized-auth creds file (JWT + nkey seed), as `nsc` writes it. */
  NATS_CREDS_FILE: z.string().min(1).optional(),
  /** Where this process's replies arrive; defaults to _INBOX_<NATS_USER> when a user is set. */
  NATS_INBOX_PREFIX: z
    .string()
    .regex(/^_INBOX[A-Za-z0-9_-]*$/)
    .optional(),
  /**
   * Signs the actor on every bus message (HS256). Shared by the gateway and the services, which
   * refuse a message whose signature is missing, wrong, stale or replayed.
   */
  BUS_SIGNING_KEY: optionalSecret(
    z.string().min(32, 'BUS_SIGNING_KEY must be at least 32 characters'),
  ),
  /** How old a signed actor may be on arrival (and how long its id is remembered against replay). */
  BUS_SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().min(5).max(300).default(30),
  /** Prefixes every NATS subject and names the JetStream stream, so test runs never collide. */
  BUS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]+$/i)
    .default('cmc'),
  BUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
};
