import { IdentityDirectory1732000000000 } from './1732000000000-identity-directory';

export { GATEWAY_SCHEMA } from './1732000000000-identity-directory';
export const gatewayMigrations = [IdentityDirectory1732000000000];
