export * from './free-port';
export * from './service-process';
