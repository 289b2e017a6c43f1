export * from './segment-record';
export * from './stored-trace';
export * from './trace-store';
