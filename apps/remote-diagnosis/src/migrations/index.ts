import { Studies1732000000002 } from './1732000000002-studies';
import { Instances1732000000003 } from './1732000000003-instances';
import { Reading1732000000004 } from './1732000000004-reading';
import { Critical1732000000005 } from './1732000000005-critical';
import { Ecg1732000000006 } from './1732000000006-ecg';
import { QueueIndex1732000000007 } from './1732000000007-queue-index';
import { InstitutionScopedUids1733000000002 } from './1733000000002-institution-scoped-uids';
import { DicomwebIndex1733000000003 } from './1733000000003-dicomweb-index';
import { SignedFirst1735000000021 } from './1735000000021-signed-first';
import { DistrictsRequestedPriority1735000000002 } from './1735000000002-districts-requested-priority';
import { ExamOrders1735000000030 } from './1735000000030-exam-orders';

export { DIAGNOSIS_SCHEMA } from './1732000000002-studies';
export const diagnosisMigrations = [
  Studies1732000000002,
  Instances1732000000003,
  Reading1732000000004,
  Critical1732000000005,
  Ecg1732000000006,
  QueueIndex1732000000007,
  InstitutionScopedUids1733000000002,
  DicomwebIndex1733000000003,
  DistrictsRequestedPriority1735000000002,
  SignedFirst1735000000021,
  ExamOrders1735000000030,
];
