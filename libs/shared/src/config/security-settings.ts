import { z } from 'zod';
import { optionalSecret } from './setting-types';

/** Who the gateway believes, and for how long: tokens, the PII key, proxies, origins and sign-in limits. */
export const securitySettings = {
  /** No default anywhere: `npm start` generates one in .run/secrets.env, tests per run. */
  JWT_SECRET: optionalSecret(z.string().min(32, 'JWT_SECRET must be at least 32 characters')),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  /** 32-byte hex key: HMAC for resident-ID matching and AES-256-GCM for the stored value. */
  PII_KEY: optionalSecret(
    z.string().regex(/^[0-9a-f]{64}$/i, 'PII_KEY must be 64 hex characters (32 bytes)'),
  ),
  /**
   * Proxies whose X-Forwarded-For is believed (Express "trust proxy": addresses, CIDRs or
   * loopback/linklocal/uniquelocal, comma-separated). None by default: the peer is the client.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  /**
   * Origins (https://viewer.example.org, comma-separated) whose browser pages may call
   * /dicomweb with the user's token. None by default: only pages of the gateway's own origin.
   */
  DICOMWEB_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim().replace(/\/$/, ''))
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
      'DICOMWEB_CORS_ORIGINS: origins like https://viewer.example.org, comma-separated',
    ),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Failed authentications (any credential) from one address before it is refused for a while. */
  AUTH_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Failed sign-ins of one account (known or not) before it is refused for a while. */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  /** The window of both counters, from the first failure. */
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** How long a user's roles, institution and centers are trusted before they are read again. */
  ACTOR_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(30),
  /**
   * How long an API key's client (scopes, rate limit, revocation) is trusted before it is read
   * again, on every gateway replica: a revoked or rotated-out key stops working within this.
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(5),
};
