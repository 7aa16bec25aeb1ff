import { Client } from 'pg';
import request from 'supertest';
import { testEnv } from './test-env';

/** A tiny client for e2e tests: one bearer token, JSON in and out, status returned. */
export class Api {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async get(path: string) {
    return request(this.url).get(path).set('Authorization', `Bearer ${this.token}`);
  }
  async post(path: string, body: object = {}) {
    return request(this.url).post(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }
  async patch(path: string, body: object) {
    return request(this.url).patch(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }
  async put(path: string, body: object) {
    return request(this.url).put(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }
}

/** Direct reads of the test database, for checking what the API must not reveal or change. */
export async function sql<T = Record<string, unknown>>(
  text: string,
  args: unknown[] = [],
): Promise<T[]> {
  const db = new Client({ connectionString: testEnv().DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(text, args)).rows as T[];
  } finally {
    await db.end();
  }
}

export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}
