import 'reflect-metadata';
import { createAppDataSource, loadConfig, migrateWithLock } from '@app/shared';
import { GATEWAY_SCHEMA, gatewayMigrations } from '../apps/gateway/src/migrations';
import { REFERRAL_SCHEMA, referralMigrations } from '../apps/referral/src/migrations';
import { DIAGNOSIS_SCHEMA, diagnosisMigrations } from '../apps/remote-diagnosis/src/migrations';

/** `npm run migrate`: applies every app's pending migrations (each under its advisory lock). */
async function run(): Promise<void> {
  const config = loadConfig();
  const apps = [
    { schema: GATEWAY_SCHEMA, migrations: gatewayMigrations },
    { schema: REFERRAL_SCHEMA, migrations: referralMigrations },
    { schema: DIAGNOSIS_SCHEMA, migrations: diagnosisMigrations },
  ];
  for (const app of apps) {
    const ds = createAppDataSource({
      url: config.DATABASE_URL,
      applicationName: 'cmc-migrate',
      ...app,
    });
    await ds.initialize();
    try {
      const applied = await migrateWithLock(ds, app.schema);
      console.log(
        `${app.schema}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`,
      );
    } finally {
      await ds.destroy();
    }
  }
}

run().catch((error) => {
  console.error('migration failed:', error);
  process.exit(1);
});
