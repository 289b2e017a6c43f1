export * from '@cruddur/xray-contracts';
export * from './reject-reason';
export * from '@cruddur/xray-contracts';
export * from './validate-segment-document';
export * from './parse-segment-json';
export * from './parse-datagram';
export * from './reject-counters';
