import { z } from 'zod';

/** A secret from the environment: absent (or empty, as compose passes unset ones) means none. */
function optionalSecret<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

/**
 * Every environment variable the services read, with its default. The README's
 * configuration table is written from this schema; keep them in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** The OHIF viewer's own origin (its build sits at the root of one); 0 leaves it off. */
  VIEWER_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** OHIF's dist/ (npm start and npm test fetch it: scripts/lib.sh ensure_ohif). */
  VIEWER_DIST_DIR: z.string().default(''),
  /** The web console's Vite build (npm run build makes it), served at /console. */
  CONSOLE_DIST_DIR: z.string().default('dist/console'),
  /** The DICOM DIMSE listener (C-ECHO, C-STORE) for modalities; 0 leaves it off (npm start: 11112). */
  DIMSE_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Where it listens; empty means HOST. Modalities sit on the clinic LAN, so production binds 0.0.0.0. */
  DIMSE_HOST: z.string().default(''),
  /** Our (called) AE title; an association addressed to another is refused. */
  DIMSE_AE_TITLE: z
    .string()
    .regex(/^[\x21-\x5b\x5d-\x7e][\x20-\x5b\x5d-\x7e]{0,15}$/, 'an AE title of 1 to 16 characters')
    .transform((v) => v.trim())
    .default('CMC'),
  /** Associations open at once, all modalities together; the next is refused as congested. */
  DIMSE_MAX_ASSOCIATIONS: z.coerce.number().int().min(1).max(1000).default(32),
  /** A peer silent this long (before or during an association) is cut off. */
  DIMSE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** DICOM TLS (PS3.15 B.1): certificate and key in PEM; with a CA, modalities must present one it signed. */
  DIMSE_TLS_CERT_FILE: z.string().default(''),
  DIMSE_TLS_KEY_FILE: z.string().default(''),
  DIMSE_TLS_CA_FILE: z.string().default(''),
  /** The HL7 v2 MLLP listener (ADT, ORM in; ACK out) for HIS engines; 0 leaves it off (npm start: 2575). */
  HL7_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Where it listens; empty means HOST. The HIS sits on the hospital LAN, so production binds 0.0.0.0. */
  HL7_HOST: z.string().default(''),
  /** MLLP connections open at once, all HL7 clients together; the next is closed at once. */
  HL7_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(32),
  /** A peer silent this long, or a message unfinished this long after its first byte, is cut off; also our ORU's ACK wait. */
  HL7_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** The longest message (MLLP block, bytes) taken; a longer one gets AR and the connection closes. */
  HL7_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** The most segments one message may have; more gets AR. */
  HL7_MAX_SEGMENTS: z.coerce.number().int().min(10).max(100_000).default(2000),
  /** Outbound ORU: delays between attempts (`5s,5m,30m,2h`…); after the last the message is DEAD. */
  HL7_RETRY_SCHEDULE: z
    .string()
    .default('5s,30s,5m,30m,2h,5h,10h')
    .refine(
      (v) => v.split(',').every((d) => /^\s*\d+(\.\d+)?(ms|s|m|h)\s*$/.test(d)),
      'HL7_RETRY_SCHEDULE: durations like 5s,5m,30m,2h (ms, s, m, h), comma-separated',
    ),
  /** Outbound ORU: the safety-net sweep that finds due messages when nothing woke the sender. */
  HL7_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Outbound ORU: messages in flight per gateway process (one at a time per client, in order). */
  HL7_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** MSH-3/MSH-4 of what we send (ACK and ORU): our application and facility names. */
  HL7_APPLICATION: z.string().min(1).max(180).default('CMC'),
  HL7_FACILITY: z.string().min(1).max(180).default('CMC'),
  REFERRAL_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  DIAGNOSIS_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
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
  /** Demo logins' password and the demo HIS API key; generated by `npm start`, never defaulted. */
  DEMO_PASSWORD: optionalSecret(
    z.string().regex(/^[A-Za-z0-9@._-]{10,64}$/, 'DEMO_PASSWORD: 10–64 letters, digits or @._-'),
  ),
  DEMO_API_KEY: optionalSecret(
    z
      .string()
      .regex(
        /^cmc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/,
        'DEMO_API_KEY must look like cmc_<12 hex>_<43>',
      ),
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
  /** The relay's safety-net poll; commits wake it at once (LISTEN/NOTIFY). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60000).default(1000),
  /** Published outbox rows and handled inbox rows older than this are deleted. */
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 365)
    .default(168),
  /** How often the referral service sweeps for expired holds, due releases and escalations. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(15000),
  /** Filesystem blob storage for DICOM instances (gateway writes, services read). */
  BLOB_DIR: z.string().min(1).default('.run/blobs'),
  /** Where DICOM bytes go: the filesystem (BLOB_DIR) or an S3-compatible object store. */
  BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a valid bucket name')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** For MinIO, Ceph RGW, OSS and other S3-compatible servers; unset for AWS. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Largest DICOM instance accepted in one upload. */
  MAX_INSTANCE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024 * 1024),
  /**
   * Uploads are refused with 507 while the blob file system has less free space than this
   * (and than the upload's declared size on top of it), so a full disk never half-stores a study.
   */
  BLOB_MIN_FREE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(1024 * 1024 * 1024),
  /** How much of an upload is kept in memory to parse its header (pixel data is not). */
  DICOM_HEADER_PREFIX_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /**
   * How long an API key's client (scopes, rate limit, revocation) is trusted before it is read
   * again, on every gateway replica: a revoked or rotated-out key stops working within this.
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(5),
  /** Webhooks: delays between attempts (`5s,5m,30m,2h`…); after the last the delivery is DEAD. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5s,5m,30m,2h,5h,10h,10h')
    .refine(
      (v) => v.split(',').every((d) => /^\s*\d+(\.\d+)?(ms|s|m|h)\s*$/.test(d)),
      'WEBHOOK_RETRY_SCHEDULE: durations like 5s,5m,30m,2h (ms, s, m, h), comma-separated',
    ),
  /** Webhooks: how long one attempt may take, connection to last byte. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Webhooks: attempts in flight per gateway process, and per endpoint within that. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Webhooks: the longest Retry-After a receiver may ask for; longer waits are cut to this. */
  WEBHOOK_RETRY_AFTER_MAX_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  /** Webhooks: the safety-net sweep that finds due deliveries when no job woke the dispatcher. */
  WEBHOOK_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * Webhooks: private, loopback or link-local destinations allowed despite the SSRF guard: host
   * names (exact), addresses or CIDRs (`his.lan,10.20.0.0/16`), comma-separated. None by default.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Notifications: live streams (SSE) one user may hold open on one gateway process. */
  NOTIFICATION_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** Notifications: live streams one gateway process holds open in all. */
  NOTIFICATION_STREAMS_MAX: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** Notifications: a comment line this often keeps proxies from closing an idle stream. */
  NOTIFICATION_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /**
   * Notifications: events older than this when first consumed make no notice (a new consumer
   * starts at the beginning of the 30-day stream; old alarms would bury the current ones).
   */
  NOTIFICATION_MAX_AGE_HOURS: z.coerce.number().min(0.001).max(720).default(72),
  DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type AppConfig = z.infer<typeof envSchema>;
