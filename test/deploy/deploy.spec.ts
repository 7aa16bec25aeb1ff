/**
 * Offline checks of the deployment files (docker/, k8s/): no Docker engine and no cluster needed.
 *
 * - Kubernetes: every kustomization (k8s/base, k8s/overlays/*) is rendered with `kubectl
 *   kustomize`; each object is validated against the Kubernetes OpenAPI schema
 *   (kubernetes-models' validators) and checked for unknown fields (the same models' TypeScript
 *   types, with the compiler's excess-property check); then cross-checked against the
 *   application itself: probe ports against the port each app really listens on (read from its
 *   main.ts and computed by the app's own loadConfig), the environment against the app's
 *   configuration schema, Services/HPAs/PDBs against Deployments, volumes against claims.
 * - Compose: validated against the Compose Specification schema shipped by dclint, linted by
 *   dclint, and cross-checked the same way (environment, commands, health checks, dependencies).
 * - Dockerfile: parsed and linted with dockerfile-ast / dockerfile-utils, checked structurally
 *   (stages, Node LTS base, non-root user, HEALTHCHECK, CMD) and against the build context filter.
 * - docker/healthcheck.js: run against real local HTTP servers.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createRequire } from 'node:module';
import { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { DCLinter } from 'dclint';
import { Copy, DockerfileParser, Instruction } from 'dockerfile-ast';
import { validate as lintDockerfile, ValidationSeverity } from 'dockerfile-utils';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ISecret, Secret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import * as ts from 'typescript';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { AppConfig, loadConfig, REQUIRED_SECRETS } from '../../libs/shared/src/config/env';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const PART_OF = 'app.kubernetes.io/part-of';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

type Env = Record<string, string>;
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Facts read from the application's own sources, so the manifests are checked against the code.
// ---------------------------------------------------------------------------------------------

interface AppFacts {
  name: string;
  /** Compiled entry point, relative to the repository root (what the containers run). */
  distMain: string;
  /** The AppConfig key of the port serving /health/live, /health/ready and /metrics. */
  portKey: keyof AppConfig;
}

const tsconfigBuild = JSON.parse(read('tsconfig.build.json')) as {
  compilerOptions: { outDir: string; rootDir: string };
  include: string[];
};

