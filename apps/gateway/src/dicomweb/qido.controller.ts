import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AppError, DicomwebContracts, ErrorCode, QidoLevel } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';
import { requestOrigin } from '../common/request-context';
import { acceptsDicomJson, parseAccept } from './accept';
import { DICOMWEB_READERS, dicomwebBase, studyAudit } from './dicomweb-base';
import { parseQido } from './qido-params';

type Path = { study?: string; series?: string };

/**
 * G2b QIDO-RS (PS3.18 10.6): searches for studies, series and instances, answered as
 * application/dicom+json; documented in docs/dicomweb.md rather than the OpenAPI document,
 * since viewers and PACS speak the standard, not our API.
 */
@ApiExcludeController()
@Controller('dicomweb')
@Access(DICOMWEB_READERS)
export class QidoController {
  constructor(
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
  ) {}

  private async search(
    actor: Actor,
    req: Request,
    res: Response,
    level: QidoLevel,
    path: Path,
  ): Promise<void> {
    if (!acceptsDicomJson(parseAccept(req.header('accept'))))
      throw new AppError(ErrorCode.NOT_ACCEPTABLE, 'QIDO-RS answers application/dicom+json');
    const { query, warnings } = parseQido(
      level,
      { studyInstanceUid: path.study, seriesInstanceUid: path.series },
      req.query as Record<string, unknown>,
    );
    const result = await this.bus.call(actor, DicomwebContracts.search, query);
    await this.audit.recordMany(
      actor,
      studyAudit('search', result.itemStudies),
      requestOrigin(req),
    );
    const base = dicomwebBase(req);
    for (const item of result.items) {
      const study = item['0020000D']?.Value?.[0];
      const series = item['0020000E']?.Value?.[0];
      const instance = item['00080018']?.Value?.[0];
      const url =
        `${base}/studies/${String(study)}` +
        (level !== 'study' ? `/series/${String(series)}` : '') +
        (level === 'instance' ? `/instances/${String(instance)}` : '');
      item['00081190'] = { vr: 'UR', Value: [url] };
    }
    if (result.truncated) warnings.push('the result was limited; more matches follow (use offset)');
    for (const w of warnings) res.append('Warning', `299 cmc "${w.replace(/"/g, "'")}"`);
    // PS3.18 10.6.3.2: no match is 204 No Content, not an empty array.
    if (result.items.length === 0) {
      res.status(204).end();
      return;
    }
    res.status(200).type('application/dicom+json').send(JSON.stringify(result.items));
  }

  @Get('studies')
  studies(@CurrentActor() a: Actor, @Req() req: Request, @Res() res: Response) {
    return this.search(a, req, res, 'study', {});
  }

  @Get('series')
  allSeries(@CurrentActor() a: Actor, @Req() req: Request, @Res() res: Response) {
    return this.search(a, req, res, 'series', {});
  }

  @Get('instances')
  allInstances(@CurrentActor() a: Actor, @Req() req: Request, @Res() res: Response) {
    return this.search(a, req, res, 'instance', {});
  }

  @Get('studies/:study/series')
  series(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('study') study: string,
  ) {
    return this.search(a, req, res, 'series', { study });
  }

  @Get('studies/:study/instances')
  studyInstances(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('study') study: string,
  ) {
    return this.search(a, req, res, 'instance', { study });
  }

  @Get('studies/:study/series/:series/instances')
  instances(
    @CurrentActor() a: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('study') study: string,
    @Param('series') series: string,
  ) {
    return this.search(a, req, res, 'instance', { study, series });
  }
}
