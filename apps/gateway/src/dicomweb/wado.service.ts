import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import {
  Actor,
  AppConfig,
  AppError,
  BlobStore,
  BoundedCache,
  BULK_PREFIX,
  DicomwebContracts,
  ErrorCode,
  instanceMetadata,
  LocatedInstance,
  parseDicomHeader,
  RequestOf,
  ResponseOf,
} from '@app/shared';
import { BusCaller } from '../common/bus-call';
import { CONFIG } from '../infra/tokens';
import { readWhole } from '../studies/ecg-analysis';
import { BLOB_STORE } from '../studies/instance-intake.service';
import { acceptsDicomJson, acceptsMultipart, MediaRange } from './accept';
import { MultipartWriter } from './multipart-writer';

type Located = ResponseOf<typeof DicomwebContracts.locate>;
/** Records the read before a byte of the study is sent: no audit, no data. */
export type AuditRead = (study: Located['study']) => Promise<void>;
export type Target = Omit<RequestOf<typeof DicomwebContracts.locate>, 'after' | 'withFrames'>;

/** Native pixel data is the same bytes in implicit and explicit VR little endian. */
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const MAX_FRAMES_PER_REQUEST = 1000;

const notAcceptable = (what: string) =>
  new AppError(
    ErrorCode.NOT_ACCEPTABLE,
    `None of the media types in Accept can be served: ${what}`,
  );

/**
 * G2b WADO-RS at the edge: the diagnosis service says where the bytes are (and whether the
 * actor may see them); the gateway streams them from blob storage.
 */
@Injectable()
export class WadoService {
  /**
   * One instance's location, per actor, for as long as an actor's roles are trusted
   * (ACTOR_CACHE_SECONDS): a viewer asks for each frame of an instance in turn, and each ask
   * would otherwise cost a bus round trip and two queries for the same answer.
   */
  private readonly located: BoundedCache<Located>;

  constructor(
    private readonly bus: BusCaller,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.located = new BoundedCache(10_000, config.ACTOR_CACHE_SECONDS * 1000);
  }

  private async locate(actor: Actor, query: RequestOf<typeof DicomwebContracts.locate>) {
    const single = !!query.sopInstanceUid;
    const key = `${actor.kind}:${actor.id}:${JSON.stringify(query)}`;
    const cached = single ? this.located.get(key) : undefined;
    if (cached) return cached;
    const page: Located = await this.bus.call(actor, DicomwebContracts.locate, query);
    if (single) this.located.set(key, page);
    return page;
  }

  /** Every instance of the target, page by page (a page stays under NATS's message limit). */
  async *instances(actor: Actor, target: Target, withFrames = false) {
    let after: string | null = null;
    do {
      const page: Located = await this.locate(actor, { ...target, after, withFrames });
      yield { study: page.study, instances: page.instances };
      after = page.next;
    } while (after);
  }

  async retrieveInstances(
    actor: Actor,
    target: Target,
    accept: MediaRange[],
    res: Response,
    audit: AuditRead,
  ) {
    const pages = this.instances(actor, target);
    const firstPage = await pages.next();
    if (firstPage.done) throw AppError.notFound('Study');
    const syntaxes = [...new Set(firstPage.value.instances.map((i) => i.transferSyntaxUid))];
    if (!acceptsMultipart(accept, 'application/dicom', syntaxes))
      throw notAcceptable(
        `instances are sent as stored, as multipart/related; type="application/dicom" (transfer syntax ${syntaxes.join(', ')})`,
      );
    await audit(firstPage.value.study);
    const writer = new MultipartWriter(res, 'application/dicom');
    const send = async (instances: LocatedInstance[]) => {
      for (const i of instances)
        await writer.part(
          `application/dicom; transfer-syntax=${i.transferSyntaxUid}`,
          this.blobs.open(i.blobKey),
        );
    };
    await send(firstPage.value.instances);
    for await (const page of pages) await send(page.instances);
    await writer.end();
  }

  /**
   * DICOM JSON of every instance, as stored at intake, with BulkDataURIs made absolute. Written
   * as a JSON array one instance at a time.
   */
  async retrieveMetadata(
    actor: Actor,
    target: Target,
    accept: MediaRange[],
    base: string,
    res: Response,
    audit: AuditRead,
  ) {
    if (!acceptsDicomJson(accept)) throw notAcceptable('metadata is application/dicom+json');
    let count = 0;
    for await (const page of this.instances(actor, target)) {
      if (count === 0) {
        await audit(page.study);
        res.status(200).setHeader('Content-Type', 'application/dicom+json');
        res.write('[');
      }
      for (const i of page.instances) {
        const json = await this.metadataText(i);
        const bulk = `${base}/studies/${target.studyInstanceUid}/series/${i.seriesInstanceUid}/instances/${i.sopInstanceUid}/bulk/`;
        res.write(`${count++ ? ',' : ''}${json.split(BULK_PREFIX).join(bulk)}`);
      }
    }
    res.end(']');
  }

