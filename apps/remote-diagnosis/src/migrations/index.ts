import { Studies1732000000002 } from './1732000000002-studies';
import { Instances1732000000003 } from './1732000000003-instances';

export { DIAGNOSIS_SCHEMA } from './1732000000002-studies';
export const diagnosisMigrations = [Studies1732000000002, Instances1732000000003];
