#!/usr/bin/env node
/**
 * Prints a fresh set of secrets as KEY=VALUE lines, for .run/secrets.env (npm start does this
 * on first start), a compose .env file or a Kubernetes Secret:
 *
 *   node scripts/generate-secrets.js > docker/.env
 *   kubectl create secret generic cmc-secrets --from-env-file=<(node scripts/generate-secrets.js)
 *
 * Plain JavaScript with Node's crypto only, so it runs before anything is installed or built.
 * Keep PII_KEY once data exists: stored resident IDs cannot be matched or decrypted without it.
 */
'use strict';
const { randomBytes } = require('node:crypto');

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Letters and digits only, without look-alikes, so a person can type it from the console. */
function typeable(length) {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const b of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (b < 256 - (256 % ALPHANUMERIC.length)) out += ALPHANUMERIC[b % ALPHANUMERIC.length];
    if (out.length === length) return out;
  }
  return out + typeable(length - out.length);
}

const secrets = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  PII_KEY: randomBytes(32).toString('hex'),
  BUS_SIGNING_KEY: randomBytes(48).toString('base64url'),
  DEMO_PASSWORD: `Demo-${typeable(12)}`,
  DEMO_API_KEY: `cmc_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`,
  POSTGRES_PASSWORD: typeable(24),
  // NATS users of compose and k8s (docker/nats.conf, k8s/base/nats.yaml). nats-server reads a
  // $VARIABLE as a config value: one starting with a digit is taken for a number and the server
  // refuses to start, so these start with a letter.
  NATS_GATEWAY_PASSWORD: `n${typeable(24)}`,
  NATS_REFERRAL_PASSWORD: `n${typeable(24)}`,
  NATS_DIAGNOSIS_PASSWORD: `n${typeable(24)}`,
};

const only = process.argv.slice(2);
for (const [key, value] of Object.entries(secrets)) {
  if (only.length === 0 || only.includes(key)) process.stdout.write(`${key}=${value}\n`);
}
