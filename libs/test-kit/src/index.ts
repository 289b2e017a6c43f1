export * from './free-port';
export * from './service-process';
export * from './segment-collector';
