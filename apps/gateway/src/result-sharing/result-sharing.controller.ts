import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, sharedStudySchema } from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { ResultSharingService } from './result-sharing.service';

const id = new ParseUUIDPipe();
const settingBody = z.object({ enabled: z.boolean() });
const settingSchema = z.object({
  communityId: z.string().uuid(),
  enabled: z.boolean(),
  districtId: z.string().uuid().nullable(),
  districtName: z.string().nullable(),
});

/** 检查结果互认 across the district: the opt-in and a clinician's look at shared results. */
@ApiTags('result-sharing')
@ApiBearerAuth()
@Controller('api/v1')
export class ResultSharingController {
  constructor(private readonly sharing: ResultSharingService) {}

  @Get('communities/:id/result-sharing')
  @Operation({
    id: 'getResultSharing',
    summary:
      'Whether this 医联体 shares finished results with the other communities of its district',
    access: { roles: ['community_admin'] },
    uuidParams: ['id'],
    response: settingSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @Param('id', id) communityId: string) {
    return this.sharing.setting(actor, communityId);
  }

  @Put('communities/:id/result-sharing')
  @Operation({
    id: 'setResultSharing',
    summary:
      'Community admin: opt in to (or out of) 检查结果互认 across the district; off by default',
    description:
      'A clinician sees another community’s results only when both communities opted in and are in the same district. Audited.',
    access: { roles: ['community_admin'] },
    body: settingBody,
    uuidParams: ['id'],
    response: settingSchema,
    errors: [404],
  })
  set(
    @CurrentActor() actor: Actor,
    @Param('id', id) communityId: string,
    @Body(new ZodPipe(settingBody)) body: z.output<typeof settingBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.sharing.set(actor, communityId, body.enabled, requestOrigin(req));
  }

  @Get('patients/:id/district-results')
  @Operation({
    id: 'getDistrictResults',
    summary:
      'Clinician: the patient’s finished studies and final reports in the district’s other communities (互认), each read audited',
    description:
      'The same resident is matched by keyed hash of the resident ID. 403 while the caller’s community does not share.',
    access: { roles: ['clinician'] },
    uuidParams: ['id'],
    response: z.object({ districtId: z.string().uuid(), items: z.array(sharedStudySchema) }),
    errors: [404],
  })
  districtResults(
    @CurrentActor() actor: Actor,
    @Param('id', id) patientId: string,
    @Req() req: EdgeRequest,
  ) {
    return this.sharing.districtResults(actor, patientId, requestOrigin(req));
  }
}
