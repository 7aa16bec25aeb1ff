import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import {
  Actor,
  AppConfig,
  AppError,
  BlobStore,
  BlobTooLarge,
  createBlobStore,
  DicomHeader,
  DicomRejection,
  ECG_SOP_CLASSES,
  encapsulatedFrames,
  ErrorCode,
  instanceMetadata,
  isEncapsulated,
  nativeFrames,
  parseDicomHeader,
  PixelFrames,
  RegisteredInstance,
  StoredBlob,
} from '@app/shared';
import { CONFIG } from '../infra/tokens';
import {
  ANALYZED_SAMPLES,
  decodeOrRefuse,
  MAX_ECG_BYTES,
  readWhole,
  summarizeEcg,
} from './ecg-analysis';
import { indexedHeader } from './indexed-header';
import { RegistrationBatcher } from './registration-batcher';
import { startingAsDicom } from './starting-as-dicom';

/** Bytes of an upload kept in memory for the first attempt at its header. */
const FIRST_HEADER_BYTES = 64 * 1024;

/** An instance's DICOM JSON past this is not a header a viewer needs in one piece. */
const MAX_METADATA_BYTES = 8 * 2 ** 20;
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

/** An instance in blob storage whose registration is under way (see stageInstance). */
export interface StagedInstance {
  registered: Promise<RegisteredInstance>;
}
export const BLOB_STORE = Symbol('BLOB_STORE');

export const blobStoreProvider = {
  provide: BLOB_STORE,
  inject: [CONFIG],
  useFactory: (config: AppConfig): BlobStore => createBlobStore(config),
};

/**
 * D1 at the edge, for every door (REST, STOW-RS, DIMSE): the instance streams straight to blob
 * storage; only a bounded prefix is kept in memory to read the header. The diagnosis service
 * then indexes the instance from a reference — DICOM bytes never travel on NATS.
 */
