import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Api, sql } from '../support/api';
import { ctFile, mutateDicom, rng } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { blobDir, freePort, login, startSystem, System } from '../support/system';
import { demoWorld } from './fixtures';

/**
 * Issue 15, bad input on the DIMSE port: real sessions (dcmtk's echoscu, storescu and findscu,
 * recorded through a proxy) are replayed mutated — flipped bytes, cut short, lying PDU and
 * element lengths, spliced — and slow, silent and surplus peers are tried. Only refusals and
 * closed connections may come back: the gateway stays up, keeps answering others, and keeps
 * no instance without its bytes.
 */
const AE = 'CMC_FUZZ';
const CALLING = 'FUZZ_CT';
const CASES = Number(process.env.FUZZ_CASES ?? 240);
const BATCH = Number(process.env.FUZZ_BATCH ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

function run(tool: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** A TCP proxy that keeps what the client sent, so a real session can be replayed. */
async function recording(
  target: number,
): Promise<{ port: number; sent: Buffer[][]; close(): void }> {
  const sent: Buffer[][] = [];
  const server = net.createServer((client) => {
    const mine: Buffer[] = [];
    sent.push(mine);
    const upstream = net.connect(target, '127.0.0.1');
    client.on('data', (d: Buffer) => {
      mine.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port, sent, close: () => server.close() };
}

/**
 * A peer's turn: its first PDU (the association request), then, once we answered or 1 s passed,
 * the rest, and the end of its side. Reads what comes back until we close or `ms` pass; `end`
 * false keeps the socket open and silent after sending.
 */
function exchange(
  port: number,
  bytes: Buffer,
  ms: number,
  end = true,
): Promise<{ reply: Buffer; closed: boolean }> {
  const declared = bytes.length >= 6 ? 6 + bytes.readUInt32BE(2) : bytes.length;
  const split = declared <= bytes.length ? declared : bytes.length;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let sent = false;
    const once = () => {
      if (sent || socket.destroyed) return;
      sent = true;
      if (end) socket.end(bytes.subarray(split));
      else socket.write(bytes.subarray(split));
    };
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes.subarray(0, split));
      setTimeout(once, 1000);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply: Buffer.concat(chunks), closed: false });
    }, ms);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      once();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply: Buffer.concat(chunks), closed: true });
    });
  });
}

/** The first PDU of a stream (an A-ASSOCIATE-RQ when the stream is a session). */
const firstPdu = (stream: Buffer) => stream.subarray(0, 6 + stream.readUInt32BE(2));

/** A mutation of one recorded session: flips, cuts, lying lengths, splices, inserted junk. */
function mutate(stream: Buffer, next: () => number): Buffer {
  const pick = Math.floor(next() * 5);
  const out = Buffer.from(stream);
  const at = Math.floor(next() * out.length);
  if (pick === 0) return mutateDicom(out, next); // the DICOM fuzzer's flips and splices
  if (pick === 1) return out.subarray(0, at);
  if (pick === 2) {
    // A lying PDU length in the first PDU, or an element length inside it.
    const where = next() < 0.5 ? 2 : Math.min(out.length - 4, 6 + Math.floor(next() * 200));
    out.writeUInt32BE(Math.floor(next() * 2 ** 32), where);
    return out;
  }
  if (pick === 3)
    return Buffer.concat([out.subarray(0, at), out.subarray(Math.floor(next() * out.length))]);
  return Buffer.concat([
    out.subarray(0, at),
    Buffer.from(Array.from({ length: 64 }, () => Math.floor(next() * 256))),
    out.subarray(at),
  ]);
}

