export * from '../bus/bus-client';
export * from '../bus/bus-client-proxy';
export * from '../bus/bus-transport';
export * from './bus-errors.filter';
export * from './service-runtime';
export * from './sweep-schedule';
