export * from './directory-replica';
