import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { loadConfig, passwordSchema, usernameSchema, writeOutbox } from '@app/shared';
import { hashPassword } from '../apps/gateway/src/auth/secrets';
import { gatewayDataSource } from '../apps/gateway/src/infra/gateway-data-source';
import { GATEWAY_SCHEMA } from '../apps/gateway/src/migrations';

/**
 * `npm run create-admin`: the first community (医共体) of a production installation, its lead
 * hospital and its community admin, on a migrated database without demo data. Everything else
 * (institutions, centers, users) the admin then sets up through /api/v1/admin
 * (docs/runbooks/setting-up-a-community.md). Runs once per community code.
 */
const OPTIONS = {
  'community-code': 'COMMUNITY_CODE',
  'community-name': 'COMMUNITY_NAME',
  region: 'COMMUNITY_REGION',
  population: 'COMMUNITY_POPULATION',
  'district-code': 'DISTRICT_CODE',
  'district-name': 'DISTRICT_NAME',
  'district-population': 'DISTRICT_POPULATION',
  'lead-code': 'LEAD_CODE',
  'lead-name': 'LEAD_NAME',
  'admin-username': 'ADMIN_USERNAME',
  'admin-name': 'ADMIN_DISPLAY_NAME',
} as const;

const text = z.string().trim().min(1).max(100);
const count = z.coerce.number().int().min(0).max(100_000_000);
const inputSchema = z
  .object({
    'community-code': z.string().regex(/^[A-Z0-9_-]{2,40}$/, 'A-Z, 0-9, "_" or "-", 2 to 40'),
    'community-name': text,
    region: text,
    population: count,
    'district-code': z
      .string()
      .regex(/^[0-9]{6}$/, 'the 6-digit GB/T 2260 code')
      .optional(),
    'district-name': text.optional(),
    'district-population': count.optional(),
    'lead-code': z.string().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, "_" or "-"'),
    'lead-name': text,
    'admin-username': usernameSchema,
    'admin-name': text,
  })
  .strict();
type Input = z.infer<typeof inputSchema>;

function fail(message: string): never {
  console.error(`create-admin: ${message}`);
  process.exit(1);
}

/** `--name value` or `--name=value`, else the environment variable. */
function readOptions(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [option, env] of Object.entries(OPTIONS)) {
    if (process.env[env]) out[option] = process.env[env]!;
  }
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match || !(match[1] in OPTIONS)) fail(`unknown argument ${argv[i]}\n${usage()}`);
    out[match[1]] = match[2] ?? argv[++i] ?? fail(`--${match[1]} needs a value`);
  }
  return out;
}

function usage(): string {
  const lines = Object.entries(OPTIONS).map(([o, env]) => `  --${o.padEnd(20)} or ${env}`);
  return `usage: npm run create-admin -- [options]\n${lines.join('\n')}\n  password: ADMIN_PASSWORD, or asked for on a terminal`;
}

