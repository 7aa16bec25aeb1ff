import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AppError } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { AuditService } from '../audit/audit.service';
import { requestOrigin } from '../common/request-context';
import { parseAccept } from './accept';
import { DICOMWEB_READERS, dicomwebBase, pathUid, studyAudit } from './dicomweb-base';
import { Target, WadoService } from './wado.service';

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
 * see; what they may not is 404, as for what does not exist. Every retrieval is audited.
 */
@ApiExcludeController()
@Controller('dicomweb/studies/:study')
@Access(DICOMWEB_READERS)
export class WadoController {
  constructor(
    private readonly wado: WadoService,
    private readonly audit: AuditService,
  ) {}

  private async audited(
    actor: Actor,
    req: Request,
    work: Promise<{ id: string; patientId: string | null }>,
  ) {
    const study = await work;
    await this.audit.recordMany(actor, studyAudit('read', [study]), requestOrigin(req));
  }

  private instances(actor: Actor, req: Request, res: Response, p: PathParams) {
    const accept = parseAccept(req.header('accept'));
    return this.audited(actor, req, this.wado.retrieveInstances(actor, target(p), accept, res));
  }

  private metadata(actor: Actor, req: Request, res: Response, p: PathParams) {
    const accept = parseAccept(req.header('accept'));
    const work = this.wado.retrieveMetadata(actor, target(p), accept, dicomwebBase(req), res);
    return this.audited(actor, req, work);
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
    return this.audited(a, req, this.wado.retrieveFrames(a, target(p), p.frames, accept, res));
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
    return this.audited(a, req, this.wado.retrieveBulk(a, target(p), offset, length, accept, res));
  }
}
