import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  maskPhone,
  maskResidentId,
  PiiVault,
  residentIdFacts,
  rowsOf,
  text,
  validateResidentId,
} from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { VAULT } from '../infra/tokens';

const phone = z.string().regex(/^1\d{10}$/, 'phone must be an 11-digit mainland mobile number');

export const registerPatientSchema = z.object({
  residentId: text(32),
  name: text(100),
  phone: phone.optional(),
  familyDoctorSigned: z.boolean().default(false),
});

/** What changes after registration: 签约 status (seed 001 四(六)) and the phone (null clears it). */
export const updatePatientSchema = z
  .object({ familyDoctorSigned: z.boolean().optional(), phone: phone.nullable().optional() })
  .refine((u) => u.familyDoctorSigned !== undefined || u.phone !== undefined, {
    message: 'change familyDoctorSigned or phone',
  });
export type UpdatePatient = z.infer<typeof updatePatientSchema>;
export type RegisterPatient = z.infer<typeof registerPatientSchema>;

const PATIENT_COLUMNS = `id, community_id AS "communityId", name, sex, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate",
  resident_id_masked AS "residentIdMasked", phone_masked AS "phoneMasked", family_doctor_signed AS "familyDoctorSigned",
  registered_by_institution_id AS "registeredByInstitutionId", created_at AS "createdAt"`;

const PROBLEM_TEXT = {
  format: 'residentId must be 17 digits followed by a digit or X (GB 11643)',
  birth_date: 'residentId encodes an impossible birth date',
  check_digit: 'residentId check digit is wrong (GB 11643 / ISO 7064 MOD 11-2)',
} as const;

/**
 * Master patient index of a community (O3). The resident ID is matched by keyed hash,
 * kept only encrypted, and leaves this service masked.
 */
@Injectable()
export class PatientsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    @Inject(VAULT) private readonly vault: PiiVault,
  ) {}

  checkResidentId(raw: string): string {
    const result = validateResidentId(raw);
    if (!result.ok) {
      throw AppError.validation(PROBLEM_TEXT[result.problem], [
        { path: 'residentId', message: PROBLEM_TEXT[result.problem] },
      ]);
    }
    return result.value;
  }

  /** Registers the patient, or returns the existing record for the same resident ID. */
  async register(
    actor: Actor,
    input: RegisterPatient,
    origin: AuditOrigin,
  ): Promise<{ created: boolean; patient: unknown }> {
    const residentId = this.checkResidentId(input.residentId);
    const facts = residentIdFacts(residentId);
    const hash = this.vault.matchHash(residentId);
    return this.ds.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO gateway.patients (id, community_id, resident_id_hash, resident_id_cipher, resident_id_masked, name, sex,
           birth_date, phone_cipher, phone_masked, family_doctor_signed, registered_by_institution_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (community_id, resident_id_hash) DO NOTHING RETURNING ${PATIENT_COLUMNS}`,
        [
          randomUUID(),
          actor.communityId,
          hash,
          this.vault.encrypt(residentId),
          maskResidentId(residentId),
          input.name,
          facts.sex,
          facts.birthDate,
          input.phone ? this.vault.encrypt(input.phone) : null,
          input.phone ? maskPhone(input.phone) : null,
          input.familyDoctorSigned,
          actor.institutionId,
        ],
      );
      const created = inserted.length === 1;
      const [patient] = created
        ? inserted
        : await manager.query(
            `SELECT ${PATIENT_COLUMNS} FROM gateway.patients WHERE community_id = $1 AND resident_id_hash = $2`,
            [actor.communityId, hash],
          );
      await this.audit.record(
        actor,
        {
          action: created ? 'create' : 'read',
          resourceType: 'Patient',
          resourceId: patient.id,
          patientId: patient.id,
        },
        origin,
        manager,
      );
      return { created, patient };
    });
  }

  async findByResidentId(actor: Actor, raw: string, origin: AuditOrigin) {
    const residentId = this.checkResidentId(raw);
    const rows = await this.ds.query(
      `SELECT ${PATIENT_COLUMNS} FROM gateway.patients WHERE community_id = $1 AND resident_id_hash = $2`,
      [actor.communityId, this.vault.matchHash(residentId)],
    );
    await this.audit.record(
      actor,
      {
        action: 'search',
        resourceType: 'Patient',
        patientId: rows[0]?.id ?? null,
        outcome: rows.length ? 'ok' : 'not_found',
      },
      origin,
    );
    return rows;
  }

  /** For other features (referrals): the patient must be in the actor's community. */
  async requireInCommunity(
    actor: Actor,
    id: string,
  ): Promise<{ id: string; familyDoctorSigned: boolean }> {
    const [row] = await this.ds.query(
      `SELECT id, family_doctor_signed AS "familyDoctorSigned" FROM gateway.patients WHERE id = $1 AND community_id = $2`,
      [id, actor.communityId],
    );
    if (!row)
      throw AppError.validation('patientId: no such patient in your community', [
        { path: 'patientId', message: 'unknown patient' },
      ]);
    return row;
  }

  /** Clinicians and coordinators update 签约 status and the phone; audited with the change. */
  async update(actor: Actor, id: string, input: UpdatePatient, origin: AuditOrigin) {
    return this.ds.transaction(async (manager) => {
      const phoneGiven = input.phone !== undefined;
      // rowsOf: TypeORM answers an UPDATE … RETURNING as [rows, count].
      const [patient] = await rowsOf(
        manager,
        `UPDATE gateway.patients SET
           family_doctor_signed = coalesce($3, family_doctor_signed),
           phone_cipher = CASE WHEN $4 THEN $5 ELSE phone_cipher END,
           phone_masked = CASE WHEN $4 THEN $6 ELSE phone_masked END
         WHERE id = $1 AND community_id = $2 RETURNING ${PATIENT_COLUMNS}`,
        [
          id,
          actor.communityId,
          input.familyDoctorSigned ?? null,
          phoneGiven,
          input.phone ? this.vault.encrypt(input.phone) : null,
          input.phone ? maskPhone(input.phone) : null,
        ],
      );
      await this.auditById(actor, 'update', id, !!patient, origin, manager);
      if (!patient) throw AppError.notFound('Patient');
      return patient;
    });
  }

  async get(actor: Actor, id: string, origin: AuditOrigin) {
    const [row] = await this.ds.query(
      `SELECT ${PATIENT_COLUMNS} FROM gateway.patients WHERE id = $1 AND community_id = $2`,
      [id, actor.communityId],
    );
    await this.auditById(actor, 'read', id, !!row, origin);
    if (!row) throw AppError.notFound('Patient');
    return row;
  }

  /** A read or change by id is audited even when no such patient is found: probing shows. */
  private auditById(
    actor: Actor,
    action: 'read' | 'update',
    id: string,
    found: boolean,
    origin: AuditOrigin,
    manager?: EntityManager,
  ) {
    return this.audit.record(
      actor,
      {
        action,
        resourceType: 'Patient',
        resourceId: id,
        patientId: found ? id : null,
        outcome: found ? 'ok' : 'not_found',
      },
      origin,
      manager,
    );
  }
}
