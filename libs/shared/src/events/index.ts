export * from './outbox.sql';
export * from './outbox-writer';
export * from './outbox-relay';
export * from './event-consumer';
export * from './stream';
export * from './platform-metrics';