/** `dist/apps/x/src/main.js` -> `apps/x/src/main.ts`, when tsconfig.build.json compiles it. */
function sourceOfDist(distPath: string): string | undefined {
  const outDir = tsconfigBuild.compilerOptions.outDir.replace(/^\.\//, '').replace(/\/$/, '');
  const rootDir = tsconfigBuild.compilerOptions.rootDir.replace(/^\.\/?/, '');
  const rel = distPath.replace(/^\.\//, '').replace(/^\/app\//, '');
  if (!rel.startsWith(`${outDir}/`) || !rel.endsWith('.js')) return undefined;
  const source = join(rootDir, rel.slice(outDir.length + 1).replace(/\.js$/, '.ts'));
  const included = tsconfigBuild.include.some((glob) =>
    source.startsWith(glob.slice(0, glob.indexOf('*')).replace(/\/$/, '') + '/'),
  );
  return included && existsSync(join(ROOT, source)) ? source : undefined;
}

function readAppFacts(): AppFacts[] {
  return readdirSync(join(ROOT, 'apps'))
    .filter((name) => existsSync(join(ROOT, 'apps', name, 'src/main.ts')))
    .map((name) => {
      const main = read(`apps/${name}/src/main.ts`);
      const key =
        /healthPort:\s*\(\s*\w+\s*\)\s*=>\s*\w+\.([A-Z_]+)/.exec(main)?.[1] ??
        /\.listen\(\s*\w+\.([A-Z_]+)/.exec(main)?.[1];
      if (!key) throw new Error(`cannot tell which port apps/${name}/src/main.ts serves health on`);
      return { name, distMain: `dist/apps/${name}/src/main.js`, portKey: key as keyof AppConfig };
    });
}

const APPS = readAppFacts();
const BLOB_APPS = ['gateway', 'remote-diagnosis'];
const appOfCommand = (argv: string[]) =>
  APPS.find((app) => argv.some((arg) => arg.replace(/^\.\//, '') === app.distMain));

/** Runs the app's own configuration loader; returns the config or the loader's complaint. */
function configOf(env: Env, app = 'any'): { config?: AppConfig; error?: string } {
  try {
    return { config: loadConfig(env, REQUIRED_SECRETS[app] ?? []) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

describe('application facts the deployment files rely on', () => {
  it('finds the three apps, their compiled entry points and their health ports', () => {
    expect(APPS.map((a) => a.name).sort()).toEqual(['gateway', 'referral', 'remote-diagnosis']);
    for (const app of APPS) {
      expect(sourceOfDist(app.distMain)).toBe(`apps/${app.name}/src/main.ts`);
      expect(typeof loadConfig({})[app.portKey]).toBe('number');
    }
    expect(sourceOfDist('dist/scripts/migrate.js')).toBe('scripts/migrate.ts');
  });
});

// ---------------------------------------------------------------------------------------------
// docker/healthcheck.js
// ---------------------------------------------------------------------------------------------

interface HealthcheckModule {
  SERVICES: Record<string, { env: string; port: number }>;
  resolveTarget(env: Env, cmdline: string): { port: number; path: string };
}
const healthcheck = createRequire(__filename)('../../docker/healthcheck.js') as HealthcheckModule;

describe('docker/healthcheck.js', () => {
  const servers: Server[] = [];
  const serve = async (status: number): Promise<number> => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/health/ready' ? status : 404).end();
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return (server.address() as AddressInfo).port;
  };
  // Asynchronous, so this process's test servers can answer while the script runs.
  const run = (env: Env) =>
    new Promise<number | null>((done) => {
      const child = execFile(
        process.execPath,
        [join(ROOT, 'docker/healthcheck.js')],
        { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15000 },
        () => done(child.exitCode),
      );
    });
  afterAll(() => servers.forEach((s) => s.close()));

  it('exits 0 on a 2xx readiness answer and 1 on 503, 404 or a closed port', async () => {
    const up = await serve(200);
    const down = await serve(503);
    const closed = await serve(200);
    await new Promise((done) => servers.pop()!.close(done));
    expect(await run({ HEALTHCHECK_PORT: String(up) })).toBe(0);
    expect(await run({ HEALTHCHECK_PORT: String(down) })).toBe(1);
    expect(await run({ HEALTHCHECK_PORT: String(up), HEALTHCHECK_PATH: '/nope' })).toBe(1);
    expect(await run({ HEALTHCHECK_PORT: String(closed) })).toBe(1);
  });

  it("knows each app's health port variable and default, as the app's config schema does", () => {
    const defaults = loadConfig({});
    expect(Object.keys(healthcheck.SERVICES).sort()).toEqual(APPS.map((a) => a.name).sort());
    for (const app of APPS) {
      expect(healthcheck.SERVICES[app.name]).toEqual({
        env: app.portKey,
        port: defaults[app.portKey],
      });
      const cmdline = `node ${app.distMain}`;
      expect(healthcheck.resolveTarget({}, cmdline).port).toBe(defaults[app.portKey]);
      expect(healthcheck.resolveTarget({ [app.portKey]: '4567' }, cmdline).port).toBe(4567);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfile and its build context filter
// ---------------------------------------------------------------------------------------------

const DOCKERFILE = 'docker/Dockerfile';
const dockerfileText = read(DOCKERFILE);
const dockerfile = DockerfileParser.parse(dockerfileText);

function stageOf(instruction: Instruction): string | undefined {
  return (
    dockerfile.getContainingImage(instruction.getRange().start)?.getFROMs()[0]?.getBuildStage() ??
    undefined
  );
}
const argsOf = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const copyFrom = (i: Instruction) => (i as Copy).getFromFlag()?.getValue() ?? undefined;
/** An exec-form (JSON array) instruction's argv, or undefined for the shell form. */
function execForm(raw: string | null): string[] | undefined {
  try {
    const argv = JSON.parse(raw ?? '') as unknown;
    return Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? argv : undefined;
  } catch {
    return undefined;
  }
}
const initialArgs = new Map(
  dockerfile
    .getInitialARGs()
    .map((a) => a.getProperty())
    .filter((p) => p !== null)
    .map((p) => [p.getName(), p.getValue() ?? ''] as const),
);
const expandArgs = (text: string) =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => initialArgs.get(a ?? b) ?? '');

/** Docker's .dockerignore semantics: last matching pattern wins; a match on a parent counts. */
function dockerignored(patterns: string[], path: string): boolean {
  const toRegex = (pattern: string) =>
    new RegExp(
      '^' +
        pattern
          .replace(/^\/+|\/+$/g, '')
          .split('/')
          .map((part) =>
            part === '**'
              ? '(?:.*)'
              : part
                  .replace(/[.+^${}()|\\]/g, '\\$&')
                  .replace(/\*/g, '[^/]*')
                  .replace(/\?/g, '[^/]'),
          )
          .join('/')
          .replace(/\(\?:\.\*\)\//g, '(?:.*/)?') +
        '$',
    );
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const regex = toRegex(negated ? raw.slice(1) : raw);
    if (candidates.some((c) => regex.test(c))) excluded = !negated;
  }
  return excluded;
}

describe('docker/Dockerfile', () => {
  const froms = dockerfile.getFROMs();
  const stages = froms.map((f) => f.getBuildStage());
  const finalStage = stages[stages.length - 1];
  const instructions = dockerfile.getInstructions();
  const inFinal = instructions.filter((i) => stageOf(i) === finalStage);
  const finalOf = (keyword: string) => inFinal.filter((i) => i.getKeyword() === keyword);
  const runs = instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => argsOf(i).join(' '));

  it('has no syntax or lint problems (dockerfile-utils)', () => {
    const problems = lintDockerfile(dockerfileText, {
      instructionCasing: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
      deprecatedMaintainer: ValidationSeverity.ERROR,
    });
    expect(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('is multi-stage (deps -> build -> runtime) with named stages', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((s) => !!s)).toBe(true);
    expect(new Set(stages).size).toBe(stages.length);
    // Dependencies come from the lock file, copied in before the install runs.
    const install = instructions.findIndex(
      (i) =>
        i.getKeyword() === 'RUN' && /\bnpm (ci|install)\b(?!\s+[^-\s])/.test(argsOf(i).join(' ')),
    );
    expect(install).toBeGreaterThan(-1);
    expect(
      instructions
        .slice(0, install)
        .some((i) => i.getKeyword() === 'COPY' && argsOf(i).includes('package-lock.json')),
    ).toBe(true);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm prune\b.*--omit=dev|\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    for (const copy of instructions.filter((i) => i.getKeyword() === 'COPY')) {
      const from = copyFrom(copy);
      if (from) expect(stages.slice(0, stages.indexOf(stageOf(copy) ?? null))).toContain(from);
    }
  });

  it('builds and runs on the Node major the tests run on, an LTS slim image', () => {
    const images = froms
      .map((f) => expandArgs(f.getImage() ?? ''))
      .filter((image) => !stages.includes(image));
    const minMajor = Number(
      /(\d+)/.exec(
        (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node,
      )?.[1],
    );
    expect(images.length).toBeGreaterThanOrEqual(1);
    for (const image of images) {
      const match =
        /^node:(\d+)(?:\.\d+){0,2}-(bookworm|trixie)-slim(?:@sha256:[0-9a-f]{64})?$/.exec(image);
      expect(match).not.toBeNull();
      const major = Number(match![1]);
      expect(major % 2).toBe(0); // only even Node majors become LTS
      expect(major).toBeGreaterThanOrEqual(minMajor);
      // What CI tested is what ships (docs/deployment.md, "Runtime").
      expect(major).toBe(Number(process.versions.node.split('.')[0]));
    }
    // Native modules built in the build stage must run on the runtime stage's Node.
    expect(new Set(images).size).toBe(1);
  });

  it('keeps @scarf/scarf (via swagger-ui-dist) from phoning home, in installs and the image', () => {
    const pkg = JSON.parse(read('package.json')) as { scarfSettings?: { enabled?: boolean } };
    expect(pkg.scarfSettings?.enabled).toBe(false);
    const env = instructions
      .filter((i) => i.getKeyword() === 'ENV')
      .map((i) => argsOf(i).join(' '));
    expect(env.filter((e) => /SCARF_ANALYTICS=false/.test(e)).length).toBeGreaterThanOrEqual(2);
  });

  it('runs as a non-root user with a node-based HEALTHCHECK and the gateway by default', () => {
    const user = finalOf('USER').map(argsOf).pop()?.[0];
    expect(user).toBeDefined();
    expect(['root', '0'].includes(user!.split(':')[0])).toBe(false);

    const healthchecks = finalOf('HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const hcRaw = healthchecks[0].getRawArgumentsContent() ?? '';
    const hcArgv = execForm(hcRaw.replace(/^(?:--\S+\s+)*CMD\s+/s, '').replace(/\\\n/g, ''));
    expect(hcArgv?.[0]).toBe('node');
    expect(finalOf('COPY').some((c) => argsOf(c).includes('docker/healthcheck.js'))).toBe(true);

    const cmd = execForm(finalOf('CMD').pop()?.getRawArgumentsContent() ?? null);
    expect(cmd?.[0]).toBe('node');
    expect(appOfCommand(cmd ?? [])?.name).toBe('gateway');
  });

  it('sets a non-loopback HOST in the image, so published ports reach the services', () => {
    const env = new Map(
      finalOf('ENV')
        .flatMap(argsOf)
        .map((kv) => kv.split('=') as [string, string]),
    );
    expect(env.get('HOST')).toBeDefined();
    expect(LOOPBACK.has(env.get('HOST')!)).toBe(false);
    expect(env.get('NODE_ENV')).toBe('production');
  });

  it('ships no sources in the runtime stage', () => {
    const copies = finalOf('COPY').map(argsOf);
    expect(copies.some((args) => args[0] === '.' || args[0] === './')).toBe(false);
  });

  describe('build context filter (docker/Dockerfile.dockerignore)', () => {
    const path = 'docker/Dockerfile.dockerignore';
    const patterns = existsSync(join(ROOT, path))
      ? read(path)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#'))
      : [];

    it('exists next to the Dockerfile', () => expect(patterns.length).toBeGreaterThan(0));

    it('keeps secrets, VCS data and host build output out of the context', () => {
      for (const p of ['.env', '.env.local', '.git/config', 'node_modules/x/index.js', 'dist/a.js'])
        expect([p, dockerignored(patterns, p)]).toEqual([p, true]);
    });

    it('keeps every file the build needs, including each COPY source', () => {
      const needed = [
        'package.json',
        'package-lock.json',
        'tsconfig.base.json',
        'tsconfig.build.json',
        'libs/shared/src/index.ts',
        'scripts/migrate.ts',
        ...APPS.map((a) => `apps/${a.name}/src/main.ts`),
      ];
      for (const copy of instructions.filter((i) => i.getKeyword() === 'COPY')) {
        if (copyFrom(copy)) continue;
        const sources = argsOf(copy).slice(0, -1);
        for (const source of sources) if (source !== '.') needed.push(source);
      }
      for (const p of needed) {
        expect([p, existsSync(join(ROOT, p))]).toEqual([p, true]);
        expect([p, dockerignored(patterns, p)]).toEqual([p, false]);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// docker/compose.yaml
// ---------------------------------------------------------------------------------------------

/** Compose variable interpolation: ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, $$. */
function interpolate(text: string, env: Env): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      const value = env[(name ?? bare)!];
      const unset = value === undefined || (op?.startsWith(':') && value === '');
      switch (op) {
        case ':-':
        case '-':
          return unset ? (arg ?? '') : value;
        case ':?':
        case '?':
          if (unset) throw new Error(`${name} is required: ${arg}`);
          return value;
        case ':+':
        case '+':
          return unset ? '' : (arg ?? '');
        default:
          return value ?? '';
      }
    },
  );
}
function interpolateAll(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, env));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env)]));
  return node;
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test: string[] | string; disable?: boolean };
  ports?: string[];
  volumes?: string[];
  read_only?: boolean;
  tmpfs?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

describe('docker/compose.yaml', () => {
  const COMPOSE = 'docker/compose.yaml';
  const raw = read(COMPOSE);
  const composeDir = dirname(join(ROOT, COMPOSE));
  const parsed = parseYaml(raw, { merge: true }) as unknown;
  // What `node scripts/generate-secrets.js > docker/.env` gives compose.
  const generated = Object.fromEntries(
    spawnSync(process.execPath, [join(ROOT, 'scripts/generate-secrets.js')], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as Env;
  const compose = interpolateAll(parsed, generated) as ComposeFile;
  const services = compose.services ?? {};
  const appServices = Object.entries(services).filter(([, s]) => s.build);
  const schemaPath = join(
    dirname(require.resolve('dclint/package.json')),
    'schemas/compose.schema.json',
  );

  const envOf = (service: ComposeService): Env =>
    Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([k, v]) => [k, v == null ? '' : String(v)]),
    );

  it('validates against the Compose Specification schema (after interpolation)', () => {
    const { $schema: dialect, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
      $schema: string;
    };
    expect(dialect).toMatch(/draft-07/); // Ajv's default dialect; its URL spelling differs
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(compose);
    expect(
      ok
        ? []
        : (validate.errors ?? []).map(
            (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
          ),
    ).toEqual([]);
  });

  it('has no dclint errors (schema, security and correctness rules)', () => {
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    const [result] = linter.lintFiles([join(ROOT, COMPOSE)], false);
    const messages: { type: string; line: number; message: string }[] = result.messages;
    expect(
      messages.filter((m) => m.type === 'error').map((m) => `${m.line}: ${m.message}`),
    ).toEqual([]);
  });

  it('runs postgres:15, redis:7 and NATS 2.10 with JetStream on a volume, each with a health check', () => {
    expect(services.postgres?.image).toMatch(/^postgres:15(\b|$)/);
    expect(services.redis?.image).toMatch(/^redis:7(\b|$)/);
    expect(services.nats?.image).toMatch(/^nats:2\.10(\b|$)/);
    // JetStream and its store come from the mounted config (users and permissions too).
    const nats = services.nats.command ?? [];
    expect(nats.slice(-2)).toEqual(['--config', '/etc/nats/nats.conf']);
    const natsVolumes = services.nats.volumes ?? [];
    const mounted = natsVolumes.find((v) => v.split(':')[1] === '/etc/nats/nats.conf');
    expect(mounted?.split(':')[0]).toBe('../k8s/base/nats.conf');
    const conf = readFileSync(join(composeDir, mounted!.split(':')[0]), 'utf8');
    const storeDir = /jetstream\s*\{[^}]*store_dir:\s*(\S+)/.exec(conf)?.[1];
    expect(natsVolumes.some((v) => v.split(':')[1] === storeDir)).toBe(true);
    for (const name of ['postgres', 'redis', 'nats'])
      expect([name, !!services[name].healthcheck?.test]).toEqual([name, true]);
  });

  it('declares every named volume it mounts', () => {
    for (const [name, service] of Object.entries(services))
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect([name, source, source in (compose.volumes ?? {})]).toEqual([name, source, true]);
      }
  });

  it('builds every app from the repository root with docker/Dockerfile', () => {
    expect(appServices.map(([n]) => n).sort()).toEqual(APPS.map((a) => a.name).sort());
    for (const [, service] of appServices) {
      expect(resolve(composeDir, service.build!.context)).toBe(ROOT);
      expect(
        resolve(composeDir, service.build!.context, service.build!.dockerfile ?? 'Dockerfile'),
      ).toBe(join(ROOT, DOCKERFILE));
    }
  });

  for (const app of APPS) {
    describe(`service ${app.name}`, () => {
      const service = services[app.name] ?? {};
      const env = envOf(service);

      it('runs the compiled entry point of that app', () => {
        expect(appOfCommand(service.command ?? [])?.name).toBe(app.name);
      });

      it("passes the app's own configuration check, pointing at the compose services", () => {
        const { config, error } = configOf(env, app.name);
        expect(error).toBeUndefined();
        expect(LOOPBACK.has(config!.HOST)).toBe(false);
        for (const url of [config!.DATABASE_URL, config!.REDIS_URL, config!.NATS_URL])
          expect(Object.keys(services)).toContain(hostOf(url));
        const db = new URL(config!.DATABASE_URL);
        const pg = envOf(services.postgres);
        expect(decodeURIComponent(db.username)).toBe(pg.POSTGRES_USER);
        expect(decodeURIComponent(db.password)).toBe(pg.POSTGRES_PASSWORD);
        expect(db.pathname.slice(1)).toBe(pg.POSTGRES_DB);
      });

      it('has no default secret: compose refuses to start until they are generated', () => {
        expect(() => interpolateAll(parsed, {})).toThrow(/is required: generate docker\/\.env/);
        for (const name of REQUIRED_SECRETS[app.name]) {
          const without = { ...generated };
          delete without[name];
          expect(() => interpolateAll(parsed, without)).toThrow(new RegExp(`${name} is required`));
        }
        const prod = interpolateAll(parsed, { ...generated, NODE_ENV: 'production' });
        const env = envOf((prod as ComposeFile).services[app.name]);
        expect(configOf(env, app.name).error).toBeUndefined();
      });

      it('is health-checked on the port it serves health on, and waits for healthy dependencies', () => {
        const test = service.healthcheck?.test;
        expect(Array.isArray(test) && test[0] === 'CMD' && test[1] === 'node').toBe(true);
        const { config } = configOf(env);
        const target = healthcheck.resolveTarget(env, (service.command ?? []).join(' '));
        expect(target.port).toBe(config![app.portKey]);
        for (const dependency of ['postgres', 'nats'])
          expect(service.depends_on?.[dependency]?.condition).toBe('service_healthy');
        for (const [name, dep] of Object.entries(service.depends_on ?? {})) {
          expect(Object.keys(services)).toContain(name);
          if (dep.condition === 'service_healthy')
            expect([name, !!services[name].healthcheck?.test]).toEqual([name, true]);
        }
      });

      it('writes only to volumes when its root filesystem is read-only', () => {
        if (!service.read_only) return;
        expect(service.tmpfs ?? []).toContain('/tmp');
        const { config } = configOf(env);
        // Only the apps that touch DICOM bytes use BLOB_DIR; the referral service never does.
        const blobDir = BLOB_APPS.includes(app.name)
          ? ((config as Record<string, unknown>).BLOB_DIR ?? env.BLOB_DIR)
          : undefined;
        if (blobDir)
          expect((service.volumes ?? []).some((v) => v.split(':')[1] === blobDir)).toBe(true);
      });
    });
  }

  it('gives remote-diagnosis a blob directory on a volume', () => {
    const service = services['remote-diagnosis'];
    const blobDir = envOf(service).BLOB_DIR;
    expect(blobDir).toBeTruthy();
    expect((service.volumes ?? []).some((v) => v.split(':')[1] === blobDir)).toBe(true);
  });

  it('publishes the gateway HTTP port', () => {
    const { config } = configOf(envOf(services.gateway), 'gateway');
    const published = (services.gateway.ports ?? []).map((p) => Number(p.split(':').pop()));
    expect(published).toContain(config!.PORT);
  });
});

// ---------------------------------------------------------------------------------------------
// Kubernetes (kustomize)
// ---------------------------------------------------------------------------------------------

// No silent skip: without kubectl the Kubernetes checks fail and say what is missing
// (scripts/lib.sh ensure_kubectl stops `npm test` before Jest for the same reason).
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const KUBECTL_MISSING =
  kubectl.status === 0
    ? undefined
    : 'kubectl is not installed, so k8s/ cannot be rendered: install kubectl 1.27 or later (it ships kustomize v5)';
const rendered = new Map<string, { objects: K8sObject[]; error?: string }>();
function render(dir: string): { objects: K8sObject[]; error?: string } {
  if (!rendered.has(dir)) rendered.set(dir, renderOnce(dir));
  return rendered.get(dir)!;
}
function renderOnce(dir: string): { objects: K8sObject[]; error?: string } {
  if (KUBECTL_MISSING) return { objects: [], error: KUBECTL_MISSING };
  const out = spawnSync('kubectl', ['kustomize', join(ROOT, dir)], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  if (out.status !== 0) return { objects: [], error: out.stderr || `exit ${out.status}` };
  const docs = parseAllDocuments(out.stdout);
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) return { objects: [], error: errors.join('\n') };
  return { objects: docs.map((d) => d.toJS() as K8sObject).filter(Boolean) };
}

/** Module path of the kubernetes-models class for an apiVersion/kind. */
function modelModule(o: { apiVersion: string; kind: string }): string {
  const [group, version] = o.apiVersion.includes('/')
    ? o.apiVersion.split('/')
    : ['', o.apiVersion];
  return `kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`;
}

/**
 * Unknown-field check (what `kubeconform -strict` does): the objects become object literals typed
 * with kubernetes-models' interfaces, and TypeScript reports any property the API does not have.
 */
function unknownFieldErrors(objects: K8sObject[]): string[] {
  const modelsRoot = dirname(require.resolve('kubernetes-models/package.json'));
  const file = join(dirname(dirname(modelsRoot)), '__deploy_spec_strict_check__.ts');
  const source = objects
    .map(
      (o, i) =>
        `import type { I${o.kind} as T${i} } from ${JSON.stringify(modelModule(o))};\n` +
        `export const o${i}: T${i} = ${JSON.stringify(o, null, 1)};\n`,
    )
    .join('');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file?.fileName === file && d.start !== undefined
        ? (() => {
            const line = d.file!.getLineAndCharacterOfPosition(d.start!).line;
            const index =
              source
                .split('\n')
                .slice(0, line + 1)
                .filter((l) => l.startsWith('export const o')).length - 1;
            const o = objects[index];
            return o ? `${o.kind}/${o.metadata?.name}: ` : '';
          })()
        : `${d.file?.fileName ?? ''}: `;
    return where + ts.flattenDiagnosticMessageText(d.messageText, ' ');
  });
}

const matches = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> = {},
) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels[k] === v);

function quantity(value: string | number | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value ?? ''));
  if (!match) return NaN;
  const factor: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}

/** Secret template values never to be applied: filled with valid generated values for checks. */
function filledTemplate(data: Env): Env {
  const generators: Record<string, (template: string) => string> = {
    DATABASE_URL: (t) => t.replace(/REPLACE_ME/g, randomBytes(12).toString('hex')),
    JWT_SECRET: () => randomBytes(48).toString('base64'),
    PII_KEY: () => randomBytes(32).toString('hex'),
    BUS_SIGNING_KEY: () => randomBytes(48).toString('base64'),
    NATS_GATEWAY_PASSWORD: () => randomBytes(18).toString('base64url'),
    NATS_REFERRAL_PASSWORD: () => randomBytes(18).toString('base64url'),
    NATS_DIAGNOSIS_PASSWORD: () => randomBytes(18).toString('base64url'),
  };
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      if (!/REPLACE/.test(value)) return [key, value];
      const generate = generators[key];
      if (!generate)
        throw new Error(`no test value for placeholder ${key}: add one to filledTemplate`);
      return [key, generate(value)];
    }),
  );
}

function secretData(secret: ISecret): Env {
  return {
    ...Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    ),
    ...(secret.stringData ?? {}),
  };
}

/** The environment a container gets, following ConfigMap and Secret references. */
function containerEnv(
  c: IContainer,
  configMaps: Map<string, Env>,
  secrets: Map<string, Env>,
): { env: Env; problems: string[] } {
  const env: Env = {};
  const problems: string[] = [];
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const source = from.configMapRef ? configMaps : secrets;
    const data = ref?.name ? source.get(ref.name) : undefined;
    if (!data) {
      if (!ref?.optional) problems.push(`envFrom ${ref?.name} does not exist`);
      continue;
    }
    for (const [k, v] of Object.entries(data)) env[(from.prefix ?? '') + k] = v;
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef) {
      const ref = (e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef)!;
      const data = (e.valueFrom.configMapKeyRef ? configMaps : secrets).get(ref.name ?? '');
      if (data?.[ref.key] !== undefined) env[e.name] = data[ref.key];
      else if (!ref.optional) problems.push(`${e.name}: ${ref.name}/${ref.key} does not exist`);
    } else env[e.name] = 'from-the-downward-api';
  }
  return { env, problems };
}

