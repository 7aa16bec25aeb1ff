import { IdentityDirectory1732000000000 } from './1732000000000-identity-directory';
import { ReadingCenterReaders1733000000000 } from './1733000000000-reading-center-readers';
import { ApiClientsWebhooks1734000000000 } from './1734000000000-api-clients-webhooks';
import { Districts1735000000000 } from './1735000000000-districts';
import { Notifications1735000000010 } from './1735000000010-notifications';
import { PatientPhone1735000000020 } from './1735000000020-patient-phone';
import { ResultSharing1735000000023 } from './1735000000023-result-sharing';
import { DirectoryAdmin1735000000024 } from './1735000000024-directory-admin';
import { Modalities1735000000030 } from './1735000000030-modalities';
import { Hl7Clients1735000000040 } from './1735000000040-hl7-clients';

export { GATEWAY_SCHEMA } from './1732000000000-identity-directory';
export const gatewayMigrations = [
  IdentityDirectory1732000000000,
  ReadingCenterReaders1733000000000,
  ApiClientsWebhooks1734000000000,
  Districts1735000000000,
  Notifications1735000000010,
  PatientPhone1735000000020,
  ResultSharing1735000000023,
  DirectoryAdmin1735000000024,
  Modalities1735000000030,
  Hl7Clients1735000000040,
];
