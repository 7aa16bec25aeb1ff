import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/shared';
import type { DirectoryRepository } from '../directory/directory.repository';

/** One department-day (slots) or one ward (beds) of capacity, split by pool. */
export interface PoolTotals {
  departmentId: string;
  date: string | null;
  referral: number;
  total: number;
}

export interface QuotaShortfall extends PoolTotals {
  share: number;
  required: number;
}

/** R4: the REFERRAL share must reach the policy minimum wherever there is any capacity. */
export function quotaShortfalls(rows: PoolTotals[], required: number): QuotaShortfall[] {
  return rows
    .filter((r) => r.total > 0)
    .map((r) => ({ ...r, share: r.referral / r.total, required }))
    .filter((r) => r.share + 1e-9 < required);
}

export function describeShortfall(s: QuotaShortfall, unit: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const where = s.date ? `on ${s.date}` : 'in the ward';
  return `${where} the REFERRAL pool would hold ${s.referral} of ${s.total} ${unit} (${pct(s.share)}); the community requires at least ${pct(s.required)}`;
}

/**
 * Seed 004 四（八）4 holds places at the 牵头单位 for primary care: the quota binds the
 * institution types the policy names (by default lead and county hospitals), not a township
 * health center publishing its own few slots.
 */
export async function quotaBinds(
  directory: DirectoryRepository,
  actor: Actor,
  types: readonly string[],
  m: EntityManager,
): Promise<boolean> {
  const own = await directory.institutionInCommunity(
    actor,
    actor.institutionId,
    'institutionId',
    m,
  );
  return types.includes(own.type);
}