/** Asked twice on a terminal, never echoed; there is no default password. */
async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (!process.stdin.isTTY) fail('set ADMIN_PASSWORD, or run on a terminal to be asked for it');
  let muted = false;
  const output = new Writable({
    write: (chunk, _enc, done) => {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(q);
      muted = true;
      rl.question('', (answer) => {
        muted = false;
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password for the community admin: ');
  const second = await ask('Again: ');
  rl.close();
  if (first !== second) fail('the two passwords differ');
  return first;
}

async function run(): Promise<void> {
  const raw = readOptions(process.argv.slice(2));
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success)
    fail(
      `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n  ')}\n${usage()}`,
    );
  const input: Input = parsed.data;
  const password = await readPassword();
  const strong = passwordSchema.safeParse(password);
  if (!strong.success) fail(`password: ${strong.error.issues.map((i) => i.message).join('; ')}`);
  if (password.toLowerCase().includes(input['admin-username']))
    fail('password: must not contain the username');

  const config = loadConfig();
  const ds = gatewayDataSource(config.DATABASE_URL, 'cmc-create-admin');
  await ds.initialize();
  try {
    const [{ ready }] = await ds.query(
      `SELECT to_regclass('gateway.users') IS NOT NULL AND EXISTS (SELECT 1 FROM information_schema.columns
          WHERE table_schema = 'gateway' AND table_name = 'users' AND column_name = 'password_changed_at') AS ready`,
    );
    if (!ready) fail('the database is not migrated: run `npm run migrate` first');
    const created = await ds.transaction((m) => bootstrap(m, input, password));
    console.log(JSON.stringify(created, null, 2));
    console.log(
      `\nSign in: POST /api/v1/auth/token {"username":"${input['admin-username']}","password":…}` +
        '\nNext: docs/runbooks/setting-up-a-community.md',
    );
  } finally {
    await ds.destroy();
  }
}

async function bootstrap(m: EntityManager, input: Input, password: string) {
  // One bootstrap at a time: two runs for the same code cannot both pass the check below.
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('cmc-create-admin'))`);
  const code = input['community-code'];
  const [existing] = await m.query(
    `SELECT id, name, created_at FROM gateway.communities WHERE code = $1`,
    [code],
  );
  if (existing)
    fail(
      `community ${code} (${existing.name}) already exists since ${new Date(existing.created_at).toISOString()}: ` +
        'create-admin runs once per community; its admin adds further users with POST /api/v1/admin/users',
    );
  const [taken] = await m.query(
    `SELECT 1 FROM gateway.users WHERE username = $1
     UNION ALL SELECT 1 FROM gateway.institutions WHERE code = $2`,
    [input['admin-username'], input['lead-code']],
  );
  if (taken)
    fail(
      `the username ${input['admin-username']} or institution code ${input['lead-code']} is taken`,
    );

  const districtId = await district(m, input);
  const community = {
    id: randomUUID(),
    code,
    name: input['community-name'],
    population: input.population,
    districtId,
  };
  await m.query(
    `INSERT INTO gateway.communities (id, code, name, region, population, district_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [community.id, code, community.name, input.region, community.population, districtId],
  );
  await writeOutbox(m, GATEWAY_SCHEMA, {
    type: 'directory.community.upserted',
    aggregateType: 'community',
    aggregateId: community.id,
    communityId: community.id,
    payload: community,
  });
  const lead = {
    id: randomUUID(),
    communityId: community.id,
    code: input['lead-code'],
    name: input['lead-name'],
    type: 'LEAD_HOSPITAL' as const,
    level: 3,
    parentId: null,
  };
  await m.query(
    `INSERT INTO gateway.institutions (id, community_id, code, name, type, level, parent_id)
     VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
    [lead.id, lead.communityId, lead.code, lead.name, lead.type, lead.level],
  );
  await writeOutbox(m, GATEWAY_SCHEMA, {
    type: 'directory.institution.upserted',
    aggregateType: 'institution',
    aggregateId: lead.id,
    communityId: community.id,
    payload: lead,
  });
  const adminId = randomUUID();
  await m.query(
    `INSERT INTO gateway.users (id, username, display_name, password_hash, institution_id, roles, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [
      adminId,
      input['admin-username'],
      input['admin-name'],
      await hashPassword(password),
      lead.id,
      ['community_admin'],
    ],
  );
  // The audit trail starts with its own creation, by the command rather than a person.
  for (const [type, id] of [
    ['community', community.id],
    ['institution', lead.id],
    ['user', adminId],
  ])
    await m.query(
      `INSERT INTO gateway.audit_log (actor_kind, actor_id, actor_name, institution_id, community_id, action,
         resource_type, resource_id, outcome)
       VALUES ('system', $1, 'create-admin', $2, $3, 'create', $4, $5, 'ok')`,
      [adminId, lead.id, community.id, type, id],
    );
  return {
    district: districtId ? { id: districtId, code: input['district-code'] } : null,
    community: { id: community.id, code, name: community.name, region: input.region },
    leadHospital: { id: lead.id, code: lead.code, name: lead.name },
    admin: { id: adminId, username: input['admin-username'], roles: ['community_admin'] },
  };
}

/** The district (区/县) the community belongs to, created when new; none when not given. */
async function district(m: EntityManager, input: Input): Promise<string | null> {
  const code = input['district-code'];
  if (!code) return null;
  const [found] = await m.query(`SELECT id FROM gateway.districts WHERE code = $1`, [code]);
  if (found) return found.id as string;
  const name = input['district-name'];
  const population = input['district-population'];
  if (!name || population === undefined)
    fail(`district ${code} is new: give --district-name and --district-population too`);
  const id = randomUUID();
  await m.query(
    `INSERT INTO gateway.districts (id, code, name, population) VALUES ($1, $2, $3, $4)`,
    [id, code, name, population],
  );
  await writeOutbox(m, GATEWAY_SCHEMA, {
    type: 'directory.district.upserted',
    aggregateType: 'district',
    aggregateId: id,
    payload: { id, code, name, population },
  });
  return id;
}

run().catch((error) => {
  console.error('create-admin failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