const KUSTOMIZATIONS = [
  'k8s/base',
  ...(existsSync(join(ROOT, 'k8s/overlays'))
    ? readdirSync(join(ROOT, 'k8s/overlays'))
        .filter((d) => existsSync(join(ROOT, 'k8s/overlays', d, 'kustomization.yaml')))
        .map((d) => `k8s/overlays/${d}`)
    : []),
];
const secretTemplate = parseYaml(read('k8s/base/secret.example.yaml')) as ISecret & K8sObject;

describe('k8s/base/secret.example.yaml', () => {
  it('is a valid Secret whose every value is a placeholder to replace', async () => {
    expect(() => new Secret(secretTemplate).validate()).not.toThrow();
    const values = Object.values(secretData(secretTemplate));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v.includes('REPLACE_ME'))).toBe(true);
  });

  it('is not part of any kustomization, so placeholders are never applied', () => {
    for (const dir of KUSTOMIZATIONS) {
      const { objects } = render(dir);
      const secret = objects.find(
        (o) => o.kind === 'Secret' && o.metadata.name.startsWith(secretTemplate.metadata.name),
      ) as ISecret | undefined;
      if (secret) expect(Object.values(secretData(secret)).join()).not.toContain('REPLACE_ME');
    }
  });

  it('cannot boot a service with its placeholders in production', () => {
    const { error } = configOf(
      { ...secretData(secretTemplate), NODE_ENV: 'production' },
      'gateway',
    );
    expect(error).toMatch(/JWT_SECRET|PII_KEY/);
  });
});

