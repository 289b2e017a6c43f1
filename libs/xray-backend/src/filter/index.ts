export { compileFilter } from './compile-filter';
export type { TraceFilter } from './compile-filter';
export { FilterSyntaxError } from './filter-syntax-error';
export type { EdgeView, HttpView, OutcomeView, ServiceRef, ServiceView, TraceView } from './trace-view';
