import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { AuditService } from '../audit/audit.service';
import { requestOrigin } from '../common/request-context';
import { DICOMWEB_WRITERS, dicomwebBase, pathUid, studyAudit } from './dicomweb-base';
import { StowService } from './stow.service';

/** G2b STOW-RS (PS3.18 10.5): store instances, as a PACS or modality forwards them. */
@ApiExcludeController()
@Controller('dicomweb/studies')
@Access(DICOMWEB_WRITERS)
export class StowController {
  constructor(
    private readonly stow: StowService,
    private readonly audit: AuditService,
  ) {}

  private async store(actor: Actor, req: Request, res: Response, study?: string) {
    const outcome = await this.stow.store(actor, req, dicomwebBase(req), study);
    await this.audit.recordMany(
      actor,
      studyAudit(
        'create',
        outcome.studyIds.map((id) => ({ id, patientId: null })),
      ),
      requestOrigin(req),
    );
    for (const w of outcome.warnings.slice(0, 20))
      res.append('Warning', `299 cmc "${w.replace(/[^\x20-\x7e]/g, '?').replace(/"/g, "'")}"`);
    res.status(outcome.status).type('application/dicom+json').send(JSON.stringify(outcome.body));
  }

  @Post()
  storeAny(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return this.store(actor, req, res);
  }

  @Post(':study')
  storeIntoStudy(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('study') study: string,
  ) {
    return this.store(actor, req, res, pathUid(study, 'Study Instance UID')!);
  }
}
