import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { sql } from '../support/api';
import { CT, ctFile } from '../support/dicom-builders';
import { blobDir, login, startSystem, System } from '../support/system';
import { BOUNDARY, multipart as multipartBody, relatedType, uploadAs } from '../support/uploads';
import { isolatedRun } from '../support/isolated-run';

const MAX = 1024 * 1024;

const ct = (
  sop: string,
  over: Partial<Record<'study' | 'series', string>> = {},
  pixels = 512 * 64,
): Buffer =>
  ctFile(
    sop,
    {
      study: over.study ?? '1.2.826.0.1.3680043.10.1.1',
      series: over.series ?? '1.2.826.0.1.3680043.10.1.1.1',
      patientName: 'ZHAO^LIU',
    },
    pixels,
  );

const storedFiles = (): string[] => {
  const root = blobDir();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => d !== 'tmp')
    .flatMap((d) => readdirSync(path.join(root, d)));
};

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('diagnosisintake');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** D1 intake through the gateway: streamed to blob storage, indexed by the diagnosis service. */
describe('study intake (e2e)', () => {
  let sys: System;
  let doctor: string;
  let reader: string;
  const upload = (body: Buffer | string, type = 'application/dicom', token = doctor) =>
    uploadAs(sys, token, body, type);

  beforeAll(async () => {
    sys = await startSystem({ MAX_INSTANCE_BYTES: String(MAX) });
    [doctor, reader] = await Promise.all([
      login(sys.url, 'pj.doctor'),
      login(sys.url, 'rm.reader'),
    ]);
  });
  afterAll(async () => sys?.stop());

  it('stores an instance, indexes study/series/instance, and answers 201', async () => {
    const res = await upload(ct('1.2.826.0.1.3680043.10.1.1.1.1'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      created: true,
      sopInstanceUid: '1.2.826.0.1.3680043.10.1.1.1.1',
      studyId: expect.any(String),
    });
    const [row] = await sql(
      `SELECT size_bytes::int AS size, blob_key FROM diagnosis.instances WHERE id = $1`,
      [res.body.instanceId],
    );
    expect(row.size).toBeGreaterThan(32 * 1024);
    expect(existsSync(path.join(blobDir(), String(row.blob_key)))).toBe(true);
    const list = await request(sys.url)
      .get('/api/v1/studies')
      .set('Authorization', `Bearer ${doctor}`)
      .expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(res.body.studyId);
  });

  it('is idempotent by SOP Instance UID: a re-send answers 200 and stores no second copy', async () => {
    const before = storedFiles().length;
    const again = await upload(ct('1.2.826.0.1.3680043.10.1.1.1.1'));
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(storedFiles()).toHaveLength(before);
    const second = await upload(ct('1.2.826.0.1.3680043.10.1.1.1.2'));
    expect(second.status).toBe(201);
    expect(second.body.studyId).toBe(again.body.studyId);
    const [study] = await sql(`SELECT instance_count FROM diagnosis.studies WHERE id = $1`, [
      again.body.studyId,
    ]);
    expect(study.instance_count).toBe(2);
  });

  it('reads a header longer than the first 64 KiB from storage', async () => {
    const sop = '1.2.826.0.1.3680043.10.1.3.1.1';
    const res = await upload(
      writePart10(CT, sop, [
        { tag: 0x00080016, vr: 'UI', value: CT },
        { tag: 0x00080018, vr: 'UI', value: sop },
        { tag: 0x00080060, vr: 'CS', value: 'CT' },
        { tag: 0x00091010, vr: 'OB', value: Buffer.alloc(200 * 1024, 7) }, // a vendor's private blob
        { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.3' },
        { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.3.1' },
        { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(4096) },
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.body.sopInstanceUid).toBe(sop);
  });

  it.each([
    [
      'text that is not DICOM',
      () => Buffer.from('this is not a DICOM file at all'.repeat(10)),
      400,
    ],
    ['a truncated instance', () => ct('1.2.826.0.1.3680043.10.1.1.1.9').subarray(0, 180), 400],
    [
      'a missing Study Instance UID',
      () =>
        writePart10(CT, '1.2.9', [
          { tag: 0x00080016, vr: 'UI', value: CT },
          { tag: 0x00080018, vr: 'UI', value: '1.2.9' },
        ]),
      400,
    ],
    [
      'a deflated data set (bomb risk)',
      () =>
        writePart10(CT, '1.2.10', [{ tag: 0x00080018, vr: 'UI', value: '1.2.10' }], {
          transferSyntax: '1.2.840.10008.1.2.1.99',
        }),
      400,
    ],
    [
      'an instance over the size limit',
      () => ct('1.2.826.0.1.3680043.10.1.1.1.10', {}, MAX + 1024),
      413,
    ],
  ])('refuses %s and stores nothing', async (_why, make, status) => {
    const before = storedFiles().length;
    const res = await upload(make());
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(storedFiles()).toHaveLength(before);
    expect(readdirSync(path.join(blobDir(), 'tmp'))).toEqual([]);
  });

  it('refuses a wrong content type (415) and a reader uploading (403)', async () => {
    expect(
      (await upload(ct('1.2.826.0.1.3680043.10.1.1.1.11'), 'application/octet-stream')).status,
    ).toBe(415);
    expect(
      (await upload(ct('1.2.826.0.1.3680043.10.1.1.1.12'), 'application/dicom', reader)).status,
    ).toBe(403);
  });

  it("keeps another clinic's study apart: the same UIDs there are a study of its own", async () => {
    const first = await upload(ct('1.2.826.0.1.3680043.10.1.1.1.13'), 'application/dicom');
    const other = await login(sys.url, 'bj.doctor');
    const res = await upload(ct('1.2.826.0.1.3680043.10.1.1.1.13'), 'application/dicom', other);
    // Neither "already exists" nor "not yours": UIDs are scoped to the submitting institution.
    expect(res.status).toBe(201);
    expect(res.body.studyId).not.toBe(first.body.studyId);
  });

  describe('batches (multipart)', () => {
    const B = BOUNDARY;
    const multipart = (parts: { type?: string; data: Buffer }[], close = true) =>
      multipartBody(parts, { close });
    const related = relatedType();
    const sop = (n: number) => `1.2.826.0.1.3680043.10.1.2.1.${n}`;
    const batchStudy = {
      study: '1.2.826.0.1.3680043.10.1.2',
      series: '1.2.826.0.1.3680043.10.1.2.1',
    };

    it('stores every good part and refuses each bad one with its reason (202)', async () => {
      const before = storedFiles().length;
      const res = await upload(
        multipart([
          { type: 'application/dicom', data: ct(sop(1), batchStudy) },
          { data: ct(sop(2), batchStudy) }, // type comes from the multipart/related parameter
          { type: 'application/dicom', data: Buffer.from('not dicom'.repeat(30)) },
          { type: 'text/plain', data: Buffer.from('hello') },
          { type: 'application/dicom', data: ct(sop(3), batchStudy, MAX + 10) },
          { type: 'application/dicom', data: ct(sop(1), batchStudy) }, // a re-send: idempotent
        ]),
        related,
      );
      expect(res.status).toBe(202);
      expect(
        res.body.stored.map((r: { index: number; created: boolean }) => [r.index, r.created]),
      ).toEqual([
        [0, true],
        [1, true],
        [5, false],
      ]);
      expect(
        res.body.refused.map((r: { index: number; status: number }) => [r.index, r.status]),
      ).toEqual([
        [2, 400],
        [3, 415],
        [4, 413],
      ]);
      // Two instances, each its file and its DICOM JSON (WADO-RS metadata); nothing of the others.
      expect(storedFiles()).toHaveLength(before + 4);
      expect(readdirSync(path.join(blobDir(), 'tmp'))).toEqual([]);
      const [study] = await sql(`SELECT instance_count FROM diagnosis.studies WHERE id = $1`, [
        res.body.stored[0].studyId,
      ]);
      expect(study.instance_count).toBe(2);
    });

    it('answers 200 when every part was stored, also as multipart/form-data', async () => {
      const res = await upload(
        multipart([
          { type: 'application/octet-stream', data: ct(sop(4), batchStudy) },
          { type: 'application/dicom', data: ct(sop(5), batchStudy) },
        ]),
        `multipart/form-data; boundary=${B}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.refused).toEqual([]);
      expect(res.body.stored).toHaveLength(2);
    });

    it.each([
      [
        'every part refused',
        () => multipart([{ type: 'application/dicom', data: Buffer.from('x'.repeat(300)) }]),
        related,
      ],
      [
        'no boundary parameter',
        () => multipart([{ data: ct(sop(6), batchStudy) }]),
        'multipart/related',
      ],
      ['a body without the boundary', () => Buffer.from('random bytes '.repeat(100)), related],
      [
        'a body cut before the closing boundary',
        () => multipart([{ data: ct(sop(7), batchStudy) }], false).subarray(0, 500),
        related,
      ],
    ])('answers problem+json for %s and stores nothing', async (_why, make, type) => {
      const before = storedFiles().length;
      const res = await upload(make(), type);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(storedFiles()).toHaveLength(before);
      expect(readdirSync(path.join(blobDir(), 'tmp'))).toEqual([]);
    });
  });

  it('is still healthy after every refusal', async () => {
    await request(sys.url).get('/health/ready').expect(200);
    for (const app of [sys.gateway, sys.referral, sys.diagnosis])
      expect(app.child.exitCode).toBeNull();
  });
});
