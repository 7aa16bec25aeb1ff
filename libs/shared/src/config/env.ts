import { z } from 'zod';
import { deliverySettings } from './delivery-settings';
import { demoSettings } from './demo-settings';
import { dimseSettings } from './dimse-settings';
import { hl7Settings } from './hl7-settings';
import { infrastructureSettings } from './infrastructure-settings';
import { processSettings } from './process-settings';
import { securitySettings } from './security-settings';
import { storageSettings } from './storage-settings';

/**
 * Every environment variable the services read, with its default, one file per area. The
 * README's configuration table is written from these; keep them in step.
 */
export const envSchema = z.object({
  ...processSettings,
  ...dimseSettings,
  ...hl7Settings,
  ...infrastructureSettings,
  ...securitySettings,
  ...demoSettings,
  ...storageSettings,
  ...deliverySettings,
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
