export * from './contract';
export * from './fields';
export * from './events';
export * from './referral.contracts';
export * from './diagnosis.contracts';
export * from './directory.events';
export * from './referral.events';
export * from './diagnosis.events';
