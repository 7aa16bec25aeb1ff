import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for /dicomweb (PS3.18 leaves it to the origin server): a viewer served from another
 * origin sends the user's bearer token, so only configured origins get an answer a browser
 * will use. Preflights are answered here, before authentication, as browsers send them
 * without credentials.
 */
export function dicomwebCors(origins: string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.header('origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Type, Content-Location, Warning');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader(
          'Access-Control-Allow-Headers',
          'Authorization, Accept, Content-Type, X-API-Key',
        );
        res.setHeader('Access-Control-Max-Age', '600');
      }
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
