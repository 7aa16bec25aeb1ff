import { z } from 'zod';

export const INSTITUTION_TYPES = [
  'LEAD_HOSPITAL',
  'COUNTY_HOSPITAL',
  'TOWNSHIP_HEALTH_CENTER',
  'COMMUNITY_HEALTH_CENTER',
  'VILLAGE_CLINIC',
] as const;

export const DEPARTMENT_KINDS = [
  'CLINICAL',
  'WARD',
  'IMAGING_CENTER',
  'ECG_CENTER',
  'OTHER',
] as const;

/**
 * The gateway owns the directory and publishes it; services keep a read-only replica
 * (by consuming these) so they can check institutions and departments without a call.
 */
export const directoryEvents = {
  /** A district (区/县) by its GB/T 2260 code, with its 常住人口 (seed 004 附件2 5(1) denominator). */
  'directory.district.upserted': z.object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    population: z.number().int().nonnegative(),
  }),
  'directory.community.upserted': z.object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    population: z.number().int().nonnegative(),
    // Optional: events written before districts existed still parse.
    districtId: z.string().uuid().nullable().optional(),
  }),
  'directory.institution.upserted': z.object({
    id: z.string().uuid(),
    communityId: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    type: z.enum(INSTITUTION_TYPES),
    level: z.number().int(),
    parentId: z.string().uuid().nullable(),
  }),
  'directory.department.upserted': z.object({
    id: z.string().uuid(),
    institutionId: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(DEPARTMENT_KINDS),
  }),
} as const;
