import path from 'node:path';
import { call } from './load';

/** Where the started system is, as every benchmark reads it (README: Benchmarks). */
export const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3000';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cmc';
export const BLOB_DIR = path.resolve(process.env.BLOB_DIR ?? '.run/blobs');

/** A numeric BENCH_* setting, or its default. */
export const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** Exits with a hint (code 2) when the system is not up: benchmarks do not start it. */
export async function requireRunningSystem(): Promise<void> {
  try {
    await call(`${BASE}/health/ready`, {}, [200]);
  } catch {
    console.error(
      `The system is not up at ${BASE}. Start it first: RATE_LIMIT_PER_MINUTE=100000000 npm start -- --detach`,
    );
    process.exit(2);
  }
}
