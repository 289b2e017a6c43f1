export * from './config/env-reader';
export * from './validation/error-codes-of';
export * from './validation/validation-pipes';
export * from './rpc/rpc-failure';
export * from './rpc/service-client';
export * from './bootstrap/listen-error';
export * from './bootstrap/run-service';
export * from './bootstrap/start-microservice';
