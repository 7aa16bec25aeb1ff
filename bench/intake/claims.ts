import { Pool } from 'pg';
import { call, round, runLoad } from '../lib/load';
import { demoPassword } from '../lib/secrets';

/**
 * Claim-next latency with a deep queue: `queued` studies put straight into the database in
 * the state a reading request leaves them, `readers` reader sessions claiming and releasing
 * through the gateway. Everything it creates is removed afterwards.
 */
export async function claimLatency(opts: {
  api: (path: string) => string;
  db: Pool;
  run: string;
  queued: number;
  readers: number;
  seconds: number;
}) {
  const { api, db, run } = opts;
  const marker = `BENCH-${run}`;
  const [ctx] = (
    await db.query(
      `SELECT r.institution_id AS lead, c.institution_id AS clinic, i.community_id AS community,
              (SELECT id FROM diagnosis.dir_departments WHERE institution_id = r.institution_id AND kind = 'IMAGING_CENTER' LIMIT 1) AS imaging,
              (SELECT id FROM diagnosis.dir_departments WHERE institution_id = r.institution_id AND kind = 'ECG_CENTER' LIMIT 1) AS ecg
         FROM gateway.users r, gateway.users c, gateway.institutions i
        WHERE r.username = 'rm.reader' AND c.username = 'pj.doctor' AND i.id = r.institution_id`,
    )
  ).rows;
  if (!ctx?.imaging)
    throw new Error('The demo data (rm.reader, pj.doctor, the imaging center) is missing');
  const users = Array.from({ length: opts.readers }, (_, i) => `bench.reader.${run}.${i}`);
  try {
    await db.query(
      `INSERT INTO gateway.users (id, username, display_name, password_hash, institution_id, roles)
       SELECT gen_random_uuid(), u, '压测读片医生', password_hash, institution_id, roles
         FROM gateway.users, unnest($1::text[]) u WHERE username = 'rm.reader'`,
      [users],
    );
    // Readers claim only for their centers: these read for both, as the queue mixes CT and ECG.
    await db.query(
      `INSERT INTO gateway.reading_center_readers (user_id, center_id)
       SELECT u.id, c FROM gateway.users u, unnest($2::uuid[]) c WHERE u.username = ANY($1)`,
      [users, [ctx.imaging, ctx.ecg]],
    );
    const t0 = performance.now();
    await db.query(
      `INSERT INTO diagnosis.studies (id, community_id, institution_id, study_instance_uid, modality, status, accession_number,
              center_id, priority, clinical_history, question, requested_by_name, requested_at, due_at)
       SELECT gen_random_uuid(), $1, $2, $3 || '.' || g, CASE WHEN g % 4 = 0 THEN 'ECG' ELSE 'CT' END, 'QUEUED', $4,
              CASE WHEN g % 4 = 0 THEN $6::uuid ELSE $5::uuid END,
              CASE WHEN g % 20 = 0 THEN 'STAT' WHEN g % 5 = 0 THEN 'URGENT' ELSE 'ROUTINE' END,
              'benchmark', 'benchmark', 'bench', now() - g * interval '1 second', now() + interval '7 days'
         FROM generate_series(1, $7::int) g`,
      [
        ctx.community,
        ctx.clinic,
        `1.2.826.0.1.3680043.10.9.${run}.7`,
        marker,
        ctx.imaging,
        ctx.ecg,
        opts.queued,
      ],
    );
    await db.query('ANALYZE diagnosis.studies');
    const seeded = round((performance.now() - t0) / 1000);
    const tokens = await Promise.all(
      users.map(
        async (username) =>
          (
            await call(api('/auth/token'), {
              method: 'POST',
              body: { username, password: demoPassword() },
            })
          ).body.accessToken as string,
      ),
    );
    let next = 0;
    let empty = 0;
    const claims = await runLoad(opts.readers, opts.seconds * 1000, async (timed) => {
      const token = tokens[next++ % tokens.length];
      const claimed = await timed(() =>
        call(api('/worklist/claim'), { method: 'POST', token, body: {} }, [200]),
      );
      const id = claimed.body.study?.id;
      if (!id) {
        empty++;
        return;
      }
      // Back to the queue, so the depth stays at `queued`; not timed.
      await call(
        api(`/studies/${id}/release`),
        { method: 'POST', token, body: { reason: 'bench' } },
        [200],
      );
    });
    return {
      queued: opts.queued,
      readers: opts.readers,
      seededSeconds: seeded,
      claims: claims.requests,
      claimsPerSecond: claims.requestsPerSecond,
      latencyMs: claims.latencyMs,
      emptyClaims: empty,
      errors: claims.errors,
      errorSamples: claims.errorSamples,
    };
  } finally {
    await db.query(`DELETE FROM diagnosis.studies WHERE accession_number = $1`, [marker]);
    await db.query(`DELETE FROM gateway.users WHERE username = ANY($1)`, [users]);
  }
}
