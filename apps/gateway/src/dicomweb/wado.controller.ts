import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AppError, BoundedCache } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { AuditService } from '../audit/audit.service';
import { requestOrigin } from '../common/request-context';
import { parseAccept } from './accept';
import { DICOMWEB_READERS, dicomwebBase, pathUid, studyAudit } from './dicomweb-base';
import { AuditRead, Target, WadoService } from './wado.service';

const AUDIT_WINDOW_MS = 5 * 60_000;

interface PathParams {
  study: string;
  series?: string;
  instance?: string;
}

function target(p: PathParams): Target {
  return {
    studyInstanceUid: pathUid(p.study, 'Study Instance UID')!,
    seriesInstanceUid: pathUid(p.series, 'Series Instance UID'),
    sopInstanceUid: pathUid(p.instance, 'SOP Instance UID'),
  };
}

/**
 * G2b WADO-RS (PS3.18 10.4): instances, metadata, frames and bulk data of what the actor may
 * see; what they may not is 404, as for what does not exist. A read is audited before a byte
 * of it is sent.
 */
@ApiExcludeController()
@Controller('dicomweb/studies/:study')
@Access(DICOMWEB_READERS)
export class WadoController {
  /**
   * Who read which study is recorded at the first retrieval and again after five minutes, not
   * for every frame: a viewer opening a 300-slice CT makes hundreds of requests that are one
   * reading of one patient's study (as IHE ATNA records a study access, not a frame).
   */
  private readonly recentlyAudited = new BoundedCache<true>(10_000, AUDIT_WINDOW_MS);

  constructor(
    private readonly wado: WadoService,
    private readonly audit: AuditService,
  ) {}

  /** The AuditRead for this request: once per actor and study per window, before any byte. */
  private auditor(actor: Actor, req: Request): AuditRead {
    return async (study) => {
      const key = `${actor.kind}:${actor.id}:${study.id}`;
      if (this.recentlyAudited.get(key)) return;
      await this.audit.recordMany(actor, studyAudit('read', [study]), requestOrigin(req));
      this.recentlyAudited.set(key, true);
    };
  }

  private instances(actor: Actor, req: Request, res: Response, p: PathParams) {
    const accept = parseAccept(req.header('accept'));
    return this.wado.retrieveInstances(actor, target(p), accept, res, this.auditor(actor, req));
  }

  private metadata(actor: Actor, req: Request, res: Response, p: PathParams) {
    const accept = parseAccept(req.header('accept'));
    const audit = this.auditor(actor, req);
    return this.wado.retrieveMetadata(actor, target(p), accept, dicomwebBase(req), res, audit);
  }

  @Get()
  study(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams,
  ) {
    return this.instances(a, req, res, p);
  }

  @Get('metadata')
  studyMetadata(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams,
  ) {
    return this.metadata(a, req, res, p);
  }

  @Get('series/:series')
  series(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams,
  ) {
    return this.instances(a, req, res, p);
  }

  @Get('series/:series/metadata')
  seriesMetadata(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams,
  ) {
    return this.metadata(a, req, res, p);
  }

  @Get('series/:series/instances/:instance')
  instance(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams,
  ) {
    return this.instances(a, req, res, p);
  }

  @Get('series/:series/instances/:instance/metadata')
  instanceMetadata(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams,
  ) {
    return this.metadata(a, req, res, p);
  }

  @Get('series/:series/instances/:instance/frames/:frames')
  frames(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams & { frames: string },
  ) {
    const accept = parseAccept(req.header('accept'));
    const audit = this.auditor(a, req);
    return this.wado.retrieveFrames(a, target(p), p.frames, accept, res, audit);
  }

  @Get('series/:series/instances/:instance/bulk/:offset/:length')
  bulk(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: PathParams & { offset: string; length: string },
  ) {
    const offset = /^\d{1,15}$/.test(p.offset) ? Number(p.offset) : NaN;
    const length =
      p.length === 'end' ? 'end' : /^\d{1,15}$/.test(p.length) ? Number(p.length) : NaN;
    if (!Number.isFinite(offset) || (length !== 'end' && !Number.isFinite(length)))
      throw AppError.validation('Bulk data is addressed as …/bulk/<offset>/<length or end>');
    const accept = parseAccept(req.header('accept'));
    const audit = this.auditor(a, req);
    return this.wado.retrieveBulk(a, target(p), offset, length, accept, res, audit);
  }
}
