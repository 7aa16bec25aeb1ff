import { z } from 'zod';

/**
 * Every environment variable the services read, with its default. The README's
 * configuration table is written from this schema; keep them in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  REFERRAL_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  DIAGNOSIS_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/cmc'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_:-]+$/i)
    .default('cmc'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Prefixes every NATS subject and names the JetStream stream, so test runs never collide. */
  BUS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]+$/i)
    .default('cmc'),
  BUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  JWT_SECRET: z.string().min(32).default('dev-only-jwt-secret-change-me-in-production-0000'),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  /** 32-byte hex key: HMAC for resident-ID matching and AES-256-GCM for the stored value. */
  PII_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'PII_KEY must be 64 hex characters (32 bytes)')
    .default('0000000000000000000000000000000000000000000000000000000000000000'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60000).default(200),
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
  /** How much of an upload is kept in memory to parse its header (pixel data is not). */
  DICOM_HEADER_PREFIX_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type AppConfig = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = parsed.data;
  if (config.BLOB_STORE === 's3' && !config.S3_BUCKET)
    throw new Error('Invalid configuration:\n  S3_BUCKET: required when BLOB_STORE=s3');
  if (config.NODE_ENV === 'production') {
    if (config.JWT_SECRET.startsWith('dev-only'))
      throw new Error('JWT_SECRET must be set in production');
    if (/^0+$/.test(config.PII_KEY)) throw new Error('PII_KEY must be set in production');
  }
  return config;
}
