import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The demo password of the system under test: from the environment, else from the
 * .run/secrets.env that `npm start` generated (benchmarks run against a started system).
 */
export function demoPassword(): string {
  if (process.env.DEMO_PASSWORD) return process.env.DEMO_PASSWORD;
  const file = path.resolve(process.env.SECRETS_FILE ?? '.run/secrets.env');
  const line = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('DEMO_PASSWORD='))
    : undefined;
  if (!line) throw new Error(`DEMO_PASSWORD not set and not in ${file}: start the system first`);
  return line.slice('DEMO_PASSWORD='.length).trim();
}
