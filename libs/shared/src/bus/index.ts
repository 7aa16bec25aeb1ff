// The Nest-free half of the bus; BusClient, its ClientProxy and BusTransport need Nest and are
// exported from '@app/shared/nest', so plain modules (and their unit tests) do not load Nest.
export * from './actor-token';
export * from './nats-connection';
export * from './replay-guard';
export * from './wire';
