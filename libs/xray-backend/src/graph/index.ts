export * from './service-node';
export * from './response-time-histogram';
export * from './service-graph-aggregator';
export * from './build-service-graph';
