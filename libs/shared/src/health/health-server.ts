import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<void>;

/** Runs each check with a deadline, so a hung dependency reads as "down", not as a hang. */
export async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 1500,
): Promise<{ ok: boolean; checks: Record<string, { status: 'up' | 'down'; error?: string }> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`timed out after ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
        return [name, { status: 'up' as const }] as const;
      } catch (error) {
        return [name, { status: 'down' as const, error: (error as Error).message }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ok: entries.every(([, r]) => r.status === 'up'), checks: Object.fromEntries(entries) };
}

/**
 * The bus services have no public HTTP; this small server gives Kubernetes its probes and
 * Prometheus its scrape target. Port 0 picks a free port (tests).
 */
export async function startHealthServer(
  port: number,
  host: string,
  checks: Record<string, ReadinessCheck>,
  registry: Registry,
): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.url === '/health/live') return send(200, { status: 'ok' });
    if (req.url === '/health/ready') {
      void runChecks(checks).then((r) =>
        send(r.ok ? 200 : 503, { status: r.ok ? 'ok' : 'error', ...r }),
      );
      return;
    }
    if (req.url === '/metrics') {
      void registry.metrics().then((m) => send(200, m, registry.contentType));
      return;
    }
    send(404, { status: 404, title: 'Not found' }, 'application/problem+json');
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
