import { spawnSync } from 'node:child_process';

/**
 * What an OpenAPI validator says of `doc`: `{ valid: true }`, or the errors it found. The
 * validator is an ES module, so it runs in its own process.
 */
export function validateOpenApi(doc: unknown): unknown {
  const check = spawnSync(
    process.execPath,
    [
      '-e',
      `const { Validator } = require('@seriousme/openapi-schema-validator');
       let body = ''; process.stdin.on('data', (d) => (body += d)).on('end', async () => {
         const r = await new Validator().validate(JSON.parse(body));
         console.log(JSON.stringify(r)); });`,
    ],
    { input: JSON.stringify(doc), encoding: 'utf8' },
  );
  return JSON.parse(check.stdout);
}
