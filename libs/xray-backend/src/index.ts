// Public API of the local X-Ray backend: see the folders under src/.
export * from './api-errors';
export * from './segments';
export * from './store';
export * from './filter';
export * from './graph';
export * from './traces';
export * from './persistence';
export * from './sampling';
export * from './groups';
export * from './pipeline';
export * from './api';
export * from './otlp';
