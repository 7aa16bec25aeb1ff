import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access } from '../auth/access.decorator';
import { capabilityStatement } from './capability';
import { fhirBase } from './fhir-search';
import { FHIR_CONTENT_TYPE } from './operation-outcome';

/** GET /fhir/metadata: exactly what this server supports (capability.ts). */
@ApiExcludeController()
@Controller('fhir')
@Access({ scope: 'fhir:read' })
export class FhirMetadataController {
  @Get('metadata')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  metadata(@Req() req: Request) {
    return capabilityStatement(fhirBase(req), process.env.npm_package_version ?? '0.1.0');
  }
}
