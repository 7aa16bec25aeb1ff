import { IdentityDirectory1732000000000 } from './1732000000000-identity-directory';
import { ReadingCenterReaders1733000000000 } from './1733000000000-reading-center-readers';

export { GATEWAY_SCHEMA } from './1732000000000-identity-directory';
export const gatewayMigrations = [
  IdentityDirectory1732000000000,
  ReadingCenterReaders1733000000000,
];
