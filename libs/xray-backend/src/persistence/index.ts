export * from './segment-log';
export * from './state-files';
