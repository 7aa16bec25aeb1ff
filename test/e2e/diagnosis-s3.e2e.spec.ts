import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import request from 'supertest';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';
import { ctInstance } from '../support/dicom-builders';
import { login, startSystem, System } from '../support/system';
import { uploadAs } from '../support/uploads';
import { startTestS3, TestS3 } from '../support/s3-server';
import { isolatedRun } from '../support/isolated-run';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('diagnosiss3');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** D1 with BLOB_STORE=s3: the same intake, with the bytes in an S3-compatible bucket. */
describe('study intake into S3 (e2e)', () => {
  let s3: TestS3;
  let sys: System;
  let token: string;
  let client: S3Client;
  const objects = async () =>
    (await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).KeyCount ?? 0;
  const upload = (body: Buffer) => uploadAs(sys, token, body);

  beforeAll(async () => {
    s3 = await startTestS3();
    client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    sys = await startSystem({
      BLOB_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    token = await login(sys.url, 'pj.doctor');
  });
  afterAll(async () => {
    await sys?.stop();
    client?.destroy();
    await s3?.stop();
  });

  it('stores an instance and its metadata as two objects, idempotently, and refuses bad input leaving nothing', async () => {
    const uid = `1.2.826.0.1.3680043.10.4.${process.pid}`;
    const ct = ctInstance(uid, [], { pixels: 512 * 512 * 2, fill: 9 });
    // One object for the instance and one for its DICOM JSON (WADO-RS metadata).
    expect((await upload(ct)).status).toBe(201);
    expect(await objects()).toBe(2);
    expect((await upload(ct)).status).toBe(200); // the re-sent copy is removed again
    expect(await objects()).toBe(2);
    const bad = await upload(Buffer.from('not dicom'.repeat(100)));
    expect(bad.status).toBe(400);
    expect(await objects()).toBe(2);
  });

  it('serves an ECG read back from the bucket', async () => {
    const up = await upload(
      syntheticEcg({ bpm: 72, uidRoot: `1.2.826.0.1.3680043.10.4.${process.pid}.2` }),
    );
    expect(up.status).toBe(201);
    const ecg = await request(sys.url)
      .get(`/api/v1/studies/${up.body.studyId}/instances/${up.body.instanceId}/ecg?decimate=10`)
      .set('Authorization', `Bearer ${token}`);
    expect(ecg.status).toBe(200);
    expect(Math.abs(ecg.body.measurements.heartRateBpm - 72)).toBeLessThanOrEqual(2);
    expect(ecg.body.groups[0].channels).toHaveLength(12);
  });
});
