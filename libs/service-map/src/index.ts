// The service graph as people read it: statistics per node and edge, and as table, Mermaid or DOT.
export * from './map-statistics';
export * from './service-map';
export * from './number-format';
export * from './map-labels';
export * from './format-table';
export * from './format-mermaid';
export * from './format-dot';
