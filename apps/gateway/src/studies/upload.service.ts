import { Inject, Injectable } from '@nestjs/common';
import path from 'node:path';
import type { Request } from 'express';
import {
  Actor,
  AppConfig,
  AppError,
  BlobStore,
  BlobTooLarge,
  DiagnosisContracts,
  DicomRejection,
  ErrorCode,
  FileBlobStore,
  parseDicomHeader,
  RegisteredInstance,
} from '@app/shared';
import { BusCaller } from '../common/bus-call';
import { CONFIG } from '../infra/tokens';

export const BLOB_STORE = Symbol('BLOB_STORE');

export const blobStoreProvider = {
  provide: BLOB_STORE,
  inject: [CONFIG],
  useFactory: (config: AppConfig): BlobStore => new FileBlobStore(path.resolve(config.BLOB_DIR)),
};

/**
 * D1 at the edge: the request body streams straight to blob storage; only a bounded prefix
 * is kept in memory to read the header. The diagnosis service then indexes the instance
 * from a reference — DICOM bytes never travel on NATS.
 */
@Injectable()
export class UploadService {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly bus: BusCaller,
  ) {}

  async uploadOne(actor: Actor, req: Request): Promise<RegisteredInstance> {
    const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/dicom') {
      throw new AppError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Send one DICOM Part 10 instance as Content-Type: application/dicom',
      );
    }
    const max = this.config.MAX_INSTANCE_BYTES;
    const limit = this.config.DICOM_HEADER_PREFIX_BYTES;
    const prefix: Buffer[] = [];
    let kept = 0;
    let blob;
    try {
      blob = await this.blobs.put(req, {
        maxBytes: max,
        onChunk: (chunk) => {
          if (kept >= limit) return;
          const part = Buffer.from(chunk.subarray(0, limit - kept)); // a copy: chunks are pooled
          prefix.push(part);
          kept += part.length;
        },
      });
    } catch (error) {
      if (error instanceof BlobTooLarge)
        throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `An instance may be at most ${max} bytes`);
      throw AppError.validation('The upload was interrupted before the instance was complete');
    }
    try {
      const header = parseDicomHeader(Buffer.concat(prefix));
      const registered = await this.bus.call(actor, DiagnosisContracts.registerInstance, {
        blob,
        header: {
          transferSyntaxUid: header.transferSyntaxUid,
          sopClassUid: header.sopClassUid,
          sopInstanceUid: header.sopInstanceUid,
          studyInstanceUid: header.studyInstanceUid,
          seriesInstanceUid: header.seriesInstanceUid,
          modality: header.modality?.slice(0, 16) ?? null,
          studyDate: header.studyDate?.slice(0, 16) ?? null,
          accessionNumber: header.accessionNumber?.slice(0, 64) ?? null,
        },
      });
      if (registered.duplicateBlobKey) await this.blobs.remove(registered.duplicateBlobKey);
      return registered;
    } catch (error) {
      // Nothing is stored for a refused instance.
      await this.blobs.remove(blob.key);
      if (error instanceof DicomRejection) {
        throw AppError.validation(
          error.message,
          error.field ? [{ path: error.field, message: error.message }] : [],
        );
      }
      throw error;
    }
  }
}
