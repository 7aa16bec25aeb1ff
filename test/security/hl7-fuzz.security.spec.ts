import * as iconv from 'iconv-lite';
import net from 'node:net';
import request from 'supertest';
import { residentIdCheckChar } from '../../libs/shared/src/pii/resident-id';
import { Api } from '../support/api';
import { rng } from '../support/dicom-builders';
import { ackFields, mllp, parseHl7, sendHl7, sendRaw } from '../support/hl7-peer';
import { isolatedRun } from '../support/isolated-run';
import { freePort, login, startSystem, System } from '../support/system';
import { demoWorld } from './fixtures';

/**
 * Issue 15, bad input on the MLLP port: valid ADT/ORM messages are mutated with a seeded
 * generator — cut short, bytes flipped, huge fields, MSH lost, separators changed, framing
 * bytes (0x0B, 0x1C) embedded, junk spliced — and sent with and without their framing. Only ACK
 * refusals (or an AA for a mutation that left a valid message) and closed connections may come
 * back; the gateway stays up and answers a valid message afterwards. Slow, silent and surplus
 * peers are cut at the timeout without holding up others.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_BYTES = 64 * 1024;
const TIMEOUT_S = 2;

const first17 = '50022819851230731';
const ID = first17 + residentIdCheckChar(first17);
const ADT = [
  'MSH|^~\\&|FZ_HIS|FZ|CMC|CMC|20270101083000||ADT^A04^ADT_A01|FZ0001|P|2.5.1|||||CHN|UNICODE UTF-8',
  'EVN|A04|20270101083000',
  `PID|1||${ID}^^^CHN^NNCHN||模糊^测试||19851230|M|||||^PRN^CP^^^^^^^^^13812345678`,
].join('\r');
const ORM = [
  'MSH|^~\\&|FZ_HIS|FZ|CMC|CMC|20270101083000||ORM^O01^ORM_O01|FZ0002|P|2.5.1',
  `PID|1||${ID}^^^CHN^NNCHN||模糊^测试||19851230|M`,
  'ORC|NW|FZ-PO-1|||||^^^20270102090000^^S',
  'OBR|1|FZ-PO-1||CT-HEAD^头颅CT平扫^L|||||||||头痛|||||FZACC1||||||CT',
].join('\r');
const SEEDS = [
  Buffer.from(ADT),
  Buffer.from(ORM),
  iconv.encode(ADT.replace('UNICODE UTF-8', 'GB 18030-2000'), 'gb18030'),
];

/** One mutation of a message body; framing is decided separately. */
function mutate(body: Buffer, next: () => number): Buffer {
  const at = Math.floor(next() * body.length);
  const text = body.toString('latin1');
  const junk = (n: number) =>
    Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  switch (Math.floor(next() * 9)) {
    case 0:
      return body.subarray(0, at); // truncated
    case 1: {
      const out = Buffer.from(body); // byte flips
      for (let i = 0, n = 1 + Math.floor(next() * 8); i < n; i++)
        out[Math.floor(next() * out.length)] = Math.floor(next() * 256);
      return out;
    }
    case 2: // a huge field, over or under the size limit
      return Buffer.concat([
        body.subarray(0, at),
        Buffer.alloc(Math.floor(next() * 2 * MAX_BYTES), 0x41),
        body.subarray(at),
      ]);
    case 3: // MSH lost
      return Buffer.from(text.slice(text.indexOf('\r') + 1), 'latin1');
    case 4: // wrong or clashing separators
      return Buffer.from(
        text.replace(/\|/g, next() < 0.5 ? '^' : '#').slice(0, Math.max(8, at)),
        'latin1',
      );
    case 5: // framing bytes inside the message
      return Buffer.concat([
        body.subarray(0, at),
        Buffer.of(next() < 0.5 ? 0x0b : 0x1c),
        body.subarray(at),
      ]);
    case 6: // junk spliced in
      return Buffer.concat([
        body.subarray(0, at),
        junk(1 + Math.floor(next() * 64)),
        body.subarray(at),
      ]);
    case 7: // thousands of segments
      return Buffer.concat([body, Buffer.from('\rNTE|1||x'.repeat(2500))]);
    default: // encoding characters broken
      return Buffer.from(text.replace('^~\\&', String.fromCharCode(...junk(4))), 'latin1');
  }
}

/** Framing: proper, none, doubled start, FS without CR, or two messages in one write. */
function framed(body: Buffer, next: () => number): Buffer {
  const r = next();
  if (r < 0.6) return mllp(body);
  if (r < 0.7) return body;
  if (r < 0.8) return Buffer.concat([Buffer.of(0x0b, 0x0b), body, Buffer.of(0x1c, 0x0d)]);
  if (r < 0.9) return Buffer.concat([Buffer.of(0x0b), body, Buffer.of(0x1c, 0x41)]);
  return Buffer.concat([mllp(body), mllp(body)]);
}

/** Every MLLP block in a reply; each must be an ACK whose MSA-1 is AA, AE or AR. */
function acksIn(reply: Buffer): string[] {
  const codes: string[] = [];
  for (const block of reply.toString('latin1').split('\x1c\r')) {
    const start = block.indexOf('\x0b');
    if (start === -1) continue;
    const raw = Buffer.from(block.slice(start + 1), 'latin1');
    const gb = /GB 18030/.test(raw.toString('latin1'));
    codes.push(ackFields(parseHl7(iconv.decode(raw, gb ? 'gb18030' : 'utf8'))).code);
  }
  return codes;
}

