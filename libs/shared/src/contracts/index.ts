export * from './contract';
export * from './events';
export * from './referral.contracts';
export * from './diagnosis.contracts';
