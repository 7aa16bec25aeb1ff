import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import {
  Actor,
  AppConfig,
  AppError,
  assertPart10Preamble,
  BlobStore,
  BlobTooLarge,
  DiagnosisContracts,
  DicomHeader,
  DicomRejection,
  ECG_SOP_CLASSES,
  encapsulatedFrames,
  isEncapsulated,
  nativeFrames,
  PixelFrames,
  instanceMetadata,
  ErrorCode,
  createBlobStore,
  httpStatusFor,
  parseDicomHeader,
  PART10_PREAMBLE_BYTES,
  RegisteredInstance,
  StoredBlob,
} from '@app/shared';
import { BusCaller } from '../common/bus-call';
import { CONFIG } from '../infra/tokens';
import {
  ANALYZED_SAMPLES,
  decodeOrRefuse,
  MAX_ECG_BYTES,
  readWhole,
  summarizeEcg,
} from './ecg-analysis';
import { boundaryOf, MultipartError, readMultipart } from './multipart';

/** Bytes of an upload kept in memory for the first attempt at its header. */
const FIRST_HEADER_BYTES = 64 * 1024;

/** An instance's DICOM JSON past this is not a header a viewer needs in one piece. */
const MAX_METADATA_BYTES = 8 * 2 ** 20;
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

/**
 * What the index keeps of a header, each value cut to what its VR allows (PS3.5 6.2). Where
 * the character set was not decodable, ESC shows as ␛ so the raw text stays readable.
 */
function indexedHeader(h: DicomHeader) {
  const t = (value: string | null, max: number) =>
    value === null ? null : value.replaceAll(String.fromCharCode(0x1b), '\u241b').slice(0, max);
  const n = (value: number | null) =>
    value !== null && Number.isSafeInteger(value) && Math.abs(value) < 2 ** 31 ? value : null;
  return {
    modality: t(h.modality, 16),
    studyDate: t(h.studyDate, 16),
    accessionNumber: t(h.accessionNumber, 64),
    patientName: t(h.patientName, 200),
    patientId: t(h.patientId, 64),
    patientBirthDate: t(h.patientBirthDate, 16),
    patientSex: t(h.patientSex, 16),
    studyTime: t(h.studyTime, 32),
    referringPhysicianName: t(h.referringPhysicianName, 200),
    studyDescription: t(h.studyDescription, 64),
    studyId: t(h.studyId, 16),
    seriesNumber: n(h.seriesNumber),
    seriesDescription: t(h.seriesDescription, 64),
    bodyPartExamined: t(h.bodyPartExamined, 16),
    instanceNumber: n(h.instanceNumber),
    rows: n(h.rows),
    columns: n(h.columns),
    numberOfFrames: n(h.numberOfFrames),
    characterSetSupported: h.characterSetSupported,
  };
}

/** A batch larger than this is a mistake or an attack; integration engines send studies in several. */
const MAX_PARTS = 1000;

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

export const BLOB_STORE = Symbol('BLOB_STORE');

/**
 * The body as it arrives, but only once its first 132 bytes are the Part 10 preamble and "DICM":
 * a body that is not DICOM is refused before a byte of it reaches storage. The source is read
 * without destroying it on refusal, so the rest can be drained and the client gets its 400.
 */
export async function* startingAsDicom(source: Readable): AsyncGenerator<Buffer> {
  let head: Buffer[] | null = [];
  let kept = 0;
  for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    if (head === null) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    kept += chunk.length;
    if (kept < PART10_PREAMBLE_BYTES) continue;
    const first = Buffer.concat(head);
    head = null;
    assertPart10Preamble(first);
    yield first;
  }
  if (head !== null) assertPart10Preamble(Buffer.concat(head));
}

export const blobStoreProvider = {
  provide: BLOB_STORE,
  inject: [CONFIG],
  useFactory: (config: AppConfig): BlobStore => createBlobStore(config),
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

  /** One instance (application/dicom) or a batch (multipart/related or multipart/form-data). */
  async upload(actor: Actor, req: Request): Promise<UploadOutcome> {
    await this.assertRoom(Number(req.header('content-length') ?? 0) || 0);
    const contentType = req.header('content-type') ?? '';
    const type = contentType.split(';')[0].trim().toLowerCase();
    if (type === 'application/dicom') {
      const one = await this.storeInstance(actor, req);
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
    try {
      await readMultipart(
        req,
        boundary,
        async (headers, part) => {
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
          try {
            // Each part again: a batch of a thousand instances can fill a disk on its own.
            await this.assertRoom(0);
            results.push({ index, ...publicView(await this.storeInstance(actor, part)) });
          } catch (error) {
            if (!(error instanceof AppError) || httpStatusFor(error.code) >= 500) throw error;
            results.push(refusal(index, error));
          }
        },
        { maxParts: MAX_PARTS, maxHeaderBytes: 16 * 1024 },
      );
    } catch (error) {
      if (!(error instanceof MultipartError)) throw error;
      const stored = results.filter((r) => 'instanceId' in r).length;
      throw AppError.validation(
        `${error.message}${stored ? ` (the ${stored} instance(s) before the fault were stored and are listed by GET /api/v1/studies)` : ''}`,
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
      const registered = await this.bus.call(actor, DiagnosisContracts.registerInstance, {
        blob,
        header: {
          transferSyntaxUid: header.transferSyntaxUid,
          sopClassUid: header.sopClassUid,
          sopInstanceUid: header.sopInstanceUid,
          studyInstanceUid: header.studyInstanceUid,
          seriesInstanceUid: header.seriesInstanceUid,
          ...indexedHeader(header),
        },
        metadataBlobKey: metadata.key,
        frames,
        ecg,
      });
      if (registered.duplicateBlobKey) {
        await this.blobs.remove(registered.duplicateBlobKey);
        await this.blobs.remove(metadata.key);
      }
      return registered;
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
