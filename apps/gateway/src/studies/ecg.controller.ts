import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  AppError,
  BlobStore,
  DiagnosisContracts as C,
  ECG_SOP_CLASSES,
  ecgLeadsSchema,
  ecgToJson,
  ErrorCode,
  renderEcgSvg,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { Operation } from '../common/operation';
import { ZodPipe } from '../common/zod.pipe';
import { ANALYZED_SAMPLES, decodeOrRefuse, MAX_ECG_BYTES, readWhole } from './ecg-analysis';
import { BLOB_STORE } from './instance-intake.service';

const id = new ParseUUIDPipe();
const VIEWERS = {
  roles: ['clinician' as const, 'reader' as const, 'senior_reader' as const],
  scope: 'studies:read' as const,
};
/** Samples per channel one answer decodes: 40 s at 500 Hz; longer tracings come in pages. */
const MAX_WINDOW = 20_000;
const jsonQuery = z.object({
  group: z.coerce.number().int().min(0).max(63).optional(),
  /** First sample of the page (0-based); each group's `window.nextStart` names the next one. */
  start: z.coerce.number().int().min(0).max(100_000_000).default(0),
  /** Samples per channel in the page. */
  count: z.coerce.number().int().min(1).max(MAX_WINDOW).default(MAX_WINDOW),
  /** Keep every n-th sample; by default as coarse as keeps 5,000 points per channel. */
  decimate: z.coerce.number().int().min(1).max(100).optional(),
});
const svgQuery = z.object({
  start: z.coerce.number().int().min(0).max(100_000_000).default(0),
});

/**
 * D2 at the edge: the waveform is decoded from blob storage here, next to the bytes; the
 * diagnosis service only decides who may see which instance.
 */
@ApiTags('ecg')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/studies/:id/instances/:instanceId')
export class EcgController {
  constructor(
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  private async load(
    actor: Actor,
    req: EdgeRequest,
    studyId: string,
    instanceId: string,
    window: { start: number; count: number },
  ) {
    const instance = await this.bus.call(actor, C.getInstance, { studyId, instanceId });
    if (!ECG_SOP_CLASSES.has(instance.sopClassUid))
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'This instance is not a waveform (ECG)');
    await this.audit.record(
      actor,
      {
        action: 'read',
        resourceType: 'ImagingStudy',
        resourceId: studyId,
        patientId: instance.patientId,
      },
      requestOrigin(req),
    );
    const bytes = await readWhole(this.blobs.open(instance.blobKey), MAX_ECG_BYTES);
    const ecg = decodeOrRefuse(bytes, window);
    return { instance, ecg };
  }

  @Get('ecg')
  @Operation({
    id: 'getEcgLeads',
    access: VIEWERS,
    query: jsonQuery,
    uuidParams: ['id', 'instanceId'],
    response: ecgLeadsSchema,
    errors: [404, 413],
    summary:
      'ECG lead data in physical units (every multiplex group), with heart rate, RR and the analyzers’ findings; at most 20,000 samples per channel per answer, paged by `start` (see each group’s window.nextStart)',
  })
  async leads(
    @CurrentActor() actor: Actor,
    @Req() req: EdgeRequest,
    @Param('id', id) studyId: string,
    @Param('instanceId', id) instanceId: string,
    @Query(new ZodPipe(jsonQuery, 'query')) q: z.output<typeof jsonQuery>,
  ) {
    const { instance, ecg } = await this.load(actor, req, studyId, instanceId, q);
    if (q.group !== undefined && q.group >= ecg.groups.length)
      throw AppError.validation(`group: this waveform has ${ecg.groups.length} multiplex group(s)`);
    const longest = Math.max(...ecg.groups.map((g) => g.numberOfSamples));
    if (q.start > 0 && q.start >= longest)
      throw AppError.validation(`start: this waveform has ${longest} samples per channel`);
    return {
      studyId,
      instanceId,
      sopInstanceUid: instance.sopInstanceUid,
      measurements: instance.ecg, // taken at upload; the stored waveform has not changed
      ...ecgToJson(ecg, { groupIndex: q.group, decimate: q.decimate }),
    };
  }

  @Get('ecg.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Operation({
    id: 'getEcgSvg',
    access: VIEWERS,
    query: svgQuery,
    uuidParams: ['id', 'instanceId'],
    produces: 'image/svg+xml',
    errors: [404, 413],
    summary:
      'The ECG drawn on standard paper: 25 mm/s, 10 mm/mV, 1 mV calibration (60 s from sample `start`)',
  })
  async svg(
    @CurrentActor() actor: Actor,
    @Req() req: EdgeRequest,
    @Param('id', id) studyId: string,
    @Param('instanceId', id) instanceId: string,
    @Query(new ZodPipe(svgQuery, 'query')) q: z.output<typeof svgQuery>,
  ): Promise<string> {
    const { ecg } = await this.load(actor, req, studyId, instanceId, {
      start: q.start,
      count: ANALYZED_SAMPLES,
    });
    return renderEcgSvg(ecg);
  }
}
