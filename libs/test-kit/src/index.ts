export * from './free-port';
export * from './service-process';
export * from './segment-collector';
export * from './daemon-process';
export * from './eventually';
export * from './cruddur-stack';