@Injectable()
export class InstanceIntake {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly registrations: RegistrationBatcher,
  ) {}

  /**
   * 507 while the blob file system is below its free-space floor (with this upload's declared
   * size on top): refusing at the door beats a disk that fills mid-study.
   */
  async assertRoom(declaredBytes: number): Promise<void> {
    const free = await this.blobs.freeBytes();
    if (free === null) return;
    const floor = this.config.BLOB_MIN_FREE_BYTES;
    if (free - declaredBytes < floor)
      throw new AppError(
        ErrorCode.INSUFFICIENT_STORAGE,
        `Study storage is nearly full (${Math.floor(free / 2 ** 20)} MiB free, ${Math.ceil(floor / 2 ** 20)} MiB kept in reserve); try again later or tell the platform administrator`,
      );
  }

  /** The header from the kept prefix, or from a longer prefix read back when it did not fit. */
  private async parseHeader(
    prefix: Buffer,
    blob: StoredBlob,
    limit: number,
  ): Promise<{ header: DicomHeader; bytes: Buffer }> {
    try {
      return { header: parseDicomHeader(prefix), bytes: prefix };
    } catch (error) {
      if (
        !(error instanceof DicomRejection) ||
        blob.size <= prefix.length ||
        prefix.length >= limit
      )
        throw error;
    }
    const bytes = await readWhole(this.blobs.open(blob.key, { end: limit - 1 }), limit);
    return { header: parseDicomHeader(bytes), bytes };
  }

  /** G2b: the instance's DICOM JSON, stored beside it so WADO-RS metadata never re-parses the file. */
  private async storeMetadata(header: DicomHeader, bytes: Buffer): Promise<StoredBlob> {
    const text = Buffer.from(JSON.stringify(instanceMetadata(header, bytes)));
    return this.blobs.put(Readable.from([text]), { maxBytes: MAX_METADATA_BYTES });
  }

  /** Where each frame lies in the file, for WADO-RS frames (a ranged read at retrieval). */
  private async framesOf(header: DicomHeader, blob: StoredBlob): Promise<PixelFrames | null> {
    const pixel = header.pixelData;
    if (!pixel) return null;
    if (!isEncapsulated(header.transferSyntaxUid)) return nativeFrames(header, pixel);
    return encapsulatedFrames(
      this.blobs.open(blob.key, { start: pixel.offset }),
      pixel.offset,
      header.numberOfFrames,
    );
  }

  /**
   * Streams one instance to storage and has the diagnosis service index it. `check` sees the
   * header before anything is indexed (STOW-RS to /studies/{study} refuses another study's).
   */
  async storeInstance(
    actor: Actor,
    source: Readable,
    check?: (header: DicomHeader) => void,
  ): Promise<RegisteredInstance> {
    return (await this.stageInstance(actor, source, check)).registered;
  }

  /**
   * Streams one instance to storage and starts its registration, without waiting for it: the
   * source is fully read when this resolves, so a multipart reader can go on to the next part.
   * Rejects for what is wrong with the instance itself; `registered` for what the index says.
   */
  async stageInstance(
    actor: Actor,
    source: Readable,
    check?: (header: DicomHeader) => void,
  ): Promise<StagedInstance> {
    const max = this.config.MAX_INSTANCE_BYTES;
    const limit = this.config.DICOM_HEADER_PREFIX_BYTES;
    // Most headers end within the first 64 KiB; keeping only that much in memory spares a
    // copy of the pixel data per upload. A longer header is re-read from storage below.
    const firstTry = Math.min(limit, FIRST_HEADER_BYTES);
    const prefix: Buffer[] = [];
    let kept = 0;
    let blob;
    try {
      blob = await this.blobs.put(startingAsDicom(source), {
        maxBytes: max,
        onChunk: (chunk) => {
          if (kept >= firstTry) return;
          const part = Buffer.from(chunk.subarray(0, firstTry - kept)); // a copy: chunks are pooled
          prefix.push(part);
          kept += part.length;
        },
      });
    } catch (error) {
      if (error instanceof BlobTooLarge)
        throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `An instance may be at most ${max} bytes`);
      if (error instanceof DicomRejection) throw AppError.validation(error.message);
      throw AppError.validation('The upload was interrupted before the instance was complete');
    }
    let metadata: StoredBlob | null = null;
    try {
      const { header, bytes } = await this.parseHeader(Buffer.concat(prefix), blob, limit);
      check?.(header);
      metadata = await this.storeMetadata(header, bytes);
      const frames = await this.framesOf(header, blob);
      // The waveform decoder reads little-endian files; a big-endian ECG is stored and served.
      const ecg =
        ECG_SOP_CLASSES.has(header.sopClassUid) && header.transferSyntaxUid !== BIG_ENDIAN
          ? summarizeEcg(
              decodeOrRefuse(await readWhole(this.blobs.open(blob.key), MAX_ECG_BYTES), {
                start: 0,
                count: ANALYZED_SAMPLES,
              }),
            )
          : null;
      const metadataKey = metadata.key;
      const registered = this.registrations
        .register(actor, {
          blob,
          header: {
            transferSyntaxUid: header.transferSyntaxUid,
            sopClassUid: header.sopClassUid,
            sopInstanceUid: header.sopInstanceUid,
            studyInstanceUid: header.studyInstanceUid,
            seriesInstanceUid: header.seriesInstanceUid,
            ...indexedHeader(header),
          },
          metadataBlobKey: metadataKey,
          frames,
          ecg,
        })
        .then(
          async (instance) => {
            if (instance.duplicateBlobKey) {
              await this.blobs.remove(instance.duplicateBlobKey);
              await this.blobs.remove(metadataKey);
            }
            return instance;
          },
          async (error: unknown) => {
            // Nothing is stored for a refused instance.
            await this.blobs.remove(blob.key);
            await this.blobs.remove(metadataKey);
            throw error;
          },
        );
      return { registered };
    } catch (error) {
      // Nothing is stored for a refused instance.
      await this.blobs.remove(blob.key);
      if (metadata) await this.blobs.remove(metadata.key);
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