export type SecretName = 'JWT_SECRET' | 'PII_KEY' | 'BUS_SIGNING_KEY';

/** Which secrets each app cannot run without (the deployment tests read this too). */
export const REQUIRED_SECRETS: Record<string, SecretName[]> = {
  gateway: ['JWT_SECRET', 'PII_KEY', 'BUS_SIGNING_KEY'],
  referral: ['BUS_SIGNING_KEY'],
  'remote-diagnosis': ['BUS_SIGNING_KEY'],
};

/** Values from templates, old defaults and lazy hands: refused even though they parse. */
function looksLikePlaceholder(value: string): boolean {
  return /change-?me|replace_?me|dev-only|example/i.test(value) || new Set(value).size < 8;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  requiredSecrets: SecretName[] = [],
): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = parsed.data;
  if (config.NATS_USER && !config.NATS_PASSWORD)
    throw new Error('Invalid configuration:\n  NATS_PASSWORD: required with NATS_USER');
  if (config.BLOB_STORE === 's3' && !config.S3_BUCKET)
    throw new Error('Invalid configuration:\n  S3_BUCKET: required when BLOB_STORE=s3');
  if (!config.DIMSE_TLS_CERT_FILE !== !config.DIMSE_TLS_KEY_FILE)
    throw new Error(
      'Invalid configuration:\n  DIMSE_TLS_CERT_FILE and DIMSE_TLS_KEY_FILE: set both for DICOM TLS, or neither',
    );
  if (config.DIMSE_TLS_CA_FILE && !config.DIMSE_TLS_CERT_FILE)
    throw new Error(
      'Invalid configuration:\n  DIMSE_TLS_CA_FILE: needs DIMSE_TLS_CERT_FILE and DIMSE_TLS_KEY_FILE',
    );
  const problems: string[] = [];
  for (const name of requiredSecrets) {
    const value = config[name];
    if (!value)
      problems.push(
        `${name}: required (npm start generates one in .run/secrets.env; elsewhere: node scripts/generate-secrets.js)`,
      );
    else if (looksLikePlaceholder(value))
      problems.push(
        `${name}: looks like a placeholder or a published value; generate a random one`,
      );
  }
  for (const name of ['DEMO_PASSWORD', 'DEMO_API_KEY'] as const) {
    const value = config[name];
    if (value && /demo-only/.test(value))
      problems.push(`${name}: a published value; generate a random one`);
  }
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}

/** A secret the app was started with (loadConfig with it in `requiredSecrets` guarantees it). */
export function secretOf(config: AppConfig, name: SecretName): string {
  const value = config[name];
  if (!value) throw new Error(`${name} is not configured`);
  return value;
}
