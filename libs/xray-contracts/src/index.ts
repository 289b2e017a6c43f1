// Wire formats of X-Ray, written once for every side that reads or writes them: the tracing
// library, the local daemon, the viewer (browser) and the CLI. Node-free on purpose.
export * from './segment-document';
export * from './segment-datagram';
export * from './ids';
export * from './trace-header';
export * from './traceparent';
export * from './document-json';
export * from './outcome';
export * from './wildcard';
export * from './xray-api';
export * from './segment-senders';
export * from './missing-downstream';
export * from './reject-reason';
