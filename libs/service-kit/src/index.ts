export * from './validation/error-codes-of';
export * from './validation/validation-pipes';
export * from './validation/json-depth';
export * from './rpc/rpc-failure';
export * from './rpc/service-client';
export * from './bootstrap/run-service';
export * from './bootstrap/start-microservice';
export * from './validation/body-parser-errors';
