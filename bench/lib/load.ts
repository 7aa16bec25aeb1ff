/**
 * A closed-loop load generator: `concurrency` workers each run `iteration` back to back until
 * the time is up. Every HTTP request inside an iteration reports its latency through `timed`.
 */
export interface LoadResult {
  requests: number;
  iterations: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errorSamples: string[];
}

export type Timed = <T>(work: () => Promise<T>) => Promise<T>;

export async function runLoad(
  concurrency: number,
  durationMs: number,
  iteration: (timed: Timed) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let iterations = 0;
  const timed: Timed = async (work) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  const deadline = started + durationMs;
  await runWorkers(
    concurrency,
    () => (performance.now() < deadline ? iteration : null),
    async (run) => {
      await run(timed);
      iterations++;
    },
    (_, message) => {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(message.slice(0, 200));
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    iterations,
    errors,
    seconds: round(seconds),
    requestsPerSecond: round(latencies.length / seconds),
    latencyMs: percentiles(latencies),
    errorSamples,
  };
}

/**
 * The closed loop both runLoad and sendAll drive: `count` workers each take work from `next`
 * and run it, one at a time, until `next` answers null. Work that throws is handed to `failed`
 * with its message, and the worker goes on to the next.
 */
async function runWorkers<T>(
  count: number,
  next: () => T | null,
  run: (work: T) => Promise<void>,
  failed: (work: T, message: string) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      for (let work = next(); work !== null; work = next()) {
        try {
          await run(work);
        } catch (error) {
          failed(work, String((error as Error).message));
        }
      }
    }),
  );
}

export const round = (x: number) => Math.round(x * 100) / 100;

/** One request's worth of instances for `sendAll`: `send` throws when the server refused it. */
export interface Send {
  instances: number;
  bytes: number;
  send: () => Promise<void>;
}

/** What `sendAll` counted: instances stored and refused, the rates stored, per-request latency. */
export interface SendTally {
  instances: number;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errorSamples: string[];
}

/**
 * `clients` senders take work from `next` until it answers null, one request at a time each;
 * a request that throws counts its instances as errors. The upload benches tally the same way.
 */
export async function sendAll(clients: number, next: () => Send | null): Promise<SendTally> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let instances = 0;
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  await runWorkers(
    clients,
    next,
    async (work) => {
      const t0 = performance.now();
      try {
        await work.send();
      } finally {
        latencies.push(performance.now() - t0);
      }
      instances += work.instances;
      bytes += work.bytes;
    },
    (work, message) => {
      errors += work.instances;
      if (errorSamples.length < 5) errorSamples.push(message);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99, max } = percentiles(latencies);
  return {
    instances,
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    perSecond: round(instances / seconds),
    megabytesPerSecond: round(bytes / 1e6 / seconds),
    latencyMs: { p50, p99, max },
    errorSamples,
  };
}

/** p50/p90/p99/max of some latencies (ms), rounded; every bench reports them the same way. */
export function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(s[s.length - 1] ?? 0) };
}

/** JSON over fetch (undici keeps connections alive), throwing on an unexpected status. */
export async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown },
  expect: number[] = [200, 201],
) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!expect.includes(res.status))
    throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 200)}`);
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
