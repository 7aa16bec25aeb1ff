import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  CriticalRecord,
  DiagnosisRecordContracts as C,
  FinalReport,
  hasRole,
  ParsedRequestOf,
} from '@app/shared';
import { assertMayReadImages } from '../dicomweb/dicomweb-access';

type ReportQuery = ParsedRequestOf<typeof C.searchReports>;
type CriticalQuery = ParsedRequestOf<typeof C.searchCritical>;

/** Who may see a study: its institution, or a reader of the center it was sent to (as `get`). */
const VISIBLE = `s.community_id = $1 AND (s.institution_id = $2 OR s.center_id = ANY($3::uuid[]))`;
const visibility = (actor: Actor) => [
  actor.communityId,
  actor.institutionId,
  hasRole(actor, 'reader', 'senior_reader') ? actor.centerIds : [],
];

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Final reports and critical findings as engines read them (FHIR DiagnosticReport, Flag). */
@Injectable()
export class RecordsService {
  constructor(private readonly ds: DataSource) {}

  async searchReports(actor: Actor, q: ReportQuery) {
    assertMayReadImages(actor);
    const where = `${VISIBLE} AND r.status = 'FINAL'
      AND ($4::uuid IS NULL OR s.id = $4) AND ($5::uuid IS NULL OR s.patient_id = $5)
      AND ($6::boolean IS NULL OR (r.amend_reason IS NOT NULL) = $6)
      AND ($7::timestamptz IS NULL OR coalesce(r.approved_at, r.signed_at) >= $7)
      AND ($8::timestamptz IS NULL OR coalesce(r.approved_at, r.signed_at) < $8)`;
    const args = [
      ...visibility(actor),
      q.studyId ?? null,
      q.patientId ?? null,
      q.amended ?? null,
      q.issuedFrom ?? null,
      q.issuedTo ?? null,
    ];
    const from = `FROM diagnosis.report_versions r JOIN diagnosis.studies s ON s.id = r.study_id WHERE ${where}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, args);
    const rows = await this.ds.query(
      `SELECT s.id AS "studyId", s.study_instance_uid AS "studyInstanceUid", s.modality,
              s.institution_id AS "institutionId", s.patient_id AS "patientId", s.center_id AS "centerId",
              r.version, r.amend_reason IS NOT NULL AS amended, r.amend_reason AS "amendReason",
              r.findings, r.impression, r.author_id AS "authorId", r.author_name AS "authorName",
              r.approved_by_name AS "approvedByName", coalesce(r.approved_at, r.signed_at) AS "issuedAt",
              s.received_at AS "examinedAt"
         ${from} ORDER BY coalesce(r.approved_at, r.signed_at) DESC, s.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    const items: FinalReport[] = rows.map((r: FinalReport) => ({
      ...r,
      issuedAt: iso(r.issuedAt)!,
      examinedAt: iso(r.examinedAt)!,
    }));
    return { items, total };
  }

  async searchCritical(actor: Actor, q: CriticalQuery) {
    assertMayReadImages(actor);
    const where = `${VISIBLE} AND ($4::uuid IS NULL OR f.id = $4) AND ($5::uuid IS NULL OR s.patient_id = $5)
      AND ($6::boolean IS NULL OR (f.ack_at IS NULL) = $6)`;
    const args = [...visibility(actor), q.findingId ?? null, q.patientId ?? null, q.open ?? null];
    const from = `FROM diagnosis.critical_findings f JOIN diagnosis.studies s ON s.id = f.study_id WHERE ${where}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, args);
    const rows = await this.ds.query(
      `SELECT f.id, f.study_id AS "studyId", f.institution_id AS "institutionId", s.patient_id AS "patientId",
              f.description, f.raised_by_name AS "raisedByName", f.raised_at AS "raisedAt",
              f.ack_at AS "acknowledgedAt", f.escalated_at AS "escalatedAt"
         ${from} ORDER BY f.raised_at DESC, f.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    const items: CriticalRecord[] = rows.map((f: CriticalRecord) => ({
      ...f,
      raisedAt: iso(f.raisedAt)!,
      acknowledgedAt: iso(f.acknowledgedAt),
      escalatedAt: iso(f.escalatedAt),
    }));
    return { items, total };
  }
}
