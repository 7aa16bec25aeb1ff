import { createServer, Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Express, NextFunction, Request, Response } from 'express';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { AppConfig, AppError, httpStatusFor } from '@app/shared';
import { AuthService } from '../auth/auth.service';
import { clientIp } from '../common/request-context';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { loginPage, userBadge } from './login-page';
import { ohifConfig } from './ohif-config';

const COOKIE = 'cmc_viewer';

/**
 * The viewer's own sign-in cookie, else the console's session: cookies are kept per host, not
 * per port, so a reader signed in to the console opens a study here without a second sign-in.
 */
function cookieToken(req: Request): string | null {
  return namedCookie(req, COOKIE) ?? namedCookie(req, SESSION_COOKIE);
}

function namedCookie(req: Request, cookie: string): string | null {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookie) {
      const value = rest.join('=');
      return /^[A-Za-z0-9._-]{1,4096}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** Only a path of this origin: never `//evil.example` or a scheme. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 2048
    ? next
    : '/';
}

/**
 * G2b: OHIF on its own origin (its build expects to sit at the root of one), served by the
 * gateway process. Sign-in sets an HttpOnly, SameSite=Strict session cookie holding the
 * gateway's own token; /dicomweb on this origin is handed to the gateway's HTTP stack in
 * process with that token as the bearer, so OHIF needs no auth configuration, the token never
 * reaches page script, and another site cannot make the browser use it (SameSite, GET only).
 * Without a session, pages redirect to the sign-in and /dicomweb answers 401.
 */
export function createViewerApp(app: INestApplication, config: AppConfig): Express {
  const auth = app.get(AuthService);
  const ds = app.get(DataSource);
  const gateway = app.getHttpAdapter().getInstance() as Express;
  const dist = path.resolve(config.VIEWER_DIST_DIR);
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const viewer = express();
  viewer.disable('x-powered-by');
  viewer.set('trust proxy', config.TRUSTED_PROXIES.length ? config.TRUSTED_PROXIES : false);
  const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  const session = async (req: Request) => {
    const token = cookieToken(req);
    return token ? ((await auth.actorFromBearer(token)) ?? null) : null;
  };

  viewer.get('/login', (req, res) => {
    res.type('html').send(loginPage(safeNext(req.query.next)));
  });
  viewer.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res, next) => {
    const { username, password } = req.body as Record<string, unknown>;
    const nextPath = safeNext((req.body as Record<string, unknown>).next);
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      res.status(400).type('html').send(loginPage(nextPath, '请输入用户名和密码'));
      return;
    }
    auth
      .login(username.slice(0, 64), password.slice(0, 200), clientIp(req))
      .then((result) => {
        res.cookie(COOKIE, result.accessToken, {
          httpOnly: true,
          sameSite: 'strict',
          secure: req.secure,
          path: '/',
          maxAge: result.expiresIn * 1000,
        });
        res.redirect(303, nextPath);
      })
      .catch((error: unknown) => {
        if (!(error instanceof AppError)) return next(error);
        const status = httpStatusFor(error.code);
        const message = status === 429 ? '尝试次数过多，请稍后再试' : '用户名或密码错误';
        res.status(status).type('html').send(loginPage(nextPath, message));
      });
  });
  viewer.get('/logout', (_req, res) => {
    res.clearCookie(COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  // DICOMweb for the viewer: read-only here (STOW goes to the gateway with a token or key).
  viewer.use('/dicomweb', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set('Allow', 'GET').json({ title: 'The viewer origin only reads DICOMweb' });
      return;
    }
    const token = cookieToken(req);
    if (token && !req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
    req.url = req.originalUrl; // the gateway routes by the full /dicomweb/… path
    gateway(req, res, next);
  });

  viewer.get('/app-config.js', (req, res) => {
    res
      .type('application/javascript')
      .set('Cache-Control', 'no-cache')
      .send(ohifConfig(origin(req)));
  });

  const page = async (req: Request, res: Response) => {
    const actor = await session(req);
    if (!actor) {
      res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const [institution] = await ds.query(`SELECT name FROM gateway.institutions WHERE id = $1`, [
      actor.institutionId,
    ]);
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(index.replace('</body>', `${userBadge(actor.name, institution?.name ?? '')}</body>`));
  };
  viewer.get(['/', '/index.html'], (req, res, next) => void page(req, res).catch(next));
  viewer.use(express.static(dist, { index: false, maxAge: '1h' }));
  // OHIF's own routes (/viewer, /segmentation, …) are the same page.
  viewer.get(/^\/[^.]*$/, (req, res, next) => void page(req, res).catch(next));
  return viewer;
}

export async function startViewer(
  app: INestApplication,
  config: AppConfig,
  log: Logger,
): Promise<Server | null> {
  if (!config.VIEWER_PORT) return null;
  if (!config.VIEWER_DIST_DIR) {
    log.warn('VIEWER_PORT is set but VIEWER_DIST_DIR is not: the OHIF viewer is off');
    return null;
  }
  const server = createServer(createViewerApp(app, config));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.VIEWER_PORT, config.HOST, resolve);
  });
  log.info({ url: `http://${config.HOST}:${config.VIEWER_PORT}/` }, 'OHIF viewer listening');
  return server;
}
