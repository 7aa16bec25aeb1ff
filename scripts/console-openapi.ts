/**
 * Refreshes apps/console/openapi.json, the document the console's typed client is generated
 * from, from a running gateway (npm start first). test/e2e/console-session.e2e.spec.ts fails when
 * the committed copy and the gateway's own document differ, so the client cannot drift.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

async function main(): Promise<void> {
  const base = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
  const res = await fetch(`${base}/api/docs-json`);
  if (!res.ok) throw new Error(`${base}/api/docs-json answered ${res.status}: is the gateway up?`);
  const doc = (await res.json()) as { paths: Record<string, unknown> };
  const out = path.resolve(__dirname, '../../apps/console/openapi.json');
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${out} (${Object.keys(doc.paths).length} paths)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
