import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DestinationPolicy } from './address-guard';
import type { AttemptOutcome } from './retry-policy';

export interface SendResult {
  outcome: AttemptOutcome;
  latencyMs: number;
}

/** The host as a resolver or the address guard wants it (`[::1]` → `::1`). */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves like the system does, then refuses the connection if any address is forbidden: the
 * socket connects only to an address that was checked, so DNS rebinding between the check and
 * the connection is not possible.
 */
export function guardedLookup(policy: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refusal = list.map((a) => policy.refusal(hostname, a.address)).find(Boolean);
      if (refusal || list.length === 0)
        return callback(
          Object.assign(new Error(refusal ?? `${hostname} has no address`), {
            code: 'EWEBHOOKDESTINATION',
          }),
          '',
          0,
        );
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * One POST, never following a redirect, over a fresh connection, given up after `timeoutMs`
 * from start to the response's status line (the receiver's body is not waited for). Whatever
 * the receiver does (stalls, resets, answers 500 or 302) ends here as an outcome, never a throw.
 */
export function sendWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  policy: DestinationPolicy,
): Promise<SendResult> {
  const started = performance.now();
  const done = (outcome: AttemptOutcome): SendResult => ({
    outcome,
    latencyMs: Math.round(performance.now() - started),
  });
  const host = bareHost(url);
  if (isIP(host)) {
    const refusal = policy.refusal(host, host);
    if (refusal) return Promise.resolve(done({ kind: 'error', error: refusal }));
  }
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(policy),
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'cmc-webhooks/1',
      },
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.once('response', (res) => {
      clearTimeout(timer);
      const retryAfter = res.headers['retry-after'];
      resolve(done({ kind: 'response', status: res.statusCode ?? 0, retryAfter }));
      res.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(
        done({ kind: 'error', error: (error.code ? `${error.code}: ` : '') + error.message }),
      );
    });
    req.end(body);
  });
}