  /** Stored at intake; re-derived from the file for instances that came in before that. */
  private async metadataText(i: LocatedInstance): Promise<string> {
    if (i.metadataBlobKey)
      return (await readWhole(this.blobs.open(i.metadataBlobKey), 64 * 2 ** 20)).toString('utf8');
    const limit = this.config.DICOM_HEADER_PREFIX_BYTES;
    const bytes = await readWhole(this.blobs.open(i.blobKey, { end: limit - 1 }), limit);
    return JSON.stringify(instanceMetadata(parseDicomHeader(bytes), bytes));
  }

  /** Frames `list` (1-based, PS3.18 10.4.1.1.3) of one instance, in the order asked. */
  async retrieveFrames(
    actor: Actor,
    target: Target,
    list: string,
    accept: MediaRange[],
    res: Response,
    audit: AuditRead,
  ) {
    const numbers = list.split(',').map((n) => n.trim());
    if (numbers.length > MAX_FRAMES_PER_REQUEST)
      throw AppError.validation(`At most ${MAX_FRAMES_PER_REQUEST} frames per request`);
    if (numbers.some((n) => !/^[1-9]\d{0,6}$/.test(n)))
      throw AppError.validation('Frame numbers are a comma-separated list of integers from 1');
    const { value: page } = await this.instances(actor, target, true).next();
    const instance = page?.instances[0];
    if (!page || !instance) throw AppError.notFound('Instance');
    const frames = instance.frames;
    if (!frames || frames.kind === 'unavailable')
      throw AppError.notFound(
        `Frames of this instance (${frames?.reason ?? 'it has no pixel data'}); frame`,
      );
    const count = frames.kind === 'native' ? frames.count : frames.frames.length;
    const wanted = numbers.map(Number);
    const beyond = wanted.find((n) => n > count);
    if (beyond) throw AppError.notFound(`Frame ${beyond} (the instance has ${count})`);
    // Uncompressed frames are labelled explicit VR little endian, the octet-stream default;
    // compressed ones pass through as stored, labelled with their transfer syntax.
    const ts =
      instance.transferSyntaxUid === IMPLICIT_LE ? EXPLICIT_LE : instance.transferSyntaxUid;
    if (!acceptsMultipart(accept, 'application/octet-stream', [ts]))
      throw notAcceptable(
        `frames are multipart/related; type="application/octet-stream"; transfer-syntax=${ts} (no transcoding)`,
      );
    await audit(page.study);
    const writer = new MultipartWriter(res, 'application/octet-stream');
    for (const n of wanted) {
      const type = `application/octet-stream; transfer-syntax=${ts}`;
      if (frames.kind === 'native') {
        const start = frames.offset + (n - 1) * frames.frameLength;
        await writer.part(
          type,
          this.blobs.open(instance.blobKey, { start, end: start + frames.frameLength - 1 }),
        );
      } else {
        const parts = frames.frames[n - 1].map(([offset, length]) =>
          readWhole(
            this.blobs.open(instance.blobKey, { start: offset, end: offset + length - 1 }),
            length,
          ),
        );
        await writer.part(type, Buffer.concat(await Promise.all(parts)));
      }
    }
    await writer.end();
  }

  /** A range of the file a BulkDataURI of the metadata points at. */
  async retrieveBulk(
    actor: Actor,
    target: Target,
    offset: number,
    length: number | 'end',
    accept: MediaRange[],
    res: Response,
    audit: AuditRead,
  ) {
    const { value: page } = await this.instances(actor, target).next();
    const instance = page?.instances[0];
    if (!page || !instance) throw AppError.notFound('Instance');
    const end = length === 'end' ? instance.sizeBytes : offset + length;
    if (offset < 132 || end > instance.sizeBytes || end <= offset)
      throw AppError.notFound('Bulk data at that offset');
    if (!acceptsMultipart(accept, 'application/octet-stream', [instance.transferSyntaxUid]))
      throw notAcceptable('bulk data is multipart/related; type="application/octet-stream"');
    await audit(page.study);
    const writer = new MultipartWriter(res, 'application/octet-stream');
    await writer.part(
      'application/octet-stream',
      this.blobs.open(instance.blobKey, { start: offset, end: end - 1 }),
    );
    await writer.end();
  }
}
