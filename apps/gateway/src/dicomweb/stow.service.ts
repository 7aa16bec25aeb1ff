import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, AppError, DicomHeader, DicomJson, ErrorCode, httpStatusFor } from '@app/shared';
import { boundaryOf } from '../studies/multipart';
import { MultipartBatch } from '../studies/multipart-batch';
import { InstanceIntake } from '../studies/instance-intake.service';

/** PS3.18 Table 10.5.3-2 / PS3.4 B.2.3 failure reasons of the Store Instances Response. */
export const FailureReason = {
  PROCESSING_FAILURE: 0x0110,
  DUPLICATE_SOP_INSTANCE: 0x0111,
  OUT_OF_RESOURCES: 0xa700,
  DATA_SET_DOES_NOT_MATCH: 0xa900,
  CANNOT_UNDERSTAND: 0xc000,
  TRANSFER_SYNTAX_NOT_SUPPORTED: 0xc122,
} as const;

interface PartResult {
  sopClassUid?: string;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  failure?: { reason: number; message: string };
  studyId?: string;
}

export interface StowOutcome {
  status: 200 | 202 | 409;
  body: DicomJson;
  studyIds: string[];
  /** Why each failed part failed, in words, for Warning headers (PS3.18 8.4.1). */
  warnings: string[];
}

function reasonFor(error: AppError): number {
  if (error.errors.some((d) => d.path === 'TransferSyntaxUID'))
    return FailureReason.TRANSFER_SYNTAX_NOT_SUPPORTED;
  if (error.errors.some((d) => d.path === 'StudyInstanceUID'))
    return FailureReason.DATA_SET_DOES_NOT_MATCH;
  switch (error.code) {
    case ErrorCode.PAYLOAD_TOO_LARGE:
    case ErrorCode.INSUFFICIENT_STORAGE:
      return FailureReason.OUT_OF_RESOURCES;
    case ErrorCode.CONFLICT:
      return FailureReason.DUPLICATE_SOP_INSTANCE;
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return FailureReason.CANNOT_UNDERSTAND;
    default:
      return FailureReason.PROCESSING_FAILURE;
  }
}

/** `type` of a STOW body: application/dicom parts only (quoted or not, PS3.18 10.5.1.2). */
function assertStowContentType(contentType: string): string {
  const media = contentType.split(';')[0].trim().toLowerCase();
  const type = /;\s*type=(?:"([^"]*)"|([^\s;]+))/i.exec(contentType);
  const partType = (type?.[1] ?? type?.[2] ?? 'application/dicom').toLowerCase();
  if (media !== 'multipart/related' || partType !== 'application/dicom')
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'STOW-RS takes Content-Type: multipart/related; type="application/dicom"; boundary=… (DICOM JSON with bulk data is not accepted)',
    );
  const boundary = boundaryOf(contentType);
  if (!boundary) throw AppError.validation('The multipart/related Content-Type has no boundary');
  return boundary;
}

/**
 * G2b STOW-RS: each part goes through the same intake as a REST upload (limits, dedup by SOP
 * Instance UID, validation, blob storage, the diagnosis service's scoping), and the answer is
 * the Store Instances Response: 200 all stored, 202 some failed, 409 none stored.
 */
@Injectable()
export class StowService {
  constructor(private readonly intake: InstanceIntake) {}

  async store(actor: Actor, req: Request, base: string, study?: string): Promise<StowOutcome> {
    const boundary = assertStowContentType(req.header('content-type') ?? '');
    await this.intake.assertRoom(Number(req.header('content-length') ?? 0) || 0);
    const results: PartResult[] = [];
    // Registrations share bus calls (RegistrationBatcher); see MultipartBatch.
    const batch = new MultipartBatch();
    const refuse = (result: PartResult, error: unknown) => {
      // A fault of ours (the bus, the database) fails the request: parts before it
      // stay stored and a retry is idempotent. A refusal of this part is its failure.
      if (!(error instanceof AppError)) throw error;
      if (httpStatusFor(error.code) >= 500 && error.code !== ErrorCode.INSUFFICIENT_STORAGE)
        throw error;
      result.failure = { reason: reasonFor(error), message: error.message };
    };
    const malformed = await batch.read(req, boundary, async (headers, part) => {
      const result: PartResult = {};
      results.push(result);
      const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type && type !== 'application/dicom') {
        result.failure = {
          reason: FailureReason.CANNOT_UNDERSTAND,
          message: `part is ${type}, not application/dicom`,
        };
        return;
      }
      const check = (h: DicomHeader) => {
        Object.assign(result, {
          sopClassUid: h.sopClassUid,
          sopInstanceUid: h.sopInstanceUid,
          studyInstanceUid: h.studyInstanceUid,
        });
        if (study && h.studyInstanceUid !== study)
          throw AppError.validation(
            `The instance belongs to study ${h.studyInstanceUid}, not ${study}`,
            [{ path: 'StudyInstanceUID', message: 'does not match the study in the URL' }],
          );
      };
      try {
        await this.intake.assertRoom(0);
        const staged = await this.intake.stageInstance(actor, part, check);
        batch.track(
          staged.registered,
          (stored) => void (result.studyId = stored.studyId),
          (error) => refuse(result, error),
        );
      } catch (error) {
        refuse(result, error);
      }
    });
    if (malformed) {
      const stored = results.filter((r) => r.studyId).map((r) => r.sopInstanceUid);
      throw AppError.validation(
        `${malformed.message}. ${stored.length ? `Stored before the fault: ${stored.length} instance(s), ${stored.slice(0, 20).join(', ')}${stored.length > 20 ? ', …' : ''}` : 'Nothing was stored'}`,
      );
    }
    return this.response(results, base, study);
  }

  private response(results: PartResult[], base: string, study?: string): StowOutcome {
    const ok = results.filter((r) => !r.failure);
    const failed = results.filter((r) => r.failure);
    const studyUids = new Set(ok.map((r) => r.studyInstanceUid));
    const studyUid = study ?? (studyUids.size === 1 ? [...studyUids][0] : undefined);
    const body: DicomJson = {};
    if (studyUid) body['00081190'] = { vr: 'UR', Value: [`${base}/studies/${studyUid}`] };
    if (ok.length)
      body['00081199'] = {
        vr: 'SQ',
        Value: ok.map((r) => ({
          '00081150': { vr: 'UI', Value: [r.sopClassUid] },
          '00081155': { vr: 'UI', Value: [r.sopInstanceUid] },
          '00081190': {
            vr: 'UR',
            Value: [`${base}/studies/${r.studyInstanceUid}/instances/${r.sopInstanceUid}`],
          },
        })),
      };
    if (failed.length)
      body['00081198'] = {
        vr: 'SQ',
        Value: failed.map((r) => ({
          ...(r.sopClassUid ? { '00081150': { vr: 'UI', Value: [r.sopClassUid] } } : {}),
          ...(r.sopInstanceUid ? { '00081155': { vr: 'UI', Value: [r.sopInstanceUid] } } : {}),
          '00081197': { vr: 'US', Value: [r.failure!.reason] },
        })),
      };
    return {
      status: failed.length === 0 ? 200 : ok.length === 0 ? 409 : 202,
      body,
      studyIds: [...new Set(ok.map((r) => r.studyId!))],
      warnings: failed.map(
        (r) => `${r.sopInstanceUid ?? `part ${results.indexOf(r) + 1}`}: ${r.failure!.message}`,
      ),
    };
  }
}