describe('MLLP port under hostile peers (security)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let port: number;
  let admin: Api;
  let clientId: string;
  let w: Awaited<ReturnType<typeof demoWorld>>;

  beforeAll(async () => {
    isolation = await isolatedRun('hl7fuzz');
    port = await freePort();
    sys = await startSystem({
      HL7_PORT: String(port),
      HL7_TIMEOUT_SECONDS: String(TIMEOUT_S),
      HL7_MAX_MESSAGE_BYTES: String(MAX_BYTES),
      HL7_MAX_CONNECTIONS: '8',
    });
    w = await demoWorld(sys);
    admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    const created = await admin.post('/api/v1/admin/hl7-clients', {
      institutionId: w.pingjin,
      name: 'fuzz',
      sendingApplication: 'FZ_HIS',
      sendingFacility: 'FZ',
      defaultCenterId: w.imaging,
    });
    expect(created.status).toBe(201);
    clientId = created.body.id;
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it(`survives ${CASES} mutated messages with ACK refusals or closed connections only (seed ${SEED})`, async () => {
    const next = rng(SEED);
    const seen: Record<string, number> = {};
    for (let i = 0; i < CASES; i += 4) {
      const batch = Array.from({ length: Math.min(4, CASES - i) }, () => {
        const body = mutate(SEEDS[Math.floor(next() * SEEDS.length)], next);
        return sendRaw(port, framed(body, next), 400);
      });
      for (const { reply } of await Promise.all(batch)) {
        const codes = acksIn(reply);
        for (const c of codes) expect(['AA', 'AE', 'AR']).toContain(c);
        const key = codes.length ? codes.join('+') : 'no reply';
        seen[key] = (seen[key] ?? 0) + 1;
      }
      expect(sys.gateway.child.exitCode).toBeNull();
    }
    console.log(`HL7 fuzz seed ${SEED}: replies ${JSON.stringify(seen)}`);
    expect((await request(sys.url).get('/health/ready')).status).toBe(200);
    expect(ackFields(await sendHl7(port, ADT)).code).toBe('AA');
    expect(sys.gateway.output.join('')).not.toMatch(/uncaught|unhandled/i);
  });

  it('answers 200 pipelined messages on one connection, in order, one ACK each', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `PIPE${i}`);
    const stream = Buffer.concat(ids.map((c) => mllp(Buffer.from(ADT.replace('FZ0001', c)))));
    const started = Date.now();
    const { reply } = await sendRaw(port, stream, 1500);
    const ms = Date.now() - started - 1500;
    const acks = reply
      .toString('utf8')
      .split('\x1c\r')
      .filter((b) => b.includes('MSA'))
      .map((b) => ackFields(parseHl7(b.slice(b.indexOf('\x0b') + 1))));
    expect(acks.map((a) => [a.code, a.controlId])).toEqual(ids.map((c) => ['AA', c]));
    console.log(`HL7: 200 ADT^A04 on one connection answered in ~${ms} ms`);
  });

  it('refuses a disabled client and one sending from an address it is not registered at (AR)', async () => {
    const code = async (text: string) => ackFields(await sendHl7(port, text)).code;
    expect((await admin.post(`/api/v1/admin/hl7-clients/${clientId}/disable`)).status).toBe(200);
    expect(await code(ADT)).toBe('AR');
    expect((await admin.post(`/api/v1/admin/hl7-clients/${clientId}/enable`)).status).toBe(200);
    expect(await code(ADT)).toBe('AA');
    const elsewhere = await admin.post('/api/v1/admin/hl7-clients', {
      institutionId: w.fulu,
      name: 'elsewhere',
      sendingApplication: 'FL_HIS',
      sendingFacility: 'FL',
      host: '10.9.9.9',
      defaultCenterId: w.imaging,
    });
    expect(elsewhere.status).toBe(201);
    expect(await code(ADT.replace('FZ_HIS|FZ', 'FL_HIS|FL'))).toBe('AR');
  });

  it('refuses a message over HL7_MAX_MESSAGE_BYTES with AR and closes', async () => {
    const huge = Buffer.from(ADT.replace('模糊^测试', `${'长'.repeat(MAX_BYTES / 3)}^x`));
    const { reply, closed } = await sendRaw(port, mllp(huge), 3000);
    expect(closed).toBe(true);
    expect(acksIn(reply)).toEqual(['AR']);
  });

  it('cuts silent, trickling and surplus peers at the timeout while others are served', async () => {
    const silent = Array.from({ length: 4 }, () => sendRaw(port, Buffer.alloc(0), 10_000));
    // One byte every 200 ms: never silent for long, but the message never completes in time.
    const trickle = new Promise<number>((resolve) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      const bytes = mllp(Buffer.from(ADT));
      let at = 0;
      const tick = setInterval(() => socket.write(bytes.subarray(at, ++at)), 200);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(tick);
        resolve(Date.now() - started);
      });
    });
    const started = Date.now();
    expect(ackFields(await sendHl7(port, ADT)).code).toBe('AA'); // not held up by them
    expect(Date.now() - started).toBeLessThan(1000);
    const ended = await Promise.all(silent);
    expect(ended.every((e) => e.closed)).toBe(true);
    const trickled = await trickle;
    expect(trickled).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100);
    expect(trickled).toBeLessThan(TIMEOUT_S * 1000 + 1500);
    // Past HL7_MAX_CONNECTIONS, a connection is closed at once; the slots free at the timeout.
    const hogs = Array.from({ length: 8 }, () => sendRaw(port, Buffer.alloc(0), 10_000));
    await new Promise((r) => setTimeout(r, 300));
    const surplus = await sendRaw(port, mllp(Buffer.from(ADT)), 1500);
    expect(surplus).toMatchObject({ closed: true });
    expect(surplus.reply.length).toBe(0);
    await Promise.all(hogs);
    expect(ackFields(await sendHl7(port, ADT)).code).toBe('AA');
  });
});
