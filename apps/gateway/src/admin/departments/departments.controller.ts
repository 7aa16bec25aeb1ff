import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  centerReaderSchema,
  departmentAdminSchema,
  departmentQuerySchema,
  listOf,
  type NewDepartment,
  newDepartmentSchema,
  type UpdateDepartment,
  updateDepartmentSchema,
} from '@app/shared';
import { AuditOrigin } from '../../audit/audit.service';
import { CurrentActor } from '../../auth/access.decorator';
import { Operation } from '../../common/operation';
import { IdParam, Origin, uuidPipe } from '../../common/route-params';
import { ZodPipe } from '../../common/zod.pipe';
import { ADMIN } from '../admin-access';
import { DepartmentsService } from './departments.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @Operation({
    id: 'adminListDepartments',
    summary: "Departments, wards and reading centers of the admin's community (disabled included)",
    access: ADMIN,
    query: departmentQuerySchema,
    response: listOf(departmentAdminSchema),
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(departmentQuerySchema, 'query')) q: z.infer<typeof departmentQuerySchema>,
  ) {
    return this.departments.list(actor, q.institutionId);
  }

  @Post()
  @Operation({
    id: 'adminCreateDepartment',
    summary: 'Add a department, ward (WARD) or reading center (IMAGING_CENTER, ECG_CENTER)',
    access: ADMIN,
    body: newDepartmentSchema,
    response: departmentAdminSchema,
    status: 201,
    errors: [409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newDepartmentSchema)) body: NewDepartment,
    @Origin() origin: AuditOrigin,
  ) {
    return this.departments.create(actor, body, origin);
  }

  @Get(':id')
  @Operation({
    id: 'adminGetDepartment',
    summary: 'A department of the admin’s community, with its readers',
    access: ADMIN,
    uuidParams: ['id'],
    response: departmentAdminSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.departments.get(actor, id);
  }

  @Patch(':id')
  @Operation({
    id: 'adminUpdateDepartment',
    summary: 'Rename a department or change its kind',
    access: ADMIN,
    uuidParams: ['id'],
    body: updateDepartmentSchema,
    response: departmentAdminSchema,
    errors: [404, 409],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateDepartmentSchema)) body: UpdateDepartment,
    @Origin() origin: AuditOrigin,
  ) {
    return this.departments.update(actor, id, body, origin);
  }

  @Post(':id/disable')
  @Operation({
    id: 'adminDisableDepartment',
    summary: 'Disable a department, ward or reading center (kept for history)',
    access: ADMIN,
    uuidParams: ['id'],
    response: departmentAdminSchema,
    errors: [404],
  })
  disable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.departments.setActive(actor, id, false, origin);
  }

  @Post(':id/enable')
  @Operation({
    id: 'adminEnableDepartment',
    summary: 'Enable a disabled department again',
    access: ADMIN,
    uuidParams: ['id'],
    response: departmentAdminSchema,
    errors: [404],
  })
  enable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.departments.setActive(actor, id, true, origin);
  }

  @Post(':id/readers')
  @Operation({
    id: 'adminAddCenterReader',
    summary: 'A reader (or senior reader) of the community reads for this reading center',
    access: ADMIN,
    uuidParams: ['id'],
    body: centerReaderSchema,
    response: departmentAdminSchema,
    errors: [404],
  })
  addReader(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(centerReaderSchema)) body: z.infer<typeof centerReaderSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.departments.addReader(actor, id, body.userId, origin);
  }

  @Delete(':id/readers/:userId')
  @Operation({
    id: 'adminRemoveCenterReader',
    summary: 'The user no longer reads for this reading center',
    access: ADMIN,
    uuidParams: ['id', 'userId'],
    response: departmentAdminSchema,
    errors: [404],
  })
  removeReader(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Param('userId', uuidPipe) userId: string,
    @Origin() origin: AuditOrigin,
  ) {
    return this.departments.removeReader(actor, id, userId, origin);
  }
}
