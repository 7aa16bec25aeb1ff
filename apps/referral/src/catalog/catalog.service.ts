import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, CATALOG_LISTS } from '@app/shared';
import { TtlCache } from '../common/ttl-cache';
import { DEFAULT_CATALOG } from './default-catalog';
import { CodeRange, inAnyRange } from './icd10';

export type CatalogList = (typeof CATALOG_LISTS)[number];

export interface CatalogVerdict {
  inCatalog: boolean;
  /** Why the referral needs a justification, when it does. */
  problem?: string;
}

/** R2: per-community referral catalog (双向转诊目录) and primary-care first-diagnosis list. */
@Injectable()
export class CatalogService {
  private readonly cache = new TtlCache<{ list: CatalogList; from: string; to: string }[]>(5000);

  constructor(private readonly ds: DataSource) {}

  async seedDefaults(m: EntityManager, communityId: string): Promise<void> {
    for (const list of CATALOG_LISTS)
      await this.replaceIn(m, communityId, list, DEFAULT_CATALOG[list]);
  }

  async get(
    actor: Actor,
  ): Promise<Record<CatalogList, { from: string; to: string; label: string }[]>> {
    const rows: { list: CatalogList; from: string; to: string; label: string }[] =
      await this.ds.query(
        `SELECT list, code_from AS "from", code_to AS "to", label FROM referral.catalog_entries
        WHERE community_id = $1 ORDER BY list, code_from`,
        [actor.communityId],
      );
    const result = { UP: [], DOWN: [], PRIMARY_CARE: [] } as Record<
      CatalogList,
      { from: string; to: string; label: string }[]
    >;
    for (const { list, ...entry } of rows) result[list].push(entry);
    return result;
  }

  async replace(
    actor: Actor,
    list: CatalogList,
    entries: { from: string; to?: string; label: string }[],
  ) {
    if (!actor.roles.includes('community_admin'))
      throw AppError.forbidden('Only a community admin edits the referral catalog');
    await this.ds.transaction((m) => this.replaceIn(m, actor.communityId, list, entries));
    this.cache.invalidate(actor.communityId);
    return { list, count: entries.length };
  }

  private async replaceIn(
    m: EntityManager,
    communityId: string,
    list: CatalogList,
    entries: { from: string; to?: string; label: string }[],
  ) {
    await m.query(`DELETE FROM referral.catalog_entries WHERE community_id = $1 AND list = $2`, [
      communityId,
      list,
    ]);
    for (const e of entries) {
      await m.query(
        `INSERT INTO referral.catalog_entries (id, community_id, list, code_from, code_to, label) VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), communityId, list, e.from, e.to ?? e.from, e.label],
      );
    }
  }

  /**
   * UP: at least one diagnosis on the up list, and not only primary-care diseases (基层首诊
   * 病种 are meant to be treated at the township). DOWN: at least one on the down list.
   */
  async check(
    m: EntityManager,
    communityId: string,
    direction: 'UP' | 'DOWN',
    diagnoses: string[],
  ): Promise<CatalogVerdict> {
    const rows = await this.cache.get(communityId, () =>
      m.query(
        `SELECT list, code_from AS "from", code_to AS "to" FROM referral.catalog_entries WHERE community_id = $1`,
        [communityId],
      ),
    );
    const ranges = (list: CatalogList): CodeRange[] => rows.filter((r) => r.list === list);
    if (direction === 'DOWN') {
      return diagnoses.some((d) => inAnyRange(d, ranges('DOWN')))
        ? { inCatalog: true }
        : {
            inCatalog: false,
            problem: "none of the diagnoses is on the community's down-referral catalog",
          };
    }
    const up = diagnoses.some((d) => inAnyRange(d, ranges('UP')));
    const primaryOnly = diagnoses.every((d) => inAnyRange(d, ranges('PRIMARY_CARE')));
    if (up && !primaryOnly) return { inCatalog: true };
    return {
      inCatalog: false,
      problem: primaryOnly
        ? 'every diagnosis is on the primary-care first-diagnosis list (基层首诊病种)'
        : "none of the diagnoses is on the community's up-referral catalog",
    };
  }
}
