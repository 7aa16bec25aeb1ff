import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError } from '@app/shared';

const INSTITUTION_COLUMNS = `id, community_id AS "communityId", code, name, type, level, parent_id AS "parentId"`;

/** The directory is the gateway's own data: scoping to the actor's community is enforced here. */
@Injectable()
export class DirectoryService {
  constructor(private readonly ds: DataSource) {}

  async communities(actor: Actor) {
    return this.ds.query(
      `SELECT id, code, name, region, population FROM gateway.communities WHERE id = $1`,
      [actor.communityId],
    );
  }

  async community(actor: Actor, id: string) {
    const [row] = await this.ds.query(
      `SELECT c.id, c.code, c.name, c.region, c.population,
              (SELECT count(*)::int FROM gateway.institutions i WHERE i.community_id = c.id) AS "institutionCount"
         FROM gateway.communities c WHERE c.id = $1 AND c.id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Community');
    return row;
  }

  async institutions(actor: Actor, type?: string) {
    return this.ds.query(
      `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions
        WHERE community_id = $1 AND ($2::text IS NULL OR type::text = $2) ORDER BY level DESC, code`,
      [actor.communityId, type ?? null],
    );
  }

  /** Another community's institution answers 404, not 403: its existence is not ours to reveal. */
  async institution(actor: Actor, id: string) {
    const [row] = await this.ds.query(
      `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Institution');
    return row;
  }

  async departments(actor: Actor, institutionId: string) {
    await this.institution(actor, institutionId);
    return this.ds.query(
      `SELECT id, institution_id AS "institutionId", code, name, kind FROM gateway.departments
        WHERE institution_id = $1 ORDER BY code`,
      [institutionId],
    );
  }

  async users(actor: Actor) {
    return this.ds.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.institution_id AS "institutionId", u.roles, u.active
         FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id
        WHERE i.community_id = $1 ORDER BY u.username`,
      [actor.communityId],
    );
  }
}
