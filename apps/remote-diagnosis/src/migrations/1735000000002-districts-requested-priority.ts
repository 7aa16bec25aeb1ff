import { MigrationInterface, QueryRunner } from 'typeorm';
import { directoryReplicaDistrictsSql } from '@app/shared';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/**
 * 1. The directory replica learns districts (gateway migration 1735000000000).
 * 2. `requested_priority`: the priority a reading was queued at. `priority` moves (a breach bumps
 *    it, an ECG finding raises it) and turnaround must be reported by what was asked for. A
 *    trigger sets it whenever a reading request stamps `requested_at`, so every path that queues
 *    a study records it without each having to remember to. Existing rows: the priority before
 *    the breach bump, read from the `turnaround.breached` event when there is one, else `priority`.
 */
export class DistrictsRequestedPriority1735000000002 implements MigrationInterface {
  name = 'DistrictsRequestedPriority1735000000002';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    for (const sql of directoryReplicaDistrictsSql(DIAGNOSIS_SCHEMA)) await q.query(sql);
    await q.query(`ALTER TABLE ${s}.studies ADD COLUMN requested_priority text NULL
      CHECK (requested_priority IN ('STAT', 'URGENT', 'ROUTINE'))`);
    await q.query(`UPDATE ${s}.studies st SET requested_priority = coalesce(
        (SELECT o.payload->>'priority' FROM ${s}.outbox o
          WHERE o.type = 'turnaround.breached' AND o.aggregate_id = st.id::text
            AND o.occurred_at >= st.requested_at ORDER BY o.seq LIMIT 1),
        st.priority)
      WHERE st.requested_at IS NOT NULL`);
    await q.query(`CREATE FUNCTION ${s}.stamp_requested_priority() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.requested_at IS NOT NULL THEN NEW.requested_priority := NEW.priority; END IF;
        ELSIF NEW.requested_at IS NOT NULL AND NEW.requested_at IS DISTINCT FROM OLD.requested_at THEN
          NEW.requested_priority := NEW.priority;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER studies_requested_priority BEFORE INSERT OR UPDATE ON ${s}.studies
      FOR EACH ROW EXECUTE FUNCTION ${s}.stamp_requested_priority()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`DROP TRIGGER studies_requested_priority ON ${s}.studies`);
    await q.query(`DROP FUNCTION ${s}.stamp_requested_priority()`);
    await q.query(`ALTER TABLE ${s}.studies DROP COLUMN requested_priority`);
    await q.query(`ALTER TABLE ${s}.dir_communities DROP COLUMN district_id`);
    await q.query(`DROP TABLE ${s}.dir_districts`);
  }
}
