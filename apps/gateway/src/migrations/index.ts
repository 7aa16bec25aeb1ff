import { IdentityDirectory1732000000000 } from './1732000000000-identity-directory';
import { ReadingCenterReaders1733000000000 } from './1733000000000-reading-center-readers';
import { ApiClientsWebhooks1734000000000 } from './1734000000000-api-clients-webhooks';

export { GATEWAY_SCHEMA } from './1732000000000-identity-directory';
export const gatewayMigrations = [
  IdentityDirectory1732000000000,
  ReadingCenterReaders1733000000000,
  ApiClientsWebhooks1734000000000,
];
