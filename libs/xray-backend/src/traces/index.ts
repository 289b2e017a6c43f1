export * from './trace-api-types';
export * from './trace-calls';
export * from './render-trace';
export * from './trace-summary';
export * from './build-trace-view';