for (const dir of KUSTOMIZATIONS) {
  describe(`${dir} (kubectl kustomize)`, () => {
    const { objects, error } = render(dir);
    const ofKind = <T>(kind: string) =>
      objects.filter((o) => o.kind === kind) as unknown as (T & K8sObject)[];
    const deployments = ofKind<IDeployment>('Deployment');
    const services = ofKind<IService>('Service');
    const hpas = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const pdbs = ofKind<IPodDisruptionBudget>('PodDisruptionBudget');
    const claims = ofKind<IPersistentVolumeClaim>('PersistentVolumeClaim');
    const configMaps = new Map(
      ofKind<IConfigMap>('ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]),
    );
    const renderedSecrets = ofKind<ISecret>('Secret');
    const secrets = new Map(renderedSecrets.map((s) => [s.metadata.name, secretData(s)]));
    // Secrets the kustomization leaves to the operator come from the template, filled in.
    if (!renderedSecrets.some((s) => s.metadata.name === secretTemplate.metadata.name))
      secrets.set(secretTemplate.metadata.name, filledTemplate(secretData(secretTemplate)));
    const deploymentOf = (app: AppFacts) =>
      deployments.find((d) =>
        d.spec?.template.spec?.containers.some(
          (c) => appOfCommand([...(c.command ?? []), ...(c.args ?? [])])?.name === app.name,
        ),
      );
    const hpaOf = (d: K8sObject) =>
      hpas.find(
        (h) =>
          h.spec?.scaleTargetRef.kind === 'Deployment' &&
          h.spec.scaleTargetRef.name === d.metadata.name,
      );
    const podLabels = (d: IDeployment) => d.spec?.template.metadata?.labels ?? {};

    it('renders', () => {
      expect(error).toBeUndefined();
      expect(objects.length).toBeGreaterThan(0);
    });

    it('validates every object against the Kubernetes API schema', async () => {
      const problems: string[] = [];
      for (let o of objects) {
        // Go's base64 decoder (the API server's) skips line breaks, which kustomize inserts in
        // long Secret values; the models' "byte" format does not, so compare without them.
        if (o.kind === 'Secret' && (o as ISecret).data)
          o = {
            ...o,
            data: Object.fromEntries(
              Object.entries((o as ISecret).data!).map(([k, v]) => [k, v.replace(/\s+/g, '')]),
            ),
          };
        try {
          const models = (await import(modelModule(o))) as Record<
            string,
            new (data: unknown) => { validate(): void }
          >;
          new models[o.kind](o).validate();
        } catch (e) {
          problems.push(`${o.kind}/${o.metadata?.name}: ${(e as Error).message}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('has no unknown fields anywhere (strict check)', () => {
      expect(unknownFieldErrors(objects)).toEqual([]);
    });

    it('labels every object app.kubernetes.io/part-of, with unique kind/name pairs', () => {
      for (const o of objects)
        expect([o.kind, o.metadata.name, o.metadata.labels?.[PART_OF]]).toEqual([
          o.kind,
          o.metadata.name,
          expect.any(String),
        ]);
      for (const d of deployments) expect(podLabels(d)[PART_OF]).toBeTruthy();
      const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    });

    if (dir === 'k8s/base')
      it('is namespace-agnostic and leaves the Secret to the operator', () => {
        expect(objects.filter((o) => o.metadata.namespace).map((o) => o.metadata.name)).toEqual([]);
        expect(objects.some((o) => o.kind === 'Namespace')).toBe(false);
        expect(renderedSecrets).toEqual([]);
      });

    it('runs one image, tagged, for all the apps', () => {
      const images = new Set(
        deployments.flatMap((d) => d.spec!.template.spec!.containers.map((c) => c.image)),
      );
      expect(images.size).toBe(1);
      expect([...images][0]).toMatch(/:(?!latest$)[\w][\w.-]*$|@sha256:/);
    });

    for (const app of APPS) {
      describe(app.name, () => {
        const deployment = deploymentOf(app);
        const pod = deployment?.spec?.template.spec;
        const container = pod?.containers.find((c) =>
          appOfCommand([...(c.command ?? []), ...(c.args ?? [])]),
        );
        const { env, problems } = container
          ? containerEnv(container, configMaps, secrets)
          : { env: {}, problems: ['no container'] };
        const { config, error: configError } = configOf(env, app.name);
        const portOf = (port: string | number | undefined) =>
          typeof port === 'number'
            ? port
            : container?.ports?.find((p) => p.name === port)?.containerPort;

        it('has a Deployment running its entry point, with selector matching the pod labels', () => {
          expect(deployment).toBeDefined();
          expect(matches(deployment!.spec!.selector.matchLabels, podLabels(deployment!))).toBe(
            true,
          );
          expect(deployment!.spec!.selector.matchExpressions).toBeUndefined();
        });

        it("gets an environment that passes the app's own configuration check", () => {
          expect(problems).toEqual([]);
          expect(configError).toBeUndefined();
          for (const key of [
            'DATABASE_URL',
            'REDIS_URL',
            'NATS_URL',
            'NODE_ENV',
            'LOG_LEVEL',
            'HOST',
            'JWT_SECRET',
            'PII_KEY',
          ])
            expect([key, key in env]).toEqual([key, true]);
          expect(LOOPBACK.has(config!.HOST)).toBe(false);
          for (const url of [config!.DATABASE_URL, config!.REDIS_URL, config!.NATS_URL])
            expect(LOOPBACK.has(hostOf(url))).toBe(false);
        });

        it('probes /health/live and /health/ready on the port the app serves them on', () => {
          const port = config![app.portKey];
          expect(container!.livenessProbe?.httpGet?.path).toBe('/health/live');
          expect(container!.readinessProbe?.httpGet?.path).toBe('/health/ready');
          for (const probe of [
            container!.livenessProbe,
            container!.readinessProbe,
            container!.startupProbe,
          ])
            if (probe) expect(portOf(probe.httpGet?.port)).toBe(port);
          expect(container!.ports?.map((p) => p.containerPort)).toContain(port);
        });

        it('sets CPU and memory requests and limits, requests within limits', () => {
          const { requests = {}, limits = {} } = container!.resources ?? {};
          for (const r of ['cpu', 'memory']) {
            expect([r, quantity(requests[r])]).toEqual([r, expect.any(Number)]);
            expect(quantity(requests[r])).toBeGreaterThan(0);
            expect(quantity(requests[r])).toBeLessThanOrEqual(quantity(limits[r]));
          }
        });

        // The kubelet cannot check runAsNonRoot against a named USER (the image's is `node`): it needs
        // a numeric uid.
        it('runs as non-root with a numeric uid, read-only root, no privileges', () => {
          const podSc = pod!.securityContext ?? {};
          const sc = container!.securityContext ?? {};
          expect(sc.runAsNonRoot ?? podSc.runAsNonRoot).toBe(true);
          expect(sc.runAsUser ?? podSc.runAsUser).toBeGreaterThan(0);
          expect(sc.allowPrivilegeEscalation).toBe(false);
          expect(sc.readOnlyRootFilesystem).toBe(true);
          expect(sc.capabilities?.drop).toContain('ALL');
          const tmp = container!.volumeMounts?.find((m) => m.mountPath === '/tmp');
          expect(pod!.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
        });

        it('has a Service selecting its pods, targeting a container port', () => {
          const service = services.find((s) => matches(s.spec?.selector, podLabels(deployment!)));
          expect(service).toBeDefined();
          for (const port of service!.spec!.ports ?? [])
            expect(container!.ports?.map((p) => p.containerPort)).toContain(
              portOf(port.targetPort ?? port.port),
            );
          // A Service must not select the pods of another app.
          for (const other of deployments.filter((d) => d !== deployment))
            expect(matches(service!.spec?.selector, podLabels(other))).toBe(false);
        });

        it('is scaled by an autoscaling/v2 CPU HPA and does not fix its own replica count', () => {
          const hpa = hpaOf(deployment!);
          expect(hpa?.apiVersion).toBe('autoscaling/v2');
          expect(
            hpa!.spec!.metrics?.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu'),
          ).toBe(true);
          expect(hpa!.spec!.minReplicas ?? 1).toBeLessThanOrEqual(hpa!.spec!.maxReplicas);
          expect(deployment!.spec!.replicas).toBeUndefined();
        });

        it('has a PodDisruptionBudget the HPA minimum can satisfy (when it has one)', () => {
          const pdb = pdbs.find((p) =>
            matches(p.spec?.selector?.matchLabels, podLabels(deployment!)),
          );
          if (dir === 'k8s/base') {
            expect(pdb?.apiVersion).toBe('policy/v1');
            expect(pdb!.spec!.minAvailable).toBe(1);
          }
          if (pdb && typeof pdb.spec?.minAvailable === 'number')
            expect(hpaOf(deployment!)!.spec!.minReplicas ?? 1).toBeGreaterThan(
              pdb.spec.minAvailable,
            );
        });

        it('mounts a writable claim at BLOB_DIR, shareable by as many replicas as it may run', () => {
          const blobDir = env.BLOB_DIR;
          if (app.name === 'remote-diagnosis') expect(blobDir).toBeTruthy();
          if (!blobDir) return;
          const mount = container!.volumeMounts?.find((m) => m.mountPath === blobDir);
          expect(mount?.readOnly).not.toBe(true);
          const claimName = pod!.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim
            ?.claimName;
          const claim = claims.find((c) => c.metadata.name === claimName);
          expect(claim).toBeDefined();
          const maxPods = Math.max(
            hpaOf(deployment!)?.spec?.maxReplicas ?? 1,
            deployment!.spec!.replicas ?? 1,
          );
          const modes = claim!.spec?.accessModes ?? [];
          if (maxPods > 1) expect(modes).toContain('ReadWriteMany');
          if (!modes.includes('ReadWriteMany'))
            expect(deployment!.spec!.strategy?.type).toBe('Recreate');
        });
      });
    }

    it('points every HPA and PDB at an existing Deployment', () => {
      for (const hpa of hpas)
        expect(deployments.map((d) => d.metadata.name)).toContain(hpa.spec!.scaleTargetRef.name);
      for (const pdb of pdbs)
        expect(
          deployments.filter((d) => matches(pdb.spec?.selector?.matchLabels, podLabels(d))),
        ).toHaveLength(1);
    });

    it('references only ConfigMaps, Secrets and claims that exist (or the operator-made Secret)', () => {
      for (const d of deployments) {
        for (const v of d.spec!.template.spec!.volumes ?? []) {
          if (v.persistentVolumeClaim)
            expect(claims.map((c) => c.metadata.name)).toContain(v.persistentVolumeClaim.claimName);
          if (v.configMap) expect([...configMaps.keys()]).toContain(v.configMap.name);
          if (v.secret) expect([...secrets.keys()]).toContain(v.secret.secretName);
        }
        for (const c of d.spec!.template.spec!.containers)
          expect(containerEnv(c, configMaps, secrets).problems).toEqual([]);
      }
    });
  });
}
