import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from '../support/api';
import { blobDir, startApp, startSystem, stopApp, System } from '../support/system';
import { ctInstance, demoWorld, uploadAs } from './fixtures';
import { isolatedRun } from '../support/isolated-run';

/**
 * A long synthetic 12-lead ECG, made by the compiled fixture in a plain Node process: inside
 * Jest's module sandbox the same sample loop runs about twenty times slower.
 */
function longEcg(seconds: number, uidRoot: string): Buffer {
  const fixture = path.resolve(__dirname, '../../dist/libs/shared/src/waveform/fixture.js');
  const script = `process.stdout.write(require(${JSON.stringify(fixture)}).syntheticEcg(${JSON.stringify({ bpm: 70, uidRoot, groups: [{ seconds }] })}).toString('base64'))`;
  const out = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return Buffer.from(out.stdout, 'base64');
}

/** Bytes under blobs/tmp right now: what an upload in progress has written so far. */
function tmpBytes(): number {
  const dir = path.join(blobDir(), 'tmp');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

/** POSTs `total` zero bytes in 1 MiB writes, sampling blobs/tmp between writes. */
function streamZeros(
  port: number,
  token: string,
  total: number,
): Promise<{ status: number; body: string; maxTmp: number }> {
  return new Promise((resolve, reject) => {
    let maxTmp = 0;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/studies/instances',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/dicom',
          'content-length': total,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, maxTmp }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        maxTmp = Math.max(maxTmp, tmpBytes());
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('secuploads');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** Security review findings 6, 14 and 15. */
describe('security: uploads and waveforms', () => {
  let sys: System;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let n = 0;
  const uid = () => `1.2.826.0.1.3680043.10.80.${process.pid}.${++n}`;

  beforeAll(async () => {
    sys = await startSystem();
    w = await demoWorld(sys);
  });
  afterAll(() => sys?.stop());

  describe('#6 Idempotency-Key on uploads', () => {
    it('is refused with 400 (uploads are idempotent by SOP Instance UID); a second file is stored', async () => {
      const first = uid();
      const second = uid();
      const send = (study: string) =>
        uploadAs(sys, w.as['pj.doctor'].token, ctInstance(study)).set(
          'Idempotency-Key',
          'upload-key-0001',
        );
      const a = await send(first);
      expect(a.status).toBe(400);
      expect(a.body.detail).toMatch(/idempotent by SOP Instance UID/);
      const b = await send(second);
      expect(b.status).toBe(400);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      // Without the header both are stored, each as itself.
      const [x, y] = [
        await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(first)),
        await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(second)),
      ];
      expect([x.status, y.status]).toEqual([201, 201]);
      expect(x.body.studyId).not.toBe(y.body.studyId);
    });
  });

  describe('#14 what is not DICOM is never written; a full disk is a 507', () => {
    it('50 MB of zeros is refused from its first bytes: nothing reaches blobs/tmp', async () => {
      const result = await streamZeros(sys.gateway.port, w.as['pj.doctor'].token, 50 * 1024 * 1024);
      expect(result.status).toBe(400);
      expect(JSON.parse(result.body).detail).toMatch(/DICM/);
      expect(result.maxTmp).toBe(0);
      expect(tmpBytes()).toBe(0);
    });

    it('below the free-space floor an upload is refused with 507 and a clear reason', async () => {
      const gw = await startApp('gateway', { BLOB_MIN_FREE_BYTES: String(2 ** 50) });
      try {
        const study = uid();
        const res = await uploadAs(
          { ...sys, url: `http://127.0.0.1:${gw.port}` },
          w.as['pj.doctor'].token,
          ctInstance(study),
        );
        expect(res.status).toBe(507);
        expect(res.body.code).toBe('INSUFFICIENT_STORAGE');
        expect(res.body.detail).toMatch(/nearly full/);
        expect(
          await sql(`SELECT 1 FROM diagnosis.studies WHERE study_instance_uid = $1`, [study]),
        ).toEqual([]);
      } finally {
        await stopApp(gw);
      }
    });
  });

  describe('#15 an ECG view is bounded, with the rest in pages', () => {
    it('a 5-minute tracing answers 20,000 samples per channel at most and pages to the end', async () => {
      const root = uid();
      const ecg = longEcg(300, root);
      const up = await uploadAs(sys, w.as['pj.doctor'].token, ecg);
      expect(up.status).toBe(201);
      const base = `/api/v1/studies/${up.body.studyId}/instances/${up.body.instanceId}/ecg`;
      const first = await w.as['pj.doctor'].get(base);
      expect(first.status).toBe(200);
      const group = first.body.groups[0];
      expect(group.window).toMatchObject({ start: 0, count: 20_000, totalSamples: 150_000 });
      expect(group.channels[0].values.length).toBeLessThanOrEqual(5000);
      expect(first.text.length).toBeLessThan(2 * 1024 * 1024); // the whole tracing: ~12 MB
      let next = group.window.nextStart;
      let pages = 1;
      while (next !== null) {
        const page = await w.as['pj.doctor'].get(`${base}?start=${next}&decimate=1`);
        expect(page.status).toBe(200);
        expect(page.body.groups[0].channels[0].values.length).toBeLessThanOrEqual(20_000);
        next = page.body.groups[0].window.nextStart;
        pages++;
      }
      expect(pages).toBe(8);
      expect((await w.as['pj.doctor'].get(`${base}?start=150000`)).status).toBe(400);
      expect((await w.as['pj.doctor'].get(`${base}?count=20001`)).status).toBe(400);
    });
  });
});
