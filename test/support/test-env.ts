import { randomBytes } from 'node:crypto';

/**
 * One identity per test run: its own database, NATS subject prefix (and so its own
 * JetStream streams) and Redis key prefix. Written by global setup into process.env,
 * which the test workers inherit.
 */
export interface TestEnv {
  DATABASE_URL: string;
  BUS_PREFIX: string;
  REDIS_PREFIX: string;
  REDIS_URL: string;
  NATS_URL: string;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function testEnv(): TestEnv {
  const { CMC_TEST_DATABASE_URL, CMC_TEST_BUS_PREFIX, CMC_TEST_REDIS_PREFIX } = process.env;
  if (!CMC_TEST_DATABASE_URL || !CMC_TEST_BUS_PREFIX || !CMC_TEST_REDIS_PREFIX) {
    throw new Error('Test environment missing: run tests through `npm test` (jest globalSetup)');
  }
  return {
    DATABASE_URL: CMC_TEST_DATABASE_URL,
    BUS_PREFIX: CMC_TEST_BUS_PREFIX,
    REDIS_PREFIX: CMC_TEST_REDIS_PREFIX,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  };
}