describe('DIMSE port under hostile peers (security)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let port: number;
  let dir: string;
  let sessions: Buffer[] = [];
  let institutionId: string;
  const echo = () => run('echoscu', ['-aet', CALLING, '-aec', AE, '127.0.0.1', String(port)]);

  beforeAll(async () => {
    isolation = await isolatedRun('dimsefuzz');
    port = await freePort();
    sys = await startSystem({
      DIMSE_PORT: String(port),
      DIMSE_AE_TITLE: AE,
      DIMSE_TIMEOUT_SECONDS: '2',
      DIMSE_MAX_ASSOCIATIONS: '8',
    });
    const w = await demoWorld(sys);
    institutionId = w.pingjin;
    const admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    const created = await admin.post('/api/v1/admin/modalities', {
      institutionId,
      aeTitle: CALLING,
      name: 'fuzz',
    });
    expect(created.status).toBe(201);
    dir = mkdtempSync(path.join(tmpdir(), 'cmc-dimse-fuzz-'));
    const files = [1, 2].map((n) => {
      const file = path.join(dir, `ct${n}.dcm`);
      const uid = `1.2.826.0.1.3680043.10.1517.${n}`;
      writeFileSync(file, ctFile(`${uid}.1.1`, { study: uid, series: `${uid}.1` }, 2048));
      return file;
    });
    const proxy = await recording(port);
    const via = ['-aet', CALLING, '-aec', AE, '127.0.0.1', String(proxy.port)];
    expect((await run('echoscu', via)).code).toBe(0);
    expect((await run('storescu', [...via, ...files])).code).toBe(0);
    await run('findscu', ['-W', ...via, '-k', 'PatientName', '-k', '(0040,0100)[0].Modality=CT']);
    proxy.close();
    sessions = proxy.sent.map((chunks) => Buffer.concat(chunks));
    expect(sessions.length).toBe(3);
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`survives ${CASES} mutated sessions with refusals only (seed ${SEED})`, async () => {
    const next = rng(SEED);
    const replies: Record<string, number> = {};
    for (let i = 0; i < CASES; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CASES - i) }, () =>
        exchange(port, mutate(sessions[Math.floor(next() * sessions.length)], next), 3000),
      );
      for (const { reply, closed } of await Promise.all(batch)) {
        const kind = `${reply.length ? `0x0${reply[0].toString(16)}` : 'nothing'}${closed ? '' : ' (open at 3 s)'}`;
        replies[kind] = (replies[kind] ?? 0) + 1;
      }
      if (sys.gateway.child.exitCode !== null)
        console.log(sys.gateway.output.join('').slice(-3000));
      expect(sys.gateway.child.exitCode).toBeNull();
    }
    console.log(`DIMSE fuzz seed ${SEED}: first reply PDU types ${JSON.stringify(replies)}`);
    // Still serving: health, a fresh C-ECHO, and every stored instance has its bytes.
    expect((await request(sys.url).get('/health/ready')).status).toBe(200);
    expect((await echo()).code).toBe(0);
    const stored = await sql<{ key: string }>(
      `SELECT blob_key AS key FROM diagnosis.instances WHERE institution_id = $1`,
      [institutionId],
    );
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const s of stored) expect(existsSync(path.join(blobDir(), s.key))).toBe(true);
    expect(sys.gateway.output.join('')).not.toMatch(
      /"msg":"(uncaught exception|unhandled promise)/,
    );
  }, 240_000);

  it('cuts silent and trickling peers at the timeout while others are served', async () => {
    const silent = Array.from({ length: 6 }, () => exchange(port, Buffer.alloc(0), 6000, false));
    // One byte of an association request every 500 ms never completes an association.
    const rq = firstPdu(sessions[0]);
    const trickle = new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let at = 0;
      const tick = setInterval(() => socket.write(rq.subarray(at, ++at)), 500);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(tick);
        resolve(true);
      });
      setTimeout(() => socket.destroy(), 6000);
    });
    const started = Date.now();
    expect((await echo()).code).toBe(0); // not blocked by the six silent sockets
    const ended = await Promise.all(silent);
    expect(ended.every((e) => e.closed)).toBe(true);
    expect(await trickle).toBe(true);
    expect(Date.now() - started).toBeLessThan(5500);
  });

  it('refuses associations past DIMSE_MAX_ASSOCIATIONS as transient, then serves again', async () => {
    // Eight accepted associations held open (an A-ASSOCIATE-RQ and nothing after it).
    const held = Array.from({ length: 8 }, () => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(firstPdu(sessions[0])));
      socket.on('error', () => undefined);
      return socket;
    });
    await new Promise((r) => setTimeout(r, 300));
    const refused = await run('echoscu', [
      '-v',
      '-aet',
      CALLING,
      '-aec',
      AE,
      '127.0.0.1',
      String(port),
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/Rejected Transient/i);
    expect(refused.out).toMatch(/Local Limit Exceeded/i);
    held.forEach((s) => s.destroy());
    await new Promise((r) => setTimeout(r, 300));
    expect((await echo()).code).toBe(0);
  });
});
