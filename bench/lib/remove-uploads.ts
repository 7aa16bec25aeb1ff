import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';

/** Deletes what this run uploaded: blobs first, then the index rows. */
export async function removeUploads(db: Pool, blobDir: string, uidPrefix: string): Promise<void> {
  const { rows } = await db.query(
    `SELECT i.blob_key, i.metadata_blob_key FROM diagnosis.instances i JOIN diagnosis.studies s ON s.id = i.study_id
      WHERE s.study_instance_uid LIKE $1`,
    [`${uidPrefix}%`],
  );
  for (const r of rows)
    for (const key of [r.blob_key, r.metadata_blob_key].filter(Boolean))
      await unlink(path.join(blobDir, key)).catch(() => undefined);
  await db.query(
    `WITH s AS (SELECT id FROM diagnosis.studies WHERE study_instance_uid LIKE $1),
          i AS (DELETE FROM diagnosis.instances WHERE study_id IN (SELECT id FROM s)),
          se AS (DELETE FROM diagnosis.series WHERE study_id IN (SELECT id FROM s))
     SELECT 1`,
    [`${uidPrefix}%`],
  );
  await db.query(`DELETE FROM diagnosis.studies WHERE study_instance_uid LIKE $1`, [
    `${uidPrefix}%`,
  ]);
}
