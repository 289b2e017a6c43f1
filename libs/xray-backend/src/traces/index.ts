export { linkTraceCalls, type TraceCall } from './trace-calls';
export * from './render-trace';
export * from './trace-summary';
export * from './root-segment';
export * from './build-trace-view';
