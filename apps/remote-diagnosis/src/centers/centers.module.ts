import { Module } from '@nestjs/common';
import { CenterSettingsHandlers } from './center-settings.handlers';
import { CenterSettingsService } from './center-settings.service';

/** How each reading center works: turnaround targets, senior approval, lease length. */
@Module({ controllers: [CenterSettingsHandlers], providers: [CenterSettingsService] })
export class CentersModule {}
