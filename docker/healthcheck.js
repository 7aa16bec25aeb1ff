'use strict';
/**
 * Container health check (the slim image has no curl): GET the service's readiness endpoint on
 * loopback and exit 0 on a 2xx answer, 1 otherwise.
 *
 * Which port: HEALTHCHECK_PORT when set; otherwise the port of the service this container runs,
 * read from PID 1's command line (dist/apps/<app>/...): the gateway's PORT, referral's
 * REFERRAL_HEALTH_PORT, remote-diagnosis' DIAGNOSIS_HEALTH_PORT, each with the app's default.
 * HEALTHCHECK_PATH overrides the path (default /health/ready).
 */
const http = require('node:http');
const fs = require('node:fs');

const SERVICES = {
  gateway: { env: 'PORT', port: 3000 },
  referral: { env: 'REFERRAL_HEALTH_PORT', port: 3101 },
  'remote-diagnosis': { env: 'DIAGNOSIS_HEALTH_PORT', port: 3102 },
};

/** The app name in a command line such as "node dist/apps/referral/src/main.js". */
function appFromCommandLine(cmdline) {
  const match = /dist\/apps\/([a-z0-9-]+)\//.exec(cmdline || '');
  return match ? match[1] : undefined;
}

function resolveTarget(env, cmdline) {
  const path = env.HEALTHCHECK_PATH || '/health/ready';
  if (env.HEALTHCHECK_PORT) return { port: Number(env.HEALTHCHECK_PORT), path };
  const service = SERVICES[appFromCommandLine(cmdline)] || SERVICES.gateway;
  return { port: Number(env[service.env] || service.port), path };
}

function readPid1CommandLine() {
  try {
    return fs.readFileSync('/proc/1/cmdline', 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function check(target, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port: target.port, path: target.path, timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode >= 200 && res.statusCode < 300);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}

module.exports = { SERVICES, appFromCommandLine, resolveTarget, check };

if (require.main === module) {
  const target = resolveTarget(process.env, readPid1CommandLine());
  check(target, Number(process.env.HEALTHCHECK_TIMEOUT_MS || 4000)).then((ok) => {
    if (!ok) console.error(`unhealthy: http://127.0.0.1:${target.port}${target.path}`);
    process.exit(ok ? 0 : 1);
  });
}
