import request from 'supertest';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';
import { mutateDicom, realisticSeeds, rng } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';
import { multipart, relatedType, uploadAs } from '../support/uploads';

const PER_SEED = 100;
const STOW_BATCHES = 25;

/**
 * Issue 13 item 8: the upload path fuzzed end to end. Mutations of real-looking files
 * (sequences and items of undefined length, implicit VR little endian, encapsulated pixel data,
 * a 12-lead ECG) go through `POST /api/v1/studies/instances` and STOW-RS; every answer is a
 * success or a 4xx that says why (problem+json, or STOW's failure list), never a 5xx, and the
 * services are still up afterwards. The parsers let only the file's faults become refusals, so
 * a crash in our code would show here as a 500.
 */
describe('security: fuzzed uploads are refused with a 4xx, never a 5xx', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
  let token: string;
  const root = `1.2.826.0.1.3680043.10.88.${process.pid}`;
  const seeds = [
    ...realisticSeeds(root),
    {
      name: '12-lead ECG (waveform sequences)',
      file: syntheticEcg({
        bpm: 72,
        groups: [{ seconds: 0.5, leads: 3 }],
        uidRoot: `${root}.4`,
      }),
    },
  ];
  const answers: { seed: string; n: number; status: number }[] = [];

  beforeAll(async () => {
    isolation = await isolatedRun('secuploadfuzz');
    sys = await startSystem();
    token = await login(sys.url, 'pj.doctor');
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it.each(seeds.map((s) => [s.name, s.file] as const))(
    'stores the unmutated seed: %s',
    async (_name, file) => {
      const res = await uploadAs(sys, token, file);
      expect(res.status).toBe(201);
    },
  );

  it.each(seeds.map((s, i) => [s.name, s.file, i] as const))(
    'answers every mutation of %s with a success or a problem+json 4xx',
    async (name, file, i) => {
      const next = rng(20261203 + i);
      for (let n = 0; n < PER_SEED; n++) {
        const res = await uploadAs(sys, token, mutateDicom(file, next));
        answers.push({ seed: name, n, status: res.status });
        if (res.status >= 500)
          throw new Error(`${name} mutation ${n}: ${res.status} ${res.text.slice(0, 500)}`);
        if (res.status >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body).toMatchObject({ status: res.status, detail: expect.any(String) });
        } else {
          expect([200, 201]).toContain(res.status);
        }
      }
    },
  );

  it('answers every fuzzed STOW-RS batch with a success, a failure list or a problem+json 4xx', async () => {
    const next = rng(7_2026_12_03);
    for (let n = 0; n < STOW_BATCHES; n++) {
      const parts = seeds.map((s) => ({
        type: 'application/dicom',
        data: mutateDicom(s.file, next),
      }));
      const res = await request(sys.url)
        .post('/dicomweb/studies')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', relatedType())
        .send(multipart(parts));
      answers.push({ seed: 'stow', n, status: res.status });
      if (res.status >= 500)
        throw new Error(`STOW batch ${n}: ${res.status} ${res.text.slice(0, 500)}`);
      if (res.status === 409 || res.status === 202) {
        // PS3.18 10.5.3: some or all parts refused, each with its failure reason.
        expect(res.headers['content-type']).toMatch(/^application\/dicom\+json/);
        const failed = JSON.parse(res.text)['00081198'];
        expect(failed.Value.length).toBeGreaterThan(0);
      } else if (res.status >= 400) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      } else {
        expect(res.status).toBe(200);
      }
    }
  });

  it('refused most mutations, stored some, and is still up and answering afterwards', async () => {
    // The oracle has both outcomes to judge: neither side may be empty.
    const singles = answers.filter((a) => a.seed !== 'stow');
    expect(singles).toHaveLength(seeds.length * PER_SEED);
    expect(singles.filter((a) => a.status >= 400).length).toBeGreaterThan(seeds.length * 5);
    expect(singles.filter((a) => a.status < 300).length).toBeGreaterThan(0);
    for (const app of [sys.gateway, sys.referral, sys.diagnosis]) {
      expect(app.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${app.port}/health/ready`)).status).toBe(200);
    }
    const after = await uploadAs(sys, token, seeds[0].file);
    expect([200, 201]).toContain(after.status); // the seed again: stored, or already stored
  });
});
