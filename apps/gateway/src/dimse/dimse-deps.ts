import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';
import { InstanceIntake } from '../studies/instance-intake.service';
import { checkCaller } from './calling-modality';
import { lookUpWorklist } from './worklist-lookup';
import type { StoreScpDeps } from './store-scp';

/** The DIMSE listener stores through the gateway's own intake and audit: one path for every door. */
export function dimseDeps(app: INestApplication, config: AppConfig, log: Logger): StoreScpDeps {
  const ds = app.get(DataSource);
  const uploads = app.get(InstanceIntake);
  const audit = app.get(AuditService);
  const bus = app.get(BusCaller);
  return {
    calledAeTitle: config.DIMSE_AE_TITLE,
    checkCaller: (aeTitle, remote) => checkCaller(ds, aeTitle, remote),
    storeInstance: async (actor, source) => {
      await uploads.assertRoom(0);
      return uploads.storeInstance(actor, source);
    },
    recordStudy: (actor, studyId, ip) =>
      audit.record(
        actor,
        { action: 'create', resourceType: 'ImagingStudy', resourceId: studyId },
        { ip, userAgent: 'DICOM DIMSE C-STORE' },
      ),
    worklist: (actor, query, ip) => lookUpWorklist({ ds, bus, audit }, actor, query, ip),
    log,
  };
}
