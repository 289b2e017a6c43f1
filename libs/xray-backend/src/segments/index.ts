export * from './segment-document';
export * from './reject-reason';
export * from './ids';
export * from './validate-segment-document';
export * from './parse-segment-json';
export * from './parse-datagram';
export * from './reject-counters';
