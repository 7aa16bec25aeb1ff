import { sql } from '../support/api';
import { ctFile } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';
import { multipart, relatedType, uploadAs } from '../support/uploads';

/**
 * Issue 16 item 2: the gateway registers instances in batches (one bus call, one transaction,
 * a savepoint per instance). What a person sees must not change: a refused instance is refused
 * alone, with nothing of it left behind, and concurrent uploads are counted exactly.
 */
const root = '1.2.826.0.1.3680043.10.16';
const ct = (sop: string, study: string, series = `${study}.1`) =>
  ctFile(sop, { study, series, patientName: 'QIAN^BATCH' }, 512 * 8);

interface StudyRow {
  id: string;
  instance_count: number;
  series_count: number;
  rows: number;
}
const studyByUid = async (uid: string) =>
  (
    await sql<StudyRow>(
      `SELECT s.id, s.instance_count, s.series_count,
              (SELECT count(*)::int FROM diagnosis.instances i WHERE i.study_id = s.id) AS rows
         FROM diagnosis.studies s WHERE s.study_instance_uid = $1`,
      [uid],
    )
  )[0];

describe('batched registration (e2e)', () => {
  let sys: System;
  let doctor: string;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;

  beforeAll(async () => {
    isolation = await isolatedRun('batchedregistration');
    sys = await startSystem();
    doctor = await login(sys.url, 'pj.doctor');
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('refuses one instance of a batch alone (409) and commits the others', async () => {
    const first = `${root}.1`;
    const second = `${root}.2`;
    const taken = `${first}.1.1`;
    expect((await uploadAs(sys, doctor, ct(taken, first))).status).toBe(201);

    // The second study's batch: a good part, a part reusing the first study's SOP Instance UID,
    // a part whose series already belongs to the first study, and another good part.
    const res = await uploadAs(
      sys,
      doctor,
      multipart([
        { type: 'application/dicom', data: ct(`${second}.1.1`, second) },
        { type: 'application/dicom', data: ct(taken, second) },
        { type: 'application/dicom', data: ct(`${second}.9.1`, second, `${first}.1`) },
        { type: 'application/dicom', data: ct(`${second}.1.2`, second) },
      ]),
      relatedType(),
    );
    expect(res.status).toBe(202);
    expect(res.body.stored.map((r: { index: number }) => r.index)).toEqual([0, 3]);
    expect(
      res.body.refused.map((r: { index: number; status: number; error: string }) => [
        r.index,
        r.status,
        r.error,
      ]),
    ).toEqual([
      [1, 409, 'This SOP Instance UID is already stored under another study or series'],
      [2, 409, 'This Series Instance UID belongs to another study'],
    ]);
    expect(await studyByUid(second)).toMatchObject({ instance_count: 2, series_count: 1, rows: 2 });
    // The first study is as it was: the refused parts left nothing in it.
    expect(await studyByUid(first)).toMatchObject({ instance_count: 1, series_count: 1, rows: 1 });
    const [stray] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.series WHERE series_instance_uid = $1`,
      [`${second}.9`],
    );
    expect(stray.n).toBe(0);
  });

  it('counts concurrent uploads of one series exactly, each answered for itself', async () => {
    const study = `${root}.3`;
    const sops = Array.from({ length: 16 }, (_, i) => `${study}.1.${i + 1}`);
    const answers = await Promise.all(sops.map((sop) => uploadAs(sys, doctor, ct(sop, study))));
    expect(answers.map((a) => a.status)).toEqual(sops.map(() => 201));
    expect(answers.map((a) => a.body.sopInstanceUid)).toEqual(sops);
    expect(new Set(answers.map((a) => a.body.studyId)).size).toBe(1);
    expect(await studyByUid(study)).toMatchObject({
      instance_count: 16,
      series_count: 1,
      rows: 16,
    });

    // The same sixteen again, concurrently: nothing new, each told it was already there.
    const again = await Promise.all(sops.map((sop) => uploadAs(sys, doctor, ct(sop, study))));
    expect(again.map((a) => [a.status, a.body.created])).toEqual(sops.map(() => [200, false]));
    expect(await studyByUid(study)).toMatchObject({ instance_count: 16, rows: 16 });
  });
});
