import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** How a path of the receiver answers: as a healthy engine would, or as a broken one. */
export type ReceiverMode = 'ok' | 'fail' | 'reset' | 'slow' | 'gone' | 'redirect';

export interface Received {
  path: string;
  webhookId: string;
  type: string;
  data: Record<string, unknown>;
  signatures: number;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1, as an integration engine runs one: every delivery is checked
 * with `standardwebhooks` (the reference implementation) against each secret the test gave the
 * path; only one that verifies with all of them is accepted.
 */
export class WebhookReceiver {
  readonly modes = new Map<string, ReceiverMode>();
  readonly secrets = new Map<string, string[]>();
  readonly received: Received[] = [];
  readonly hits = new Map<string, number>();
  readonly unverified: string[] = [];
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
        const mode = this.modes.get(path) ?? 'ok';
        if (mode === 'reset') return req.socket.destroy();
        if (mode === 'slow') return void setTimeout(() => res.end(), 15_000).unref();
        if (mode === 'fail') return void res.writeHead(500).end('down for maintenance');
        if (mode === 'gone') return void res.writeHead(410).end();
        if (mode === 'redirect')
          return void res.writeHead(302, { location: '/redirect-target' }).end();
        const body = Buffer.concat(chunks).toString('utf8');
        const entry = this.verify(path, body, req.headers);
        if (!entry) return void res.writeHead(400).end('bad signature');
        this.received.push(entry);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  private verify(path: string, body: string, headers: IncomingHttpHeaders): Received | undefined {
    const secrets = this.secrets.get(path) ?? [];
    const plain = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(headers[h])]),
    );
    try {
      if (!secrets.length) throw new Error('no secret for this path');
      let payload: { type: string; data: Record<string, unknown> } | undefined;
      for (const secret of secrets)
        payload = new Webhook(secret).verify(body, plain) as typeof payload;
      return {
        path,
        webhookId: plain['webhook-id'],
        type: payload!.type,
        data: payload!.data,
        signatures: plain['webhook-signature'].split(' ').length,
        at: Date.now(),
      };
    } catch (error) {
      this.unverified.push(`${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** What a path got, each webhook-id once (a retry or a replay is the same message). */
  unique(path: string): Received[] {
    const seen = new Set<string>();
    return this.received.filter(
      (r) => r.path === path && !seen.has(r.webhookId) && (seen.add(r.webhookId), true),
    );
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
