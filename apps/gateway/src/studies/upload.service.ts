import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, AppError, ErrorCode, httpStatusFor, RegisteredInstance } from '@app/shared';
import { InstanceIntake, StagedInstance } from './instance-intake.service';
import { boundaryOf } from './multipart';
import { MultipartBatch } from './multipart-batch';

type PublicInstance = Omit<RegisteredInstance, 'duplicateBlobKey'>;

interface Refusal {
  index: number;
  status: number;
  code: string;
  error: string;
}
type BatchResult = (PublicInstance & { index: number }) | Refusal;
export interface UploadOutcome {
  status: number;
  body: PublicInstance | { stored: BatchResult[]; refused: Refusal[] };
}

function publicView(registered: RegisteredInstance): PublicInstance {
  const { duplicateBlobKey: _ignored, ...rest } = registered;
  return rest;
}

function refusal(index: number, error: AppError): Refusal {
  return { index, status: httpStatusFor(error.code), code: error.code, error: error.message };
}

/**
 * D1 at the edge: the request body streams straight to blob storage; only a bounded prefix
 * is kept in memory to read the header. The diagnosis service then indexes the instance
 * from a reference — DICOM bytes never travel on NATS.
 */
/** The REST upload door (application/dicom or a multipart batch) over the instance intake. */
@Injectable()
export class UploadService {
  constructor(private readonly intake: InstanceIntake) {}

  /** One instance (application/dicom) or a batch (multipart/related or multipart/form-data). */
  async upload(actor: Actor, req: Request): Promise<UploadOutcome> {
    await this.intake.assertRoom(Number(req.header('content-length') ?? 0) || 0);
    const contentType = req.header('content-type') ?? '';
    const type = contentType.split(';')[0].trim().toLowerCase();
    if (type === 'application/dicom') {
      const one = await this.intake.storeInstance(actor, req);
      return { status: one.created ? 201 : 200, body: publicView(one) };
    }
    if (type === 'multipart/related' || type === 'multipart/form-data') {
      const boundary = boundaryOf(contentType);
      if (!boundary) throw AppError.validation('The multipart Content-Type has no boundary');
      return this.uploadBatch(actor, req, boundary, type === 'multipart/related');
    }
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'Send one DICOM Part 10 instance as Content-Type: application/dicom, or several as multipart/related; type="application/dicom" (or multipart/form-data)',
    );
  }

  /**
   * STOW-RS semantics: every part is stored or refused on its own; 200 when all were stored,
   * 202 when some were refused (each with its reason), a problem when none was.
   */
  private async uploadBatch(
    actor: Actor,
    req: Request,
    boundary: string,
    related: boolean,
  ): Promise<UploadOutcome> {
    const results: BatchResult[] = [];
    const batch = new MultipartBatch();
    const settle = (index: number, staged: StagedInstance) =>
      batch.track(
        staged.registered,
        (instance) => void (results[index] = { index, ...publicView(instance) }),
        (error: unknown) => {
          if (!(error instanceof AppError) || httpStatusFor(error.code) >= 500) throw error;
          results[index] = refusal(index, error);
        },
      );
    const malformed = await batch.read(req, boundary, async (headers, part) => {
      const index = results.length;
      const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const acceptable =
        type === 'application/dicom' ||
        type === 'application/octet-stream' ||
        (type === '' && related);
      if (!acceptable) {
        results.push(
          refusal(
            index,
            new AppError(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              `Part ${index} is ${type || 'untyped'}, not application/dicom`,
            ),
          ),
        );
        return; // the reader discards the rest of this part
      }
      results.push(refusal(index, AppError.validation('not registered'))); // its slot
      try {
        // Each part again: a batch of a thousand instances can fill a disk on its own.
        await this.intake.assertRoom(0);
        settle(index, await this.intake.stageInstance(actor, part));
      } catch (error) {
        if (!(error instanceof AppError) || httpStatusFor(error.code) >= 500) throw error;
        results[index] = refusal(index, error);
      }
    });
    if (malformed) {
      const stored = results.filter((r) => 'instanceId' in r).length;
      throw AppError.validation(
        `${malformed.message}${stored ? ` (the ${stored} instance(s) before the fault were stored and are listed by GET /api/v1/studies)` : ''}`,
      );
    }
    const refused = results.filter((r): r is Refusal => 'error' in r);
    if (refused.length === results.length) {
      throw AppError.validation(
        `None of the ${results.length} instance(s) was stored`,
        refused.map((r) => ({ path: `parts[${r.index}]`, message: `${r.status} ${r.error}` })),
      );
    }
    return {
      status: refused.length ? 202 : 200,
      body: {
        stored: results.filter((r) => !('error' in r)),
        refused,
      },
    };
  }
}
