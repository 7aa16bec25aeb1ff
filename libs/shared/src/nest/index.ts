export * from './on-bus.decorator';
export * from './service-runtime';
