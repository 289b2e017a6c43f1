export * from './trace-api-types';
export * from './service-graph-types';
export * from './group-types';
export * from './sampling-types';
export * from './xray-api-operations';
export * from './time-window';
export * from './sampling-rule-matching';
