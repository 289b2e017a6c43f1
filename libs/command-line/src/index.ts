export * from './parse-flags';
