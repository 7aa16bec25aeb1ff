import { DataSource } from 'typeorm';
import { createAppDataSource } from '@app/shared';
import { GATEWAY_SCHEMA, gatewayMigrations } from '../migrations';

/**
 * The gateway schema with its migrations, as the server and the create-admin script open it;
 * `applicationName` tells their connections apart in pg_stat_activity.
 */
export function gatewayDataSource(url: string, applicationName: string): DataSource {
  return createAppDataSource({
    url,
    schema: GATEWAY_SCHEMA,
    migrations: gatewayMigrations,
    applicationName,
  });
}
