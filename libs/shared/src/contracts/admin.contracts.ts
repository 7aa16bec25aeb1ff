import { z } from 'zod';
import { roleSchema } from '../actor/actor';
import { DEPARTMENT_KINDS, directoryEvents, INSTITUTION_TYPES } from './directory.events';

/**
 * What a community admin sends and gets back when setting up a 医共体 (issue 13 item 1): the
 * directory (institutions, departments, wards, reading centers and their readers) and the users.
 * Everything is scoped to the admin's own community by the gateway, never by ids in the body.
 */

const name = z.string().trim().min(1).max(100);
/** Codes are matched by integration engines (HIS, PACS): letters, digits, `_` and `-`. */
const code = z
  .string()
  .regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, "_" or "-", 2 to 40 characters');

/** The level the schema requires of each type: lead and county 3, township 2, village 1. */
export const INSTITUTION_LEVEL: Record<(typeof INSTITUTION_TYPES)[number], number> = {
  LEAD_HOSPITAL: 3,
  COUNTY_HOSPITAL: 3,
  TOWNSHIP_HEALTH_CENTER: 2,
  COMMUNITY_HEALTH_CENTER: 2,
  VILLAGE_CLINIC: 1,
};

export const newInstitutionSchema = z.object({
  code,
  name,
  type: z.enum(INSTITUTION_TYPES),
  /** The institution above it (a village clinic's township center); of the same community. */
  parentId: z.string().uuid().nullable().optional(),
});
export type NewInstitution = z.infer<typeof newInstitutionSchema>;

export const updateInstitutionSchema = z
  .object({ name: name.optional(), parentId: z.string().uuid().nullable().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one of name, parentId' });
export type UpdateInstitution = z.infer<typeof updateInstitutionSchema>;

/** What the directory publishes of an institution, and whether it is in use. */
export const institutionAdminSchema = directoryEvents['directory.institution.upserted'].extend({
  active: z.boolean(),
});
export type InstitutionAdminView = z.infer<typeof institutionAdminSchema>;

export const newDepartmentSchema = z.object({
  institutionId: z.string().uuid(),
  code,
  name,
  /** CLINICAL, WARD (beds), IMAGING_CENTER or ECG_CENTER (reading centers), OTHER. */
  kind: z.enum(DEPARTMENT_KINDS),
});
export type NewDepartment = z.infer<typeof newDepartmentSchema>;

export const updateDepartmentSchema = z
  .object({ name: name.optional(), kind: z.enum(DEPARTMENT_KINDS).optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one of name, kind' });
export type UpdateDepartment = z.infer<typeof updateDepartmentSchema>;

export const departmentAdminSchema = z.object({
  id: z.string().uuid(),
  institutionId: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(DEPARTMENT_KINDS),
  active: z.boolean(),
  /** Who reads for it (reading centers only; empty otherwise). */
  readerIds: z.array(z.string().uuid()),
});
export type DepartmentAdminView = z.infer<typeof departmentAdminSchema>;

export const centerReaderSchema = z.object({ userId: z.string().uuid() });

export const departmentQuerySchema = z.object({ institutionId: z.string().uuid().optional() });

/**
 * At least 12 characters (up to 200) from at least three of: lower case, upper case, digits,
 * anything else (Chinese characters count as "anything else"). Long passphrases pass easily.
 */
export const passwordSchema = z
  .string()
  .min(12, 'at least 12 characters')
  .max(200)
  .refine(
    (p) => [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(p)).length >= 3,
    'use at least three of: lower case, upper case, digits, other characters',
  )
  .refine((p) => new Set(p).size >= 6, 'too few different characters');

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9_.-]{3,64}$/, 'lower-case letters, digits, ".", "_" or "-", 3 to 64 characters');

const roles = z
  .array(roleSchema)
  .min(1)
  .max(5)
  .refine((r) => new Set(r).size === r.length, 'each role once');
const centerIds = z
  .array(z.string().uuid())
  .max(64)
  .refine((c) => new Set(c).size === c.length, 'each center once');

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: name,
  password: passwordSchema,
  institutionId: z.string().uuid(),
  roles,
  /** Reading centers (IMAGING_CENTER, ECG_CENTER) the user reads for. */
  centerIds: centerIds.default([]),
});
export type NewUser = z.infer<typeof newUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: name.optional(),
    roles: roles.optional(),
    institutionId: z.string().uuid().optional(),
    centerIds: centerIds.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'send at least one of displayName, roles, institutionId, centerIds',
  });
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ newPassword: passwordSchema });
export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

/** A user as the admin sees it: never the password hash. */
export const userAdminSchema = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  institutionId: z.string().uuid(),
  roles: z.array(roleSchema),
  centerIds: z.array(z.string().uuid()),
  active: z.boolean(),
  createdAt: z.string(),
  passwordChangedAt: z.string().nullable(),
});
export type UserAdminView = z.infer<typeof userAdminSchema>;

export const passwordChangedSchema = z.object({ passwordChangedAt: z.string() });
