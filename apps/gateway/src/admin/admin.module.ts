import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DepartmentsController } from './departments/departments.controller';
import { DepartmentsService } from './departments/departments.service';
import { InstitutionsController } from './institutions/institutions.controller';
import { InstitutionsService } from './institutions/institutions.service';
import { ModalitiesController } from './modalities/modalities.controller';
import { ModalitiesService } from './modalities/modalities.service';
import { OwnPasswordController } from './users/own-password.controller';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/**
 * A community admin sets up and runs their 医共体 (issue 13 item 1): institutions, departments,
 * wards, reading centers and their readers, users, and the DICOM modalities (issue 15). API clients are in ../api-clients.
 */
@Module({
  imports: [AuthModule],
  controllers: [
    InstitutionsController,
    DepartmentsController,
    UsersController,
    OwnPasswordController,
    ModalitiesController,
  ],
  providers: [InstitutionsService, DepartmentsService, UsersService, ModalitiesService],
})
export class AdminModule {}
