export * from './decode';
export * from './ecg-json';
export * from './leads';
export * from './rhythm';
export * from './analyzers';
export * from './svg';
export * from './fixture';
