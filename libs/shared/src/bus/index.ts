export * from './bus-client';
export * from './bus-server';
export * from './nats-connection';
export * from './wire';
