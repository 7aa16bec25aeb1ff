import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * 检查结果互认 across a district (issue 12 item 14): each community opts in (off by default);
 * a clinician sees the results of the district's other communities that opted in too.
 */
export class ResultSharing1735000000023 implements MigrationInterface {
  name = 'ResultSharing1735000000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${GATEWAY_SCHEMA}".communities
      ADD COLUMN share_results_in_district boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${GATEWAY_SCHEMA}".communities DROP COLUMN share_results_in_district`,
    );
  }
}
