export * from './patterns';
export * from './services';
export * from './activity';
export * from './notification';
export * from './ttl';
export * from './error-codes';
export * from './rpc-error';
export * from './activity.dto';
