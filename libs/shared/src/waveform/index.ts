export * from './decode';
export * from './rhythm';
export * from './analyzers';
export * from './svg';
export * from './fixture';
