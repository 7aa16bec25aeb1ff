import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { NextFunction, Request, Response, Router } from 'express';

/**
 * W1: the web console, a Vite build served by the gateway at /console on the API's own origin,
 * so the session cookie and the CSRF header need no CORS. Hashed assets are cached for a year;
 * index.html never (a new build must reach clinics at the next load). Client-side routes fall
 * back to index.html.
 */
export function consoleStatic(distDir: string): Router {
  const dist = path.resolve(distDir);
  const index = path.join(dist, 'index.html');
  const router = express.Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(
      'Content-Security-Policy',
      // antd writes its styles at run time (CSS-in-JS), hence style-src 'unsafe-inline'.
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.use(express.static(dist, { index: false, maxAge: 0 }));
  router.get(/.*/, (_req: Request, res: Response) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('控制台尚未构建 / the console is not built: run npm run build');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
