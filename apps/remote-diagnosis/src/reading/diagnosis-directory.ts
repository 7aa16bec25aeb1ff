import { ValueProvider } from '@nestjs/common';
import {
  DIRECTORY_REPLICA_SETTINGS,
  DirectoryReplicaSettings,
} from '@app/shared/nest/directory-replica-host';
import { DIAGNOSIS_SCHEMA } from '../migrations';

/** The diagnosis service's replica of the directory: reading centers are departments there. */
export const diagnosisDirectorySettings: ValueProvider<DirectoryReplicaSettings> = {
  provide: DIRECTORY_REPLICA_SETTINGS,
  useValue: { schema: DIAGNOSIS_SCHEMA, durable: 'diagnosis-directory' },
};
