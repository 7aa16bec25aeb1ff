import { Studies1732000000002 } from './1732000000002-studies';

export { DIAGNOSIS_SCHEMA } from './1732000000002-studies';
export const diagnosisMigrations = [Studies1732000000002];
