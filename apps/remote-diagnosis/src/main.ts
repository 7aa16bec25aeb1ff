import 'reflect-metadata';
import { main } from '@app/shared/nest';
import { DIAGNOSIS_SCHEMA, diagnosisMigrations } from './migrations';
import { RemoteDiagnosisModule } from './remote-diagnosis.module';

main({
  name: 'remote-diagnosis',
  schema: DIAGNOSIS_SCHEMA,
  migrations: diagnosisMigrations,
  module: RemoteDiagnosisModule,
  healthPort: (config) => config.DIAGNOSIS_HEALTH_PORT,
});
