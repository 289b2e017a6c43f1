export * from './service-spec';
export * from './port-check';
export * from './readiness';
export * from './log-prefixer';
export * from './stack-runner';
export * from './banner';
