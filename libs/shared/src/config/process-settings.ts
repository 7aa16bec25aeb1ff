import { z } from 'zod';

/** The processes themselves: how they log and where each listens for HTTP (the API, health, the web pages). */
export const processSettings = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  REFERRAL_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  DIAGNOSIS_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  /** The OHIF viewer's own origin (its build sits at the root of one); 0 leaves it off. */
  VIEWER_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** OHIF's dist/ (npm start and npm test fetch it: scripts/lib.sh ensure_ohif). */
  VIEWER_DIST_DIR: z.string().default(''),
  /** The web console's Vite build (npm run build makes it), served at /console. */
  CONSOLE_DIST_DIR: z.string().default('dist/console'),
};
